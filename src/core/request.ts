import { originOf } from './request-slots.js';
import { TaskStatusError } from './errors.js';

export type RequestMethod = 'GET' | 'POST';

/** Replaces the whole transport: auth refresh, GraphQL, an SDK. Resolves to a response body. */
export type TaskFetcher = (taskId: string, init: { signal: AbortSignal }) => Promise<unknown>;

export interface RequestOptions {
  endpoint: string;
  method?: RequestMethod;
  /** Merged into every request (headers, credentials, mode). */
  requestInit?: RequestInit;
  /** Per-request timeout in ms (default 15 000). */
  timeoutMs?: number;
  /** Base for a relative `endpoint`; defaults to the page's URL in a browser. */
  baseUrl?: string;
}

/** What one successful exchange yields. `body === undefined` means 304 Not Modified. */
export interface FetchResult {
  body: unknown;
  /** The body as received, when the transport has it: compared to skip re-reading an unchanged body. */
  text?: string;
  /** Server time minus local time at receipt, from the `Date` header (0 when unknown). */
  serverOffsetMs: number;
  etag: string | null;
}

/**
 * Largest body we read. A real DescribeTaskDetail is a few kB (hundreds of snapshot paths: a few
 * hundred kB); anything near this is a misbehaving backend, not a task to render.
 */
export const MAX_BODY_BYTES = 5_000_000;

/** Longest `Retry-After` we obey, so a misconfigured server cannot park a widget for hours. */
export const MAX_RETRY_AFTER_MS = 120_000;

/**
 * The URL for one task: `{taskId}` in the endpoint is replaced by the URL-encoded id; otherwise,
 * for GET, `TaskId=<id>` is added to the query (keeping what is there). POST leaves the URL alone.
 */
export function taskUrl(
  endpoint: string,
  taskId: string,
  method: RequestMethod = 'GET',
  baseUrl?: string,
): string {
  const base =
    baseUrl ??
    (globalThis as { location?: { href: string } }).location?.href ??
    'http://localhost/';
  if (endpoint.includes('{taskId}')) {
    return new URL(endpoint.split('{taskId}').join(encodeURIComponent(taskId)), base).href;
  }
  const url = new URL(endpoint, base);
  if (method === 'GET') url.searchParams.set('TaskId', taskId);
  return url.href;
}

/** `Retry-After` as seconds or an HTTP date → ms from `now`, capped; undefined when absent/invalid. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

function httpError(res: Response, now: number): TaskStatusError {
  const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'), now);
  return statusError(res.status, res.statusText, retryAfterMs);
}

/** What an HTTP status means for a task: not found, unauthorized, or an `http` error, retryable or not. */
export function statusError(
  status: number,
  statusText = '',
  retryAfterMs?: number,
): TaskStatusError {
  const base = {
    status,
    retryAfterMs,
    message: `HTTP ${status}${statusText ? ' ' + statusText : ''}`,
  };
  if (status === 404 || status === 410)
    return new TaskStatusError({ ...base, kind: 'not-found', retryable: false });
  if (status === 401 || status === 403)
    return new TaskStatusError({ ...base, kind: 'unauthorized', retryable: false });
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  return new TaskStatusError({ ...base, kind: 'http', retryable });
}

/**
 * Reads an error body too: a backend that answers 404 with an MPS error envelope should surface
 * MPS's code and message, not just "HTTP 404".
 */
async function envelopeError(res: Response, fallback: TaskStatusError): Promise<TaskStatusError> {
  try {
    return withEnvelope(fallback, JSON.parse(await readText(res, fallback.status)));
  } catch {
    return fallback; // not JSON, or too large: keep the HTTP error
  }
}

/** A JSON object: not null, not an array. @internal */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** What a body holds the task in: the MPS envelope's `Response`, or the bare object. @internal */
export const innerOf = (body: Record<string, unknown>): unknown =>
  'Response' in body ? body.Response : body;

/** `fallback` with the code, message and RequestId of an MPS error envelope, when `body` is one. */
export function withEnvelope(fallback: TaskStatusError, body: unknown): TaskStatusError {
  const response = (body as { Response?: { Error?: unknown; RequestId?: unknown } } | null)
    ?.Response;
  const error = response?.Error as { Code?: unknown; Message?: unknown } | undefined;
  // Only strings: a hostile or broken backend may send anything where a code belongs.
  const code = typeof error?.Code === 'string' && error.Code ? error.Code : null;
  if (!code) return fallback;
  const requestId = response?.RequestId;
  return new TaskStatusError({
    kind: fallback.kind,
    retryable: fallback.retryable,
    status: fallback.status,
    retryAfterMs: fallback.retryAfterMs,
    code,
    message: typeof error?.Message === 'string' && error.Message ? error.Message : code,
    requestId: typeof requestId === 'string' ? requestId : undefined,
  });
}

