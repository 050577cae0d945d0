import { Answers, type Answer } from './answers.js';
import type { Broadcaster } from './broadcaster.js';
import { corsHeaders } from './cors.js';
import { createEventStreams, wantsEventStream, type EventStreamOptions } from './event-stream.js';
import { readBodyText } from './read-body.js';
import {
  errorResponse,
  presentAnswer,
  upstreamFailure,
  type Failure,
  type Log,
  type Transform,
} from './responses.js';
import type { TaskSource } from './source.js';
import { TaskFeeds } from './task-feed.js';

export interface TaskStatusHandlerOptions {
  /** Where task details come from: `tencentCloudSource(...)`, `simulatorSource(...)`, or your own. */
  source: TaskSource;
  /** Who may see which task. Return false (or throw) to answer 403. Required unless `allowAnyTask`. */
  authorize?: (request: Request, taskId: string) => boolean | Promise<boolean>;
  /** Serve any task to anyone. Must be set explicitly: task details can name buckets and paths. */
  allowAnyTask?: boolean;
  /** Shapes the forwarded `Response` object further (after secrets are removed). */
  transform?: Transform;
  /** Requests for one TaskId within this window share one upstream call (default 1000 ms). */
  cacheMs?: number;
  /** How long a FINISH answer is reused (default 60 000 ms): it no longer changes. */
  finishedCacheMs?: number;
  /** Upstream calls per second this handler may make (default 20, burst 40); beyond it viewers get 429. */
  upstreamRate?: { perSecond: number; burst?: number };
  /** Allowed browser origin(s) for cross-origin pages; `*` for any (no credentials). Default: none (same origin). */
  corsOrigin?: string | string[];
  /** Server-side log of upstream problems (credential errors are only ever told here). Default: console.error. */
  log?: Log;
  /**
   * Where task events arrive from (the broadcaster your `createNotificationHandler` publishes
   * to): each event refreshes its task for every open event stream at once. With a shared
   * engine (`redisBroadcaster`), server instances also share upstream answers and the call budget.
   */
  broadcaster?: Broadcaster;
  /** Server-sent events (`Accept: text/event-stream`): caps, heartbeat, poll interval. */
  events?: EventStreamOptions;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** The status handler, with counters for tests and operations. */
export type TaskStatusHandler = ((request: Request) => Promise<Response>) & {
  /** Upstream (DescribeTaskDetail) calls this handler made. */
  readonly upstreamCalls: number;
  /** Event streams open right now. */
  readonly openStreams: number;
};

/** TaskIds look like `2353030000-WorkflowTask-80108cc3…`: checked before any upstream call. */
export const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The options with their defaults, and the per-handler state. */
export interface HandlerContext {
  options: TaskStatusHandlerOptions;
  now: () => number;
  cacheMs: number;
  finishedCacheMs: number;
  answers: Answers;
  log: Log;
  /** A shared (public) cache may only hold answers when every viewer may see every task. */
  shareable: boolean;
}

/**
 * A web-standard handler for the widget's status requests (`GET ?TaskId=`, `GET …/{taskId}`,
 * `POST {"TaskId"}`), in front of MPS: authorization, TaskId checks, secrets removed, shared
 * upstream calls, ETag/304, Cache-Control, a token bucket, and MPS-style error envelopes. With
 * `Accept: text/event-stream` it answers with server-sent events for one or many tasks
 * (`event-stream.ts`).
 */
export function createTaskStatusHandler(options: TaskStatusHandlerOptions): TaskStatusHandler {
  if (!options.authorize && options.allowAnyTask !== true) {
    throw new Error(
      'createTaskStatusHandler: pass authorize(request, taskId), or allowAnyTask: true to serve every task to everyone.',
    );
  }
  const now = options.now ?? Date.now;
  const perSecond = options.upstreamRate?.perSecond ?? 20;
  const cacheMs = options.cacheMs ?? 1000;
  const finishedCacheMs = options.finishedCacheMs ?? 60_000;
  const answers = new Answers({
    source: options.source,
    now,
    cacheMs,
    finishedCacheMs,
    perSecond,
    burst: options.upstreamRate?.burst ?? perSecond * 2,
    shared: options.broadcaster?.answers,
    broadcaster: options.broadcaster,
  });
  const ctx: HandlerContext = {
    options,
    now,
    cacheMs,
    finishedCacheMs,
    answers,
    log:
      options.log ?? ((message, detail) => console.error(`[mps-task-status] ${message}`, detail)),
    shareable: !options.authorize,
  };
  // Without notifications a followed task is asked for every 2 s (one call for all its viewers);
  // with them, every 30 s, in case one is lost.
  const feeds = new TaskFeeds({
    answers,
    broadcaster: options.broadcaster,
    pollMs: options.events?.pollMs ?? (options.broadcaster ? 30_000 : 2000),
  });
  const streams = createEventStreams(ctx, feeds, options.events ?? {});
  const handler = (request: Request) =>
    wantsEventStream(request) ? streams.respond(request) : handle(ctx, request);
  // Getters, not values: Object.assign would copy today's counts once.
  return Object.defineProperties(handler, {
    upstreamCalls: { get: () => answers.upstreamCalls },
    openStreams: { get: () => streams.open },
  }) as TaskStatusHandler;
}

async function handle(ctx: HandlerContext, request: Request): Promise<Response> {
  const { options } = ctx;
  const cors = corsHeaders(request.headers.get('Origin'), options.corsOrigin);
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
  if (request.method !== 'GET' && request.method !== 'POST') {
    return errorResponse(cors, {
      status: 405,
      code: 'UnsupportedOperation',
      message: 'Use GET or POST.',
      headers: { Allow: 'GET, POST, OPTIONS' },
    });
  }
  let taskId: string | null;
  try {
    taskId = await readTaskId(request);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return errorResponse(cors, {
      status: 413,
      code: 'InvalidParameter',
      message: `The request body is over ${MAX_BODY} bytes.`,
    });
  }
  const refused = await refusal(ctx, request, taskId);
  if (refused) return errorResponse(cors, refused);
  let answer: Answer;
  try {
    answer = await ctx.answers.get(taskId!);
  } catch (e) {
    return errorResponse(cors, upstreamFailure(e, taskId!, ctx.log));
  }
  return answerResponse(ctx, request, cors, taskId!, answer);
}

/** Why `taskId` may not be served to this request (400 malformed, 403 not authorized), or null. */
export async function refusal(
  ctx: HandlerContext,
  request: Request,
  taskId: string | null,
): Promise<Failure | null> {
  if (taskId == null || !TASK_ID.test(taskId)) {
    return {
      status: 400,
      code: 'InvalidParameterValue.TaskId',
      message: 'TaskId is missing or malformed.',
    };
  }
  if (!(await isAuthorized(ctx.options, request, taskId))) {
    return { status: 403, code: 'UnauthorizedOperation', message: 'You may not see this task.' };
  }
  return null;
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

/** 200 with the task (see `presentAnswer`), or 304 when the viewer has it already. */
function answerResponse(
  ctx: HandlerContext,
  request: Request,
  cors: Record<string, string>,
  taskId: string,
  answer: Answer,
): Response {
  const maxAge = Math.floor((answer.finished ? ctx.finishedCacheMs : ctx.cacheMs) / 1000);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': ctx.shareable
      ? `public, max-age=${maxAge}, stale-while-revalidate=${maxAge}`
      : 'private, no-cache',
    ...cors,
  };
  if (!ctx.shareable) headers.Vary = 'Authorization, Cookie';
  const ifNoneMatch = request.headers.get('If-None-Match');
  if (ifNoneMatch === answer.etag && !ctx.options.transform) {
    return new Response(null, { status: 304, headers: { ...headers, ETag: answer.etag } });
  }
  const { body, etag } = presentAnswer(answer, request, taskId, ctx.options.transform);
  headers.ETag = etag;
  if (ifNoneMatch === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers });
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
  return pathTaskId(url);
}

/**
 * `…/{taskId}`: every MPS task id has dashes (`<account>-<TaskType>-<hex>`), so `/api/task`
 * itself is not mistaken for a task called "task".
 */
export function pathTaskId(url: URL): string | null {
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
