/**
 * MPS responses can echo credentials (`S3SecretId`/`S3SecretKey` of an S3 input or output,
 * `TaskNotifyConfig.NotifyKey`, DRM keys). They must never reach a snapshot, a page or a log.
 * Matching on key names (not on a fixed list) keeps fields MPS adds later out too.
 */
const SECRET_KEY =
  /secret|password|passwd|token|credential|signature|private|(^|[a-z_])key$|^sign$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Returns a deep copy of `value` without secret-like keys. Leaves non-objects untouched. */
export function stripSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripSecrets) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!isSecretKey(key)) out[key] = stripSecrets(inner);
  }
  return out as T;
}