type FetchOptions = RequestOptions & {
  signal: AbortSignal;
  etag?: string | null;
  fetch?: typeof fetch;
  now?: () => number;
  /** A connection slot, or a promise of one (see `RequestSlots`); none: send at once. */
  requestSlot?: (origin: string, signal: AbortSignal) => (() => void) | Promise<() => void>;
};

/** Sends the request with the per-request timeout; network failures become error kinds. */
async function exchange(taskId: string, url: string, opts: FetchOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  const doFetch = opts.fetch ?? globalThis.fetch;
  // No header of our own on a GET (the browser's `Accept: */*`): a page's
  // `<link rel="preload" as="fetch">` of the same URL is then this very request, reused.
  const headers = new Headers(opts.requestInit?.headers);
  if (opts.etag) headers.set('If-None-Match', opts.etag);
  if (method === 'POST') headers.set('Content-Type', 'application/json');
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), opts.timeoutMs ?? 15_000);
  try {
    return await doFetch(url, {
      ...opts.requestInit,
      method,
      headers,
      body: method === 'POST' ? JSON.stringify({ TaskId: taskId }) : undefined,
      // AbortSignal.any: Baseline since 2024 (Chromium 116, Safari 17.4, Firefox 124, Node 20).
      signal: AbortSignal.any([opts.signal, timeout.signal]),
    });
  } catch (cause) {
    if (opts.signal.aborted) throw cause; // our own cancellation: not an error to show
    const timedOut = timeout.signal.aborted;
    throw new TaskStatusError({
      kind: timedOut ? 'timeout' : 'network',
      retryable: true,
      message: timedOut
        ? 'The status request timed out'
        : `Network error: ${(cause as Error)?.message ?? cause}`,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** The body as text, refused unread when its declared length is too large. */
async function readText(res: Response, status?: number): Promise<string> {
  const tooLarge = () =>
    new TaskStatusError({
      kind: 'invalid',
      retryable: false,
      status,
      message: `The status response is larger than ${MAX_BODY_BYTES / 1e6} MB`,
    });
  if (Number(res.headers.get('Content-Length')) > MAX_BODY_BYTES) {
    void res.body?.cancel();
    throw tooLarge();
  }
  const text = await res.text();
  if (text.length > MAX_BODY_BYTES) throw tooLarge();
  return text;
}

/**
 * How far the server's clock is from ours. `Date` has 1 s resolution: compare against the
 * middle of the exchange and the middle of that second.
 */
export function clockOffset(res: Response, sentAt: number, receivedAt: number): number {
  const date = Date.parse(res.headers.get('Date') ?? '');
  return Number.isFinite(date) ? Math.round(date + 500 - (sentAt + receivedAt) / 2) : 0;
}

/**
 * Performs one HTTP exchange per the request contract (see README "Backend contract"), once a
 * connection slot is free: the slot is held until the body has been read, and the timeout runs
 * from when the request leaves the queue, not from when it joined it.
 */
export async function fetchTask(taskId: string, opts: FetchOptions): Promise<FetchResult> {
  const url = taskUrl(opts.endpoint, taskId, opts.method ?? 'GET', opts.baseUrl);
  const slot = opts.requestSlot?.(originOf(url), opts.signal);
  // A free slot is taken in this task: the request leaves before the caller's script goes on.
  const release = typeof slot === 'function' ? slot : slot && (await slot);
  try {
    return await readExchange(taskId, url, opts);
  } finally {
    release?.();
  }
}

async function readExchange(taskId: string, url: string, opts: FetchOptions): Promise<FetchResult> {
  const now = opts.now ?? Date.now;
  const sentAt = now();
  const res = await exchange(taskId, url, opts);
  const receivedAt = now();
  const serverOffsetMs = clockOffset(res, sentAt, receivedAt);
  const etag = res.headers.get('ETag');
  if (res.status === 304) {
    return { body: undefined, serverOffsetMs, etag: etag ?? opts.etag ?? null };
  }
  if (!res.ok) throw await envelopeError(res, httpError(res, receivedAt));
  const text = await readText(res, res.status);
  try {
    return { body: JSON.parse(text), text, serverOffsetMs, etag };
  } catch {
    // Usually a body cut short in transit (a dropped connection, a proxy timeout): retried with
    // backoff like any transient failure, and given up after the usual number of attempts.
    throw new TaskStatusError({
      kind: 'invalid',
      retryable: true,
      status: res.status,
      message: 'The status response is not valid JSON',
    });
  }
}
