import type { OutputView } from '../core/view.js';

/** Turns an output into a link, or null. A page-supplied function wins over the template. */
export type OutputUrlResolver = (output: OutputView) => string | null | undefined;

/**
 * Expands an `output-url` template: `{bucket}`, `{region}`, `{storage}` (COS, AWS-S3, VOD) and
 * `{path}` (each segment URL-encoded, leading slash kept). Null when the output lacks a value the
 * template needs.
 */
export function expandOutputUrl(
  template: string,
  output: Pick<OutputView, 'storage' | 'path'>,
): string | null {
  if (!output.path) return null;
  const values: Record<string, string | null | undefined> = {
    bucket: output.storage?.bucket,
    region: output.storage?.region,
    storage: output.storage?.type,
    path: output.path.split('/').map(encodeURIComponent).join('/'),
  };
  let missing = false;
  const url = template.replace(/\{(bucket|region|storage|path)\}/g, (_, key: string) => {
    const v = values[key];
    if (v == null || v === '') missing = true;
    return key === 'path' ? (v ?? '') : encodeURIComponent(v ?? '');
  });
  return missing ? null : url;
}

/**
 * Only http(s) URLs become links: a `javascript:` or `data:` URL from a hostile template, resolver
 * or response is shown as text, never made clickable.
 */
export function safeHttpUrl(candidate: string | null | undefined, base?: string): string | null {
  if (!candidate) return null;
  try {
    const url = new URL(candidate, base ?? globalThis.location?.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
