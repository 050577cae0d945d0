import type { IncomingMessage, ServerResponse } from 'node:http';

/** A web-standard request handler, as used by Hono, Next.js route handlers and workers. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Adapts a web-standard handler to `node:http` (and Connect/Express/Vite middleware). With `next`,
 * a 404 from the handler falls through to the next middleware instead of being sent.
 */
export function toNodeListener(handler: FetchHandler, opts: { fallthrough?: boolean } = {}) {
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    next?: (err?: unknown) => void,
  ): Promise<void> => {
    try {
      const host = req.headers.host ?? 'localhost';
      const url = new URL(req.url ?? '/', `http://${host}`);
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
        else if (value != null) headers.set(key, value);
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const chunks: Buffer[] = [];
      if (hasBody) for await (const chunk of req) chunks.push(chunk as Buffer);
      const ac = new AbortController();
      res.on('close', () => ac.abort());
      const response = await handler(
        new Request(url, {
          method: req.method,
          headers,
          body: hasBody ? Buffer.concat(chunks) : undefined,
          signal: ac.signal,
        }),
      );
      if (
        opts.fallthrough &&
        next &&
        response.status === 404 &&
        response.headers.get('x-fallthrough') === '1'
      ) {
        next();
        return;
      }
      res.statusCode = response.status;
      response.headers.forEach((value, key) => res.setHeader(key, value));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      if (next) next(error);
      else {
        res.statusCode = 500;
        res.end();
      }
    }
  };
}

/** The response a mounted handler gives for paths it does not own, so middleware can pass them on. */
export function notMine(): Response {
  return new Response('Not found', { status: 404, headers: { 'x-fallthrough': '1' } });
}
