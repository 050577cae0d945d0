/** What a cross-origin page needs: the methods, the headers it sends, and the ones it reads (skew, ETag, backoff). */
const SHARED = {
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, If-None-Match, Authorization, Last-Event-ID',
  'Access-Control-Expose-Headers': 'Date, ETag, Retry-After',
};

/** Any origin may read (the simulator, a public handler with `corsOrigin: '*'`). */
export const OPEN_CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  ...SHARED,
};

/**
 * CORS headers for a request from `origin` when `allowed` (an origin, a list, or `*`) admits it;
 * none otherwise, so the browser keeps the answer from that page.
 */
export function corsHeaders(
  origin: string | null,
  allowed: string | readonly string[] | undefined,
): Record<string, string> {
  if (!origin || !allowed) return {};
  const list = typeof allowed === 'string' ? [allowed] : allowed;
  if (list.includes('*')) return OPEN_CORS_HEADERS;
  if (!list.includes(origin)) return {};
  return { 'Access-Control-Allow-Origin': origin, ...SHARED, Vary: 'Origin' };
}
