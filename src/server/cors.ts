import { CORS_SHARED_HEADERS, OPEN_CORS_HEADERS } from '../shared/http.js';

export { OPEN_CORS_HEADERS } from '../shared/http.js';

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
  return { 'Access-Control-Allow-Origin': origin, ...CORS_SHARED_HEADERS, Vary: 'Origin' };
}
