import { classifyMpsError } from '../core/error-codes.js';
import { stripSecrets } from '../core/secrets.js';
import { ShortCache } from './cache.js';
import { corsHeaders } from './cors.js';
import { TokenBucket } from './rate-limit.js';
import { UpstreamError, type TaskSource } from './source.js';
import { readBodyText } from './read-body.js';

export interface TaskStatusHandlerOptions {
  /** Where task details come from: `tencentCloudSource(...)`, `simulatorSource(...)`, or your own. */
  source: TaskSource;
  /** Who may see which task. Return false (or throw) to answer 403. Required unless `allowAnyTask`. */
  authorize?: (request: Request, taskId: string) => boolean | Promise<boolean>;
  /** Serve any task to anyone. Must be set explicitly: task details can name buckets and paths. */
  allowAnyTask?: boolean;
  /** Shapes the forwarded `Response` object further (after secrets are removed). */
  transform?: (
    response: Record<string, unknown>,
    ctx: { request: Request; taskId: string },
  ) => Record<string, unknown>;
  /** Requests for one TaskId within this window share one upstream call (default 1000 ms). */
  cacheMs?: number;
  /** How long a FINISH answer is reused (default 60 000 ms): it no longer changes. */
  finishedCacheMs?: number;
  /** Upstream calls per second this handler may make (default 20, burst 40); beyond it viewers get 429. */
  upstreamRate?: { perSecond: number; burst?: number };
  /** Allowed browser origin(s) for cross-origin pages; `*` for any (no credentials). Default: none (same origin). */
  corsOrigin?: string | string[];
  /** Server-side log of upstream problems (credential errors are only ever told here). Default: console.error. */
  log?: (message: string, detail: Record<string, unknown>) => void;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** TaskIds look like `2353030000-WorkflowTask-80108cc3…`: checked before any upstream call. */
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** One upstream answer as it is cached and served: the secret-free body and its ETag. */
interface Answer {
  body: string;
  etag: string;
  finished: boolean;
}

/** The options with their defaults, and the per-handler state (bucket, cache). */
interface HandlerContext {
  options: TaskStatusHandlerOptions;
  now: () => number;
  cacheMs: number;
  finishedCacheMs: number;
  bucket: TokenBucket;
  cache: ShortCache<Answer>;
  log: NonNullable<TaskStatusHandlerOptions['log']>;
  /** A shared (public) cache may only hold answers when every viewer may see every task. */
  shareable: boolean;
}

/**
 * A web-standard handler for the widget's status requests (`GET ?TaskId=`, `GET …/{taskId}`,
 * `POST {"TaskId"}`), in front of MPS: authorization, TaskId checks, secrets removed, shared
 * upstream calls, ETag/304, Cache-Control, a token bucket, and MPS-style error envelopes.
 */
export function createTaskStatusHandler(
  options: TaskStatusHandlerOptions,
): (request: Request) => Promise<Response> {
  if (!options.authorize && options.allowAnyTask !== true) {
    throw new Error(
      'createTaskStatusHandler: pass authorize(request, taskId), or allowAnyTask: true to serve every task to everyone.',
    );
  }
  const now = options.now ?? Date.now;
  const perSecond = options.upstreamRate?.perSecond ?? 20;
  const ctx: HandlerContext = {
    options,
    now,
    cacheMs: options.cacheMs ?? 1000,
    finishedCacheMs: options.finishedCacheMs ?? 60_000,
    bucket: new TokenBucket(perSecond, options.upstreamRate?.burst ?? perSecond * 2, now()),
    cache: new ShortCache<Answer>(),
    log:
      options.log ?? ((message, detail) => console.error(`[mps-task-status] ${message}`, detail)),
    shareable: !options.authorize,
  };
  return (request) => handle(ctx, request);
}

async function handle(ctx: HandlerContext, request: Request): Promise<Response> {
  const { options } = ctx;
  const cors = corsHeaders(request.headers.get('Origin'), options.corsOrigin);
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
  if (request.method !== 'GET' && request.method !== 'POST') {
    return errorResponse(cors, 405, 'UnsupportedOperation', 'Use GET or POST.', {
      Allow: 'GET, POST, OPTIONS',
    });
  }
  let taskId: string | null;
  try {
    taskId = await readTaskId(request);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return errorResponse(
      cors,
      413,
      'InvalidParameter',
      `The request body is over ${MAX_BODY} bytes.`,
    );
  }
  if (taskId == null || !TASK_ID.test(taskId)) {
    return errorResponse(
      cors,
      400,
      'InvalidParameterValue.TaskId',
      'TaskId is missing or malformed.',
    );
  }
  if (!(await isAuthorized(options, request, taskId))) {
    return errorResponse(cors, 403, 'UnauthorizedOperation', 'You may not see this task.');
  }
  if (!ctx.cache.isFresh(taskId, ctx.now())) {
    const token = ctx.bucket.take(ctx.now());
    if (!token.ok) {
      return errorResponse(
        cors,
        429,
        'RequestLimitExceeded',
        'Too many status requests; retry shortly.',
        {
          'Retry-After': String(Math.ceil(token.retryAfterMs / 1000)),
        },
      );
    }
  }
  let answer: Answer;
  try {
    answer = await ctx.cache.get(
      taskId,
      ctx.now,
      () => load(options.source, taskId),
      ({ value, error }) => freshFor(ctx, value, error),
    );
  } catch (e) {
    return upstreamFailure(ctx, cors, e, taskId);
  }
  return answerResponse(ctx, request, cors, taskId, answer);
}

/** `authorize` answering false or throwing both mean no. */
async function isAuthorized(
  options: TaskStatusHandlerOptions,
  request: Request,
  taskId: string,
): Promise<boolean> {
  if (!options.authorize) return true;
  try {
    return Boolean(await options.authorize(request, taskId));
  } catch {
    return false;
  }
}

async function load(source: TaskSource, taskId: string): Promise<Answer> {
  // Sources that honour the signal give up with MPS's own 10 s; the SDK has its own timeout.
  const inner = await source(taskId, { signal: AbortSignal.timeout(10_000) });
  const clean = stripSecrets(inner);
  const { RequestId: _drop, ...content } = clean;
  const body = JSON.stringify(content);
  return { body, etag: `"${hash(body)}"`, finished: clean.Status === 'FINISH' };
}

/** How long an upstream outcome is reused: FINISH long, running briefly, not-found briefly, errors not at all. */
function freshFor(ctx: HandlerContext, value: Answer | undefined, error: unknown): number {
  if (value) return value.finished ? ctx.finishedCacheMs : ctx.cacheMs;
  const notFound = error instanceof UpstreamError && classifyMpsError(error.code) === 'not-found';
  return notFound ? ctx.cacheMs : 0;
}

/** 200 with the task (a fresh RequestId, `transform` applied, secrets stripped again), or 304. */
function answerResponse(
  ctx: HandlerContext,
  request: Request,
  cors: Record<string, string>,
  taskId: string,
  answer: Answer,
): Response {
  const { options } = ctx;
  const maxAge = Math.floor((answer.finished ? ctx.finishedCacheMs : ctx.cacheMs) / 1000);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    ETag: answer.etag,
    'Cache-Control': ctx.shareable
      ? `public, max-age=${maxAge}, stale-while-revalidate=${maxAge}`
      : 'private, no-cache',
    ...cors,
  };
  if (!ctx.shareable)
    headers.Vary = [headers.Vary, 'Authorization, Cookie'].filter(Boolean).join(', ');
  const ifNoneMatch = request.headers.get('If-None-Match');
  if (ifNoneMatch === answer.etag && !options.transform) {
    return new Response(null, { status: 304, headers });
  }
  let inner = { ...JSON.parse(answer.body), RequestId: crypto.randomUUID() } as Record<
    string,
    unknown
  >;
  if (!options.transform)
    return new Response(JSON.stringify({ Response: inner }), { status: 200, headers });
  inner = stripSecrets(options.transform(inner, { request, taskId }));
  const body = JSON.stringify({ Response: inner });
  headers.ETag = `"${hash(body)}"`;
  if (ifNoneMatch === headers.ETag) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers });
}

