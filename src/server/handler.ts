import { stripSecrets } from '../core/secrets.js';
import { ShortCache } from './cache.js';
import { TokenBucket } from './rate-limit.js';
import { UpstreamError, type TaskSource } from './upstream-error.js';

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

const NOT_FOUND = /^(ResourceNotFound|FailedOperation\.TaskNotFound|InvalidParameterValue\.TaskId)/;
const RATE = /^RequestLimitExceeded/;
const UNAVAILABLE = /^(InternalError|ServiceUnavailable|Timeout)/;
const CREDENTIALS =
  /^(AuthFailure|UnauthorizedOperation|FailedOperation\.(InvalidMpsUser|UserArrears))/;

interface Answer {
  body: string;
  etag: string;
  finished: boolean;
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
  const cacheMs = options.cacheMs ?? 1000;
  const finishedCacheMs = options.finishedCacheMs ?? 60_000;
  const bucket = new TokenBucket(
    options.upstreamRate?.perSecond ?? 20,
    options.upstreamRate?.burst ?? (options.upstreamRate?.perSecond ?? 20) * 2,
    now(),
  );
  const cache = new ShortCache<Answer>();
  const log =
    options.log ?? ((message, detail) => console.error(`[mps-task-status] ${message}`, detail));
  // A shared cache may only hold answers when every viewer may see every task.
  const shareable = !options.authorize;

  const cors = (request: Request): Record<string, string> => {
    const origin = request.headers.get('Origin');
    const allowed = options.corsOrigin;
    if (!origin || !allowed) return {};
    const list = Array.isArray(allowed) ? allowed : [allowed];
    if (!list.includes('*') && !list.includes(origin)) return {};
    return {
      'Access-Control-Allow-Origin': list.includes('*') ? '*' : origin,
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type, If-None-Match, Authorization',
      'Access-Control-Expose-Headers': 'Date, ETag, Retry-After',
      Vary: 'Origin',
    };
  };

  const error = (
    request: Request,
    status: number,
    code: string,
    message: string,
    extra: Record<string, string> = {},
  ) =>
    new Response(
      JSON.stringify({
        Response: { Error: { Code: code, Message: message }, RequestId: crypto.randomUUID() },
      }),
      {
        status,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Cache-Control': 'no-store',
          ...cors(request),
          ...extra,
        },
      },
    );

  const load = async (taskId: string): Promise<Answer> => {
    // Sources that honour the signal give up with MPS's own 10 s; the SDK has its own timeout.
    const inner = await options.source(taskId, { signal: AbortSignal.timeout(10_000) });
    const clean = stripSecrets(inner);
    const { RequestId: _drop, ...content } = clean;
    const body = JSON.stringify(content);
    return { body, etag: `"${hash(body)}"`, finished: clean.Status === 'FINISH' };
  };

  return async (request) => {
    if (request.method === 'OPTIONS')
      return new Response(null, { status: 204, headers: cors(request) });
    if (request.method !== 'GET' && request.method !== 'POST') {
      return error(request, 405, 'UnsupportedOperation', 'Use GET or POST.', {
        Allow: 'GET, POST, OPTIONS',
      });
    }
    const taskId = await readTaskId(request);
    if (taskId == null || !TASK_ID.test(taskId)) {
      return error(request, 400, 'InvalidParameterValue.TaskId', 'TaskId is missing or malformed.');
    }
    try {
      if (options.authorize && !(await options.authorize(request, taskId))) {
        return error(request, 403, 'UnauthorizedOperation', 'You may not see this task.');
      }
    } catch {
      return error(request, 403, 'UnauthorizedOperation', 'You may not see this task.');
    }

    if (!cache.isFresh(taskId, now())) {
      const token = bucket.take(now());
      if (!token.ok) {
        return error(
          request,
          429,
          'RequestLimitExceeded',
          'Too many status requests; retry shortly.',
          { 'Retry-After': String(Math.ceil(token.retryAfterMs / 1000)) },
        );
      }
    }

    let answer: Answer;
    try {
      answer = await cache.get(
        taskId,
        now,
        () => load(taskId),
        ({ value, error: e }) =>
          value
            ? value.finished
              ? finishedCacheMs
              : cacheMs
            : e instanceof UpstreamError && NOT_FOUND.test(e.code)
              ? cacheMs
              : 0,
      );
    } catch (e) {
      return upstreamFailure(request, e, taskId);
    }

    const maxAge = Math.floor((answer.finished ? finishedCacheMs : cacheMs) / 1000);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=utf-8',
      ETag: answer.etag,
      'Cache-Control': shareable
        ? `public, max-age=${maxAge}, stale-while-revalidate=${maxAge}`
        : 'private, no-cache',
      ...cors(request),
    };
    if (!shareable)
      headers.Vary = [headers.Vary, 'Authorization, Cookie'].filter(Boolean).join(', ');
    if (request.headers.get('If-None-Match') === answer.etag && !options.transform) {
      return new Response(null, { status: 304, headers });
    }
    let inner = { ...JSON.parse(answer.body), RequestId: crypto.randomUUID() } as Record<
      string,
      unknown
    >;
    if (options.transform) {
      inner = stripSecrets(options.transform(inner, { request, taskId }));
      const body = JSON.stringify({ Response: inner });
      headers.ETag = `"${hash(body)}"`;
      if (request.headers.get('If-None-Match') === headers.ETag)
        return new Response(null, { status: 304, headers });
      return new Response(body, { status: 200, headers });
    }
    return new Response(JSON.stringify({ Response: inner }), { status: 200, headers });
  };

  function upstreamFailure(request: Request, e: unknown, taskId: string): Response {
    const code = e instanceof UpstreamError ? e.code : 'InternalError';
    const message = e instanceof Error ? e.message : String(e);
    if (NOT_FOUND.test(code))
      return error(request, 404, code, 'The task does not exist or has expired.');
    if (RATE.test(code))
      return error(request, 429, code, 'MPS is rate limiting; retry shortly.', {
        'Retry-After': '1',
      });
    if (UNAVAILABLE.test(code) || !(e instanceof UpstreamError)) {
      log('MPS unavailable', { taskId, code, message });
      return error(
        request,
        503,
        code === 'Timeout' ? 'ServiceUnavailable' : code,
        'The status service is temporarily unavailable.',
        { 'Retry-After': '2' },
      );
    }
    if (CREDENTIALS.test(code)) {
      // Never tell viewers about keys or accounts: the detail goes to the server log only.
      log('MPS rejected the backend credentials or account', {
        taskId,
        code,
        message,
        requestId: (e as UpstreamError).requestId,
      });
      return error(request, 502, 'InternalError', 'The status service is not available.');
    }
    log('MPS error', { taskId, code, message });
    return error(request, 502, code, 'MPS could not describe this task.');
  }
}

/** Reads the TaskId from `?TaskId=`, a JSON body `{"TaskId"}`, or the last path segment. */
async function readTaskId(request: Request): Promise<string | null> {
  const url = new URL(request.url);
  const fromQuery = url.searchParams.get('TaskId');
  if (fromQuery != null) return fromQuery;
  if (request.method === 'POST') {
    const text = await request.text().catch(() => '');
    if (text.length > 4096) return null;
    try {
      const body = JSON.parse(text) as { TaskId?: unknown };
      return typeof body?.TaskId === 'string' ? body.TaskId : null;
    } catch {
      return null;
    }
  }
  // `…/{taskId}`: every MPS task id has dashes (`<account>-<TaskType>-<hex>`), so `/api/task`
  // itself is not mistaken for a task called "task".
  const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
  return last.includes('-') ? last : null;
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
