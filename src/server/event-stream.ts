import { corsHeaders } from './cors.js';

export type { EventStreamOptions } from './handler-options.js';
import type { EventStreamOptions, HandlerContext } from './handler-options.js';
import { pathTaskId, refusal } from './request-checks.js';
import { peerOf } from '../shared/http.js';
import { MAX_STREAM_BODY } from './limits.js';
import { readBodyText } from './read-body.js';
import {
  AnswerUnusable,
  errorEnvelope,
  errorResponse,
  opaqueTag,
  presentAnswer,
  upstreamFailure,
  type Failure,
  type Transform,
} from './responses.js';
import type { Answer } from './upstream-answer.js';
import type { FeedUpdate, TaskFeeds } from './task-feed.js';

/** Server-sent events from the status handler (`Accept: text/event-stream`). */
/** A stream request: GET or POST asking for `text/event-stream`. */
export function wantsEventStream(request: Request): boolean {
  return (
    (request.method === 'GET' || request.method === 'POST') &&
    (request.headers.get('Accept') ?? '').includes('text/event-stream')
  );
}

interface StreamRequest {
  taskIds: string[];
  /**
   * ETag per task the client already has: not sent again. When given (even empty), it is the
   * whole truth and `Last-Event-ID` is not used: a task missing from it is sent.
   */
  known: Map<string, string> | null;
}

/**
 * Which tasks a stream follows: GET `?TaskId=a&TaskId=b` (or `…/{taskId}`), or POST
 * `{"TaskIds": [...], "Known": {"<taskId>": "<etag>"}}`. Without `Known`, `Last-Event-ID` counts
 * as known for every task (an EventSource resuming). A string (what is wrong), or null when too
 * large.
 */
async function readStreamRequest(request: Request): Promise<StreamRequest | string | null> {
  const url = new URL(request.url);
  let known: Map<string, string> | null = null;
  let taskIds = url.searchParams.getAll('TaskId');
  if (request.method === 'POST') {
    const text = await readBodyText(request, MAX_STREAM_BODY);
    if (text == null) return null;
    let body: { TaskIds?: unknown; TaskId?: unknown; Known?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return 'The request body is not valid JSON.';
    }
    if (!body || typeof body !== 'object') return 'The request body is not a JSON object.';
    const ids = Array.isArray(body.TaskIds) ? body.TaskIds : [body.TaskId];
    taskIds = taskIds.concat(ids.filter((id): id is string => typeof id === 'string'));
    if (body.Known && typeof body.Known === 'object') {
      known = new Map();
      for (const [id, etag] of Object.entries(body.Known))
        if (typeof etag === 'string') known.set(id, opaqueTag(etag));
    }
  }
  if (taskIds.length === 0) {
    const fromPath = pathTaskId(url);
    if (fromPath) taskIds = [fromPath];
  }
  return { taskIds: [...new Set(taskIds)], known };
}

/**
 * One frame of the `text/event-stream` format. `data` may span lines (each becomes a `data:`
 * line, as the format wants); `event` and `id` may not: a line break there would start a forged
 * field or frame, so such a frame is refused.
 */
