import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

/** A web-standard request handler, as used by Hono, Next.js route handlers and workers. */
export type { FetchHandler } from '../shared/http.js';
import { recordPeer } from '../shared/http.js';
import type { FetchHandler } from '../shared/http.js';
import { MAX_STREAM_BODY } from './limits.js';

const gzipAsync = promisify(gzip);

export interface NodeListenerOptions {
  /** Pass the handler's "not mine" 404s on to the next middleware. */
  fallthrough?: boolean;
  /**
   * Largest request body read (default 160 kB: a stream request for 500 tasks with their ETags
   * is ~67 kB at real lengths, ~150 kB at the longest ids); a larger one is refused with 413 as
   * it streams.
   */
  maxBodyBytes?: number;
  /**
   * Gzip JSON answers of 1 kB or more for clients that accept it (default true): a task's body is
   * 5–50 kB of JSON, a sixth of that gzipped, on every poll of every viewer. A proxy in front
   * that compresses passes them on as they are; set false to leave it to the proxy. Event
   * streams are never compressed here (each event must go out as it comes).
   */
  compress?: boolean;
}

/** A request from `node:http`, or from `node:http2`'s compatibility API (`allowHTTP1` too). */
type NodeRequest = IncomingMessage | Http2ServerRequest;
type NodeResponse = ServerResponse | Http2ServerResponse;

/** Why a request never reached the handler: answered with a small JSON error, never a 500. */
class RefusedRequest extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Adapts a web-standard handler to `node:http`, `node:http2` (`createSecureServer({allowHTTP1:
 * true}, listener)`: event streams then share one connection with every other request of the
 * page) and Connect/Express/Vite middleware. With `next`,
 * a 404 from the handler falls through to the next middleware instead of being sent. A request
 * the URL parser or the body limit refuses is answered 400/413 before the handler runs.
 */
export function toNodeListener(handler: FetchHandler, opts: NodeListenerOptions = {}) {
  const maxBodyBytes = opts.maxBodyBytes ?? MAX_STREAM_BODY;
  return async (
    req: NodeRequest,
    res: NodeResponse,
    next?: (err?: unknown) => void,
  ): Promise<void> => {
    let request: Request;
    const ac = new AbortController();
    res.on('close', () => ac.abort());
    try {
      request = await toRequest(req, maxBodyBytes, ac.signal);
    } catch (caught) {
      // Whatever the URL parser, the header copy or `new Request` rejected is the client's
      // malformed request (credentials in the Host, bad characters...): a 400, never a crash.
      const error =
        caught instanceof RefusedRequest ? caught : new RefusedRequest(400, 'Malformed request.');
      if (res.headersSent || res.destroyed) return;
      // `Connection` is HTTP/1's: HTTP/2 refuses it (and closes no connection for one request).
      const close = req.httpVersionMajor < 2 ? { Connection: 'close' } : {};
      res.writeHead(error.status, { 'Content-Type': 'application/json', ...close });
      const body = { Response: { Error: { Code: 'InvalidParameter', Message: error.message } } };
      res.end(JSON.stringify(body));
      if (error.status === 413) req.destroy(); // stop reading what is left of the body
      return;
    }
    try {
      const response = await handler(request);
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
      if (opts.compress !== false && isJson(response)) {
        // Caches keep the plain and the gzipped answer apart (a 304 says it too).
        const vary = response.headers.get('Vary');
        res.setHeader('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
        if (response.body && !response.headers.has('Content-Encoding'))
          return await sendJson(response, req, res);
      }
      await pipeBody(response, res);
    } catch (error) {
      if (next) next(error);
      else {
        res.statusCode = 500;
        res.end();
      }
    }
  };
}

/**
 * Sends the body as it is produced: an event stream's frames go out one by one (headers first),
 * and a client that leaves cancels the stream, which releases what it held.
 */
async function pipeBody(response: Response, res: NodeResponse): Promise<void> {
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on('close', () => void reader.cancel().catch(() => {}));
  // HTTP/2's response has `flushHeaders` too (untyped).
  if (response.headers.get('Content-Type')?.startsWith('text/event-stream'))
    (res as ServerResponse).flushHeaders();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      // Backpressure: a client that does not read makes the socket's buffer full; wait for it to
      // drain before taking more from the stream, so what is unsent stays in the stream's queue
      // (bounded there: `ViewerStream` closes a client whose queue passes 1 MB), not in memory.
      if (!(res as ServerResponse).write(value)) await drained(res);
    }
  } catch {
    // The stream was cancelled (the client left) or failed: nothing more to send.
  }
  if (!res.destroyed) res.end();
}

/** An answer or an error envelope (never an event stream). */
const isJson = (response: Response) =>
  /^application\/json\b/.test(response.headers.get('Content-Type') ?? '');

/** Answers this short go as they are: gzip's header and the work would outweigh the gain. */
const COMPRESS_FROM_BYTES = 1024;

/** Whether `Accept-Encoding` takes gzip (`gzip` or `*`, not with `q=0`). */
function acceptsGzip(header: string | string[] | undefined): boolean {
  return String(header ?? '')
    .split(',')
    .some((part) => {
      const [coding, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q) > 0);
    });
}

/**
 * A JSON body, gzipped when the client takes it and it is long enough. Its ETag is then weak, as
 * nginx makes it: the bytes differ from the plain answer's (`If-None-Match` compares weakly).
 */
async function sendJson(response: Response, req: NodeRequest, res: NodeResponse): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length < COMPRESS_FROM_BYTES || !acceptsGzip(req.headers['accept-encoding'])) {
    res.end(body);
    return;
  }
  const zipped = await gzipAsync(body);
  const etag = response.headers.get('ETag');
  if (etag && !etag.startsWith('W/')) res.setHeader('ETag', `W/${etag}`);
  res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Length', zipped.length);
  if (!res.destroyed) res.end(zipped);
}

/** Resolves when `res` can take more, or is gone. */
function drained(res: NodeResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** A web `Request` for a Node request: URL checked, headers copied, body read up to the limit. */
async function toRequest(
  req: NodeRequest,
  maxBodyBytes: number,
  signal: AbortSignal,
): Promise<Request> {
  let url: URL;
  const host = req.headers.host ?? req.headers[':authority'] ?? 'localhost';
  try {
    url = new URL(req.url ?? '/', `http://${String(host)}`);
  } catch {
    throw new RefusedRequest(400, 'Malformed request URL or Host header.');
  }
  const headers = new Headers();
  try {
    for (const [key, value] of Object.entries(req.headers)) {
      // HTTP/2's pseudo-headers (`:method`, `:path`…) are the request line, not headers: copied,
      // they made every HTTP/2 request a 400.
      if (key.startsWith(':')) continue;
      if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
      else if (value != null) headers.set(key, value);
    }
  } catch {
    throw new RefusedRequest(400, 'Malformed request header.');
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? new Uint8Array(await readBody(req, maxBodyBytes)) : undefined,
    signal,
  });
  recordPeer(request, req.socket?.remoteAddress ?? 'unknown');
  return request;
}

/** The body, refused with 413 as soon as it is known to be too large (declared or streamed). */
async function readBody(req: NodeRequest, maxBodyBytes: number): Promise<Buffer> {
  const tooLarge = () => new RefusedRequest(413, `Request body over ${maxBodyBytes} bytes.`);
  if (Number(req.headers['content-length']) > maxBodyBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export { notMine } from '../shared/http.js';