/** MPS-style error envelope: `{"Response": {"Error": {Code, Message}, RequestId}}`, never cached. */
function errorResponse(
  cors: Record<string, string>,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): Response {
  const body = {
    Response: { Error: { Code: code, Message: message }, RequestId: crypto.randomUUID() },
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...cors,
      ...extra,
    },
  });
}

/** Maps an upstream failure to what a viewer may know; credentials and accounts go to the log only. */
function upstreamFailure(
  ctx: HandlerContext,
  cors: Record<string, string>,
  e: unknown,
  taskId: string,
): Response {
  const code = e instanceof UpstreamError ? e.code : 'InternalError';
  const message = e instanceof Error ? e.message : String(e);
  const group = e instanceof UpstreamError ? classifyMpsError(code) : 'unavailable';
  switch (group) {
    case 'not-found':
      return errorResponse(cors, 404, code, 'The task does not exist or has expired.');
    case 'rate-limited':
      return errorResponse(cors, 429, code, 'MPS is rate limiting; retry shortly.', {
        'Retry-After': '1',
      });
    case 'unavailable':
      ctx.log('MPS unavailable', { taskId, code, message });
      return errorResponse(
        cors,
        503,
        code === 'Timeout' ? 'ServiceUnavailable' : code,
        'The status service is temporarily unavailable.',
        { 'Retry-After': '2' },
      );
    case 'unauthorized':
    case 'account':
      // Never tell viewers about keys or accounts: the detail goes to the server log only.
      ctx.log('MPS rejected the backend credentials or account', {
        taskId,
        code,
        message,
        requestId: (e as UpstreamError).requestId,
      });
      return errorResponse(cors, 502, 'InternalError', 'The status service is not available.');
    default:
      ctx.log('MPS error', { taskId, code, message });
      return errorResponse(cors, 502, code, 'MPS could not describe this task.');
  }
}

/** Reads the TaskId from `?TaskId=`, a JSON body `{"TaskId"}`, or the last path segment. */
async function readTaskId(request: Request): Promise<string | null> {
  const url = new URL(request.url);
  const fromQuery = url.searchParams.get('TaskId');
  if (fromQuery != null) return fromQuery;
  if (request.method === 'POST') {
    const text = await readSmallBody(request);
    try {
      const body = JSON.parse(text) as { TaskId?: unknown };
      return typeof body?.TaskId === 'string' ? body.TaskId : null;
    } catch {
      return null;
    }
  }
  // `…/{taskId}`: every MPS task id has dashes (`<account>-<TaskType>-<hex>`), so `/api/task`
  // itself is not mistaken for a task called "task".
  let last: string;
  try {
    last = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
  } catch {
    return null; // a malformed %-escape: no task id
  }
  return last.includes('-') ? last : null;
}

/** A body of `{"TaskId": "..."}` is tiny: more than this is refused (413) as it arrives. */
const MAX_BODY = 4096;

class BodyTooLarge extends Error {}

/** The body as text, refused (413) as soon as it is known to exceed `MAX_BODY`. */
async function readSmallBody(request: Request): Promise<string> {
  const text = await readBodyText(request, MAX_BODY);
  if (text == null) throw new BodyTooLarge();
  return text;
}

/** FNV-1a, 32-bit, hex: a cheap, stable ETag for a body. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0') + text.length.toString(16);
}