export function frame(event: string, data: string, id?: string): string {
  if (/[\r\n]/.test(event) || (id && /[\r\n]/.test(id)))
    throw new Error('An SSE event name or id cannot hold a line break.');
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`);
  return `event: ${event}\n${id ? `id: ${id}\n` : ''}${lines.join('')}\n`;
}

/** `{"TaskId": …, "Response": …}`: the GET envelope with the task it is about. */
const withTaskId = (taskId: string, envelope: string) =>
  `{"TaskId":${JSON.stringify(taskId)},${envelope.slice(1)}`;

/** What a stream's client is told of a task it cannot have: `Status` + MPS error envelope. */
function errorFrame(taskId: string, failure: Failure): string {
  const envelope = JSON.stringify(errorEnvelope(failure.code, failure.message));
  return frame(
    'task-error',
    withTaskId(taskId, `{"Status":${failure.status},${envelope.slice(1)}`),
  );
}

/** Unsent bytes one client may have queued before it is closed (it stopped reading). */
const MAX_UNSENT_BYTES = 1024 * 1024;

/** What a client closed for not reading is told on its next stream, after the `hello`. */
const UNREAD_NOTICE = frame(
  'notice',
  JSON.stringify({
    code: 'ClosedUnread',
    message: 'The previous stream was closed: over 1 MB of it went unread.',
  }),
);

/** Clients closed for not reading, remembered until their next stream (at most this many). */
const MAX_REMEMBERED = 10_000;

/** A task's `task` frame, encoded, with the ETag it carries. */
interface Framed {
  etag: string;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();
/** Each answer framed once for all its viewers (without a `transform`, every viewer gets the same). */
const framedOnce = new WeakMap<Answer, Framed>();

/**
 * The `task` frame for an answer. Without a `transform` it is built once per change and the same
 * bytes go to every viewer (2,000 viewers of a 50 kB task re-serialized it 2,000 times); with
 * one, per viewer, since a transform may depend on the request.
 */
function framedFor(
  answer: Answer,
  request: Request,
  taskId: string,
  transform?: Transform,
): Framed {
  const cached = transform ? undefined : framedOnce.get(answer);
  if (cached) return cached;
  const { body, etag } = presentAnswer(answer, request, taskId, transform);
  const framed = { etag, bytes: encoder.encode(frame('task', withTaskId(taskId, body), etag)) };
  if (!transform) framedOnce.set(answer, framed);
  return framed;
}

/** One open stream to one client: the tasks it follows, what it was sent, its heartbeat. */
class ViewerStream {
  readonly body: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly encoder = new TextEncoder();
  /** Per task: the ETag (or error key) last sent, so nothing is sent twice. */
  private readonly sent: Map<string, string>;
  private readonly unwatch = new Map<string, () => void>();
  private heartbeat: unknown = null;
  private closed = false;
  /** `Last-Event-ID` (an EventSource reconnecting): a task whose ETag it is was seen already. */
  private readonly resumeFrom: string | null;

  constructor(
    private readonly ctx: HandlerContext,
    private readonly request: Request,
    known: Map<string, string> | null,
    private readonly onRelease: () => void,
    /** Called when the client is closed for reading too little (its next stream is told). */
    private readonly onUnread: () => void,
  ) {
    this.sent = new Map(known ?? []);
    this.resumeFrom = known ? null : request.headers.get('Last-Event-ID');
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (c) => void (this.controller = c),
        cancel: () => this.release(),
      },
      // What the client has not read yet is counted in bytes (see `write`).
      new ByteLengthQueuingStrategy({ highWaterMark: MAX_UNSENT_BYTES }),
    );
  }

  /** Writes the preamble and refusals, follows the rest; closes at once if nothing is left. */
  start(
    feeds: TaskFeeds,
    taskIds: string[],
    refusals: (Failure | null)[],
    opts: { heartbeatMs: number; retryMs: number; closedUnread: boolean },
  ): void {
    this.write(`retry: ${opts.retryMs}\n`);
    this.write(
      frame('hello', JSON.stringify({ heartbeatMs: opts.heartbeatMs, tasks: taskIds.length })),
    );
    if (opts.closedUnread) this.write(UNREAD_NOTICE);
    taskIds.forEach((taskId, i) => {
      const refused = refusals[i];
      if (refused) return this.write(errorFrame(taskId, refused));
      this.unwatch.set(
        taskId,
        feeds.watch(taskId, (update) => this.deliver(taskId, update)),
      );
    });
    if (this.unwatch.size === 0) return this.end();
    this.beat(opts.heartbeatMs);
    // A client may have left while its tasks were authorized: an abort listener added now would
    // never fire, and its slot, heartbeat and feeds would run forever.
    if (this.request.signal.aborted) return this.release();
    this.request.signal.addEventListener('abort', () => this.release(), { once: true });
  }

  /** A comment every `ms` (on the handler's clock) keeps proxies from closing an idle stream. */
  private beat(ms: number): void {
    this.heartbeat = this.ctx.clock.setTimeout(() => {
      if (this.closed) return;
      this.write(': heartbeat\n\n');
      this.beat(ms);
    }, ms);
  }

  /**
   * Queues bytes for the client. One that does not read (its socket full, the adapter waiting
   * for it to drain) would make the queue grow without bound: past `MAX_UNSENT_BYTES` its stream
   * is failed, which drops the queue at once and frees its slot and feeds. Its EventSource or our
   * widget reconnects and resumes with what it has (`Known`, `Last-Event-ID`): nothing is lost.
   */
  private write(text: string | Uint8Array): void {
    if (this.closed) return;
    this.controller.enqueue(typeof text === 'string' ? this.encoder.encode(text) : text);
    if ((this.controller.desiredSize ?? 0) >= 0) return;
    this.onUnread();
    this.release();
    this.controller.error(new Error('The client read nothing of over 1 MB: closed.'));
  }

  /**
   * Runs in a feed's callback, outside any request's promise: nothing thrown here may reach the
   * process (a `transform` that throws, an answer that cannot be read): it becomes this task's
   * `task-error` frame and a log line.
   */
  private deliver(taskId: string, update: FeedUpdate): void {
    if (this.closed || !this.unwatch.has(taskId)) return;
    if ('error' in update) return this.deliverError(taskId, update.error);
    let framed: Framed;
    try {
      framed = framedFor(update.answer, this.request, taskId, this.ctx.options.transform);
    } catch (error) {
      return this.deliverError(taskId, new AnswerUnusable(error));
    }
    const first = !this.sent.has(taskId);
    if (this.sent.get(taskId) !== framed.etag && !(first && framed.etag === this.resumeFrom))
      this.write(framed.bytes);
    this.sent.set(taskId, framed.etag);
    if (update.answer.finished) this.leave(taskId);
  }

  /**
   * Tells each distinct failure once; a task that does not exist leaves the stream. A rate-limit
   * refusal after a good answer is not told at all.
   */
  private deliverError(taskId: string, error: unknown): void {
    const failure = upstreamFailure(error, taskId, this.ctx.log);
    // A rate limit is a delay, not news: a client that has a good answer keeps it (and its ETag).
    if (failure.status === 429 && this.sent.get(taskId)?.startsWith('"')) return;
    const key = `!${failure.status} ${failure.code}`;
    if (this.sent.get(taskId) !== key) this.write(errorFrame(taskId, failure));
    this.sent.set(taskId, key);
    if (failure.status === 404) this.leave(taskId);
  }

  private leave(taskId: string): void {
    this.unwatch.get(taskId)?.();
    this.unwatch.delete(taskId);
    if (this.unwatch.size === 0) this.end();
  }

  private end(): void {
    if (this.closed) return;
    this.release();
    this.controller.close();
  }

  private release(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat != null) this.ctx.clock.clearTimeout(this.heartbeat);
    this.heartbeat = null;
    for (const stop of this.unwatch.values()) stop();
    this.unwatch.clear();
    this.onRelease();
  }
}

/**
 * Open streams, in total and per client, against their caps; and the clients whose last stream
 * was closed unread (told so once, when they come back).
 */
class StreamCaps {
  open = 0;
  private readonly perClient = new Map<string, number>();
  private readonly unread = new Set<string>();

  closedUnread(client: string | null): void {
    if (client == null) return;
    if (this.unread.size >= MAX_REMEMBERED) this.unread.clear(); // a hint, not a ledger
    this.unread.add(client);
  }

  /** Whether this client's last stream was closed unread (forgotten once asked). */
  wasClosedUnread(client: string | null): boolean {
    return client != null && this.unread.delete(client);
  }

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerClient: number,
  ) {}

  /** Why another stream may not open (503 server full, 429 client has enough), or null. */
  refusal(client: string | null): Failure | null {
    const headers = { 'Retry-After': '30' };
    if (this.open >= this.maxTotal) {
      const message = 'Too many status streams are open on this server; poll instead.';
      return { status: 503, code: 'ResourceUnavailable', message, headers };
    }
    if (client != null && (this.perClient.get(client) ?? 0) >= this.maxPerClient) {
      const message = 'Too many status streams are open from this client; poll instead.';
      return { status: 429, code: 'RequestLimitExceeded', message, headers };
    }
    return null;
  }

  count(client: string | null, delta: 1 | -1): void {
    this.open += delta;
    if (client == null) return;
    const n = (this.perClient.get(client) ?? 0) + delta;
    if (n > 0) this.perClient.set(client, n);
    else this.perClient.delete(client);
  }
}

/**
 * The handler's event streams. Each one: `retry:` and a `hello` (heartbeat interval, task count);
 * an `event: notice` (`{"code": "ClosedUnread", "message"}`) when this client's last stream was
 * closed for leaving over 1 MB unread;
 * then per task its current answer at once (`event: task`, `id:` its ETag, the GET body with its
 * `TaskId`), another on each change, or `event: task-error` (`Status` + MPS error envelope);
 * heartbeats as comments. A task leaves the stream once FINISH (or not found, refused) was sent;
 * the stream closes when no task is left, and everything is released when the client goes.
 */
export function createEventStreams(
  ctx: HandlerContext,
  feeds: TaskFeeds,
  opts: EventStreamOptions,
) {
  const caps = new StreamCaps(opts.maxTotal ?? 2000, opts.maxPerClient ?? 6);
  const clientKey = opts.clientKey ?? peerOf;
  let warned = false;

  async function respond(request: Request): Promise<Response> {
    const cors = corsHeaders(request.headers.get('Origin'), ctx.options.corsOrigin);
    const read = await readStreamRequest(request);
    const maxTasks = opts.maxTasks ?? 500;
    const invalid = (message: string, status = 400) =>
      errorResponse(cors, { status, code: 'InvalidParameter', message });
    if (read == null) return invalid(`The request body is over ${MAX_STREAM_BODY} bytes.`, 413);
    if (typeof read === 'string') return invalid(read);
    if (read.taskIds.length === 0) return invalid('Name at least one TaskId to follow.');
    if (read.taskIds.length > maxTasks) return invalid(`At most ${maxTasks} tasks per stream.`);
    const client = clientKey(request);
    if (client == null && !warned) {
      warned = true; // once: a log line per stream would drown the log
      ctx.log('Event streams run without a client identity: maxPerClient cannot apply', {
        hint: 'mount with toNodeListener, or pass events.clientKey (a session id, or a header only your proxy sets)',
      });
    }
    const full = caps.refusal(client);
    if (full) return errorResponse(cors, full);
    caps.count(client, 1);
    const refusals = await Promise.all(read.taskIds.map((id) => refusal(ctx, request, id)));
    const stream = new ViewerStream(
      ctx,
      request,
      read.known,
      () => caps.count(client, -1),
      () => caps.closedUnread(client),
    );
    stream.start(feeds, read.taskIds, refusals, {
      heartbeatMs: opts.heartbeatMs ?? 15_000,
      retryMs: opts.retryMs ?? 2000,
      closedUnread: caps.wasClosedUnread(client),
    });
    return new Response(stream.body, {
      status: 200,
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        // no-transform: a compressing proxy (Express `compression()`) must not buffer the stream.
        'Cache-Control': 'no-cache, no-transform',
        'X-Accel-Buffering': 'no', // nginx: pass each event on as it comes
        ...cors,
      },
    });
  }

  return {
    respond,
    get open() {
      return caps.open;
    },
  };
}
