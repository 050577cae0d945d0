/**
 * MPS responses can echo credentials (`S3SecretId`/`S3SecretKey` of an S3 input or output,
 * `TaskNotifyConfig.NotifyKey`, DRM keys) and presigned URLs. They must never reach a snapshot, a
 * page or a log. Matching on key names (not on a fixed list) keeps fields MPS adds later out too.
 */
const SECRET_KEY =
  /secret|password|passwd|passphrase|token|credential|signature|private|accesskey|keyid$|(^|[a-z_])key$|^sign$|^authorization$|^(set-)?cookie$/i;

/**
 * Query parameters that carry a signature or credentials in a presigned URL: Tencent COS
 * (`q-ak`, `q-signature`, `q-key-time`, ...), AWS SigV4 (`X-Amz-*`), and the common generic names.
 */
const SECRET_PARAM =
  /^(q-[a-z-]+|x-amz-[a-z-]+|x-cos-security-token|signature|sign|token|access_?token|accesskeyid|awsaccesskeyid|credential|policy|key-pair-id)$/i;

/** MPS bodies nest about ten levels; anything below this depth is dropped, not walked. */
export const MAX_DEPTH = 64;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A URL with its signing and credential query parameters removed; other strings unchanged. */
export function redactUrl(value: string): string {
  const query = value.indexOf('?');
  if (query < 0 || !/^[a-z][a-z0-9+.-]*:\/\/|^\//i.test(value)) return value;
  const hash = value.indexOf('#', query);
  const end = hash < 0 ? value.length : hash;
  const params = value
    .slice(query + 1, end)
    .split('&')
    .filter((pair) => !SECRET_PARAM.test(decodeName(pair.split('=')[0])));
  return value.slice(0, query) + (params.length ? `?${params.join('&')}` : '') + value.slice(end);
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * A deep copy of `value` without secret-like keys, with presigned URLs redacted, without
 * `__proto__` keys (which would set the copy's prototype) and without anything nested deeper than
 * `MAX_DEPTH` (which would overflow the stack of every recursive reader after it).
 */
export function stripSecrets<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactUrl(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return null as T;
  if (Array.isArray(value)) {
    // A plain loop, not `map`: `map` consults the input's own `constructor` (species), which a
    // hostile object can set.
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i++) items.push(stripSecrets(value[i], depth + 1));
    return items as T;
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '__proto__' || isSecretKey(key)) continue;
    out[key] = stripSecrets(inner, depth + 1);
  }
  return out as T;
}
