import { Answers, type Answer } from './answers.js';
import { corsHeaders } from './cors.js';
import { createEventStreams, wantsEventStream } from './event-stream.js';
import { systemClock, type ServerClock } from './clock.js';
import type {
  HandlerContext,
  TaskStatusHandler,
  TaskStatusHandlerOptions,
} from './handler-options.js';
import { BodyTooLarge, MAX_BODY, readTaskId, refusal } from './request-checks.js';
import {
  AnswerUnusable,
  errorResponse,
  noneMatchHas,
  presentAnswer,
  upstreamFailure,
} from './responses.js';
import { TaskFeeds } from './task-feed.js';

export type {
  EventStreamOptions,
  HandlerContext,
  TaskStatusHandler,
  TaskStatusHandlerOptions,
} from './handler-options.js';
export { pathTaskId, refusal, TASK_ID } from './request-checks.js';

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
  const clock: ServerClock = options.clock ?? {
    ...systemClock,
    now: options.now ?? systemClock.now,
  };
  const now = () => clock.now();
  const perSecond = options.upstreamRate?.perSecond ?? 20;
  const cacheMs = options.cacheMs ?? 1000;
  const finishedCacheMs = options.finishedCacheMs ?? 60_000;
  const answers = new Answers({
    source: options.source,
    now,
    clock,
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
    clock,
    cacheMs,
    finishedCacheMs,
    answers,
    log:
      options.log ?? ((message, detail) => console.error(`[mps-task-status] ${message}`, detail)),
    shareable: !options.authorize,
  };
  // A followed task is asked for by its own pace (one call for all its viewers): without
  // notifications between 2 and 15 s; with them (while they can arrive) only as a safety net,
  // between 30 s and 2 min.
  const pollMs = options.events?.pollMs;
  const alone = { minMs: pollMs ?? 2000, maxMs: Math.max(pollMs ?? 0, 15_000) };
  const notified = { minMs: pollMs ?? 30_000, maxMs: Math.max(pollMs ?? 0, 120_000) };
  const broadcaster = options.broadcaster;
  const feeds = new TaskFeeds({
    answers,
    clock,
    broadcaster,
    limits: () => (broadcaster && broadcaster.healthy?.() !== false ? notified : alone),
    random: Math.random,
    wakeGapMs: cacheMs,
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
  if (noneMatchHas(ifNoneMatch, answer.etag) && !ctx.options.transform) {
    return new Response(null, { status: 304, headers: { ...headers, ETag: answer.etag } });
  }
  let presented: { body: string; etag: string };
  try {
    presented = presentAnswer(answer, request, taskId, ctx.options.transform);
  } catch (error) {
    // A `transform` that throws is the deployment's bug: a clear 503 and a log line, not a 500.
    return errorResponse(cors, upstreamFailure(new AnswerUnusable(error), taskId, ctx.log));
  }
  const { body, etag } = presented;
  headers.ETag = etag;
  if (noneMatchHas(ifNoneMatch, etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers });
}
