/**
 * Web-standard HTTP pieces shared by the status server and the simulated MPS (a fake MPS must not
 * depend on our backend, nor our backend on it): the handler type, the answer for paths a
 * handler does not own, and open CORS headers.
 */

/** A web-standard handler: `Request` in, `Response` out (workers, Deno, Bun, Hono, Next.js). */
export type FetchHandler = (request: Request) => Promise<Response>;

/** The response a mounted handler gives for paths it does not own, so middleware can pass them on. */
export function notMine(): Response {
  return new Response('Not found', { status: 404, headers: { 'x-fallthrough': '1' } });
}

/** What a cross-origin page needs: the methods, the headers it sends, and the ones it reads (skew, ETag, backoff). */
export const CORS_SHARED_HEADERS = {
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, If-None-Match, Authorization, Last-Event-ID',
  'Access-Control-Expose-Headers': 'Date, ETag, Retry-After',
};

/** Any origin may read (the simulator, a public handler with `corsOrigin: '*'`). */
export const OPEN_CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  ...CORS_SHARED_HEADERS,
};

const peers = new WeakMap<Request, string>();

/**
 * The client's network address, as an adapter that saw the socket recorded it (`toNodeListener`).
 * Out of band — never a header — so a client cannot claim another one's identity, whether the
 * handler is mounted behind our adapter or directly (Next.js, Hono: there it is null).
 */
export const peerOf = (request: Request): string | null => peers.get(request) ?? null;

/** Records `request`'s peer address (adapters only). */
export const recordPeer = (request: Request, address: string): void => {
  peers.set(request, address);
};
