import type { StreamMember, WatcherEnvironment } from './environment.js';
import { loadTaskReader } from './load-reader.js';
import { clockOffset, statusError, withEnvelope } from './request.js';
import { SseParser, type SseMessage } from './sse.js';

/** Tasks one stream asks for (the server's default cap); more watchers than that poll. */
export const MAX_TASKS = 500;
/** Joins within these windows share one (re)connect. */
const FIRST_JOIN_MS = 30;
const REJOIN_MS = 250;
/** How long a stream outlives its last watcher (a row re-rendered keeps it). */
const LINGER_MS = 1000;
/** Heartbeat assumed until the server's `hello` says otherwise. */
const DEFAULT_HEARTBEAT_MS = 15_000;
/** How long past two heartbeats a silent connection is given (`WatcherEnvironment` may say). */
const WATCHDOG_GRACE_MS = 5000;
/**
 * How long after its headers a stream's `hello` may take. Past it a proxy is buffering the stream
 * (compressing it, or nginx without `X-Accel-Buffering`): the tasks are polled and the stream is
 * tried again only slowly, as a refused one is.
 */
const HELLO_MS = 1500;

/** A later turn of the event loop, unclamped (nested `setTimeout`s wait 4 ms each). */
function nextTurn(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * One `text/event-stream` connection per endpoint (and credentials) for the whole page, carrying
 * every task its watchers follow: browsers allow 6 connections per origin over HTTP/1.1, so one
 * stream per task would stall a table of rows. A watcher joining reconnects it with the new set
 * (debounced); the request's `Known` map (each task's ETag) means nothing is sent twice. That map
 * rather than `Last-Event-ID`: one id cannot say what the page has of each task, and a task
 * showing an error must be sent again. One leaving is ignored until the next reconnect. Failure,
 * refusal or silence past the heartbeat hands every task back to polling and retries with
 * backoff; a hidden or offline page closes it.
 */
export class SharedEventStream {
  private readonly members = new Map<string, StreamMember>();
  /** Tasks the connection was asked for (carried once its `hello` came). */
  private carried = new Set<string>();
  private state: 'idle' | 'connecting' | 'open' | 'down' | 'paused' = 'idle';
  private controller: AbortController | null = null;
  /** The current connection's parser: a new one per connection, so a frame cut mid-way by a
   * dropped connection cannot spoil the first frame of the next. */
  private parser = new SseParser();
  /** The reconnection delay the server asked for (`retry:`), kept across connections. */
  private retryMs: number | null = null;
  private timer: unknown = null;
  private watchdog: unknown = null;
  private lingerTimer: unknown = null;
  private failures = 0;
  private heartbeatMs = DEFAULT_HEARTBEAT_MS;
  private readonly unwatchEnv: () => void;

  constructor(
    private readonly url: string,
    private readonly init: RequestInit | undefined,
    private readonly env: WatcherEnvironment,
    private readonly onEmpty: () => void,
  ) {
    this.unwatchEnv = env.onChange(() => this.onEnvironmentChange());
  }

  /** Tasks following this stream. */
  get size(): number {
    return this.members.size;
  }

  /** Adds a task; returns the leave. */
  join(taskId: string, member: StreamMember): () => void {
    this.members.set(taskId, member);
    if (this.lingerTimer != null) this.env.clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    if (this.state === 'open' && this.carried.has(taskId)) member.opened();
    else if (this.state === 'down')
      member.lost('failed'); // polled until the retry takes it in
    else if (this.state === 'paused') member.lost('paused');
    else if (this.timer == null)
      // The first connection waits for the rows mounting in the same moment; later joins are
      // gathered a little longer, so a table filling up reconnects a few times, not per row.
      this.reconnectSoon(this.state === 'idle' ? FIRST_JOIN_MS : REJOIN_MS);
    return () => {
      if (this.members.get(taskId) !== member) return;
      this.members.delete(taskId);
      if (this.members.size === 0 && this.lingerTimer == null)
        this.lingerTimer = this.env.setTimeout(() => this.closeIfEmpty(), LINGER_MS);
    };
  }

  private closeIfEmpty(): void {
    this.lingerTimer = null;
    if (this.members.size > 0) return;
    this.disconnect();
    this.unwatchEnv();
    this.onEmpty();
  }

  private reconnectSoon(ms: number): void {
    if (this.timer != null) this.env.clearTimeout(this.timer);
    this.timer = this.env.setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, ms);
  }

  private disconnect(): void {
    this.controller?.abort();
    this.controller = null;
    for (const t of [this.timer, this.watchdog]) if (t != null) this.env.clearTimeout(t);
    this.timer = this.watchdog = null;
  }

  private paused(): boolean {
    return this.env.isHidden() || !this.env.isOnline();
  }

  private onEnvironmentChange(): void {
    if (this.members.size === 0) return;
    if (this.paused()) {
      if (this.state === 'paused') return;
      this.disconnect();
      this.state = 'paused';
      for (const m of [...this.members.values()]) m.lost('paused');
    } else if (this.state === 'paused') {
      void this.connect();
    }
  }

  private async connect(): Promise<void> {
    this.disconnect();
    if (this.members.size === 0) return;
    if (this.paused()) {
      this.state = 'paused';
      return;
    }
    const ids = [...this.members.keys()].slice(0, MAX_TASKS);
    const known: Record<string, string> = {};
    for (const id of ids) {
      const etag = this.members.get(id)!.etag();
      if (etag) known[id] = etag;
    }
    const controller = (this.controller = new AbortController());
    this.state = 'connecting';
    const headers = new Headers(this.init?.headers);
    headers.set('Accept', 'text/event-stream');
    headers.set('Content-Type', 'application/json');
    const sentAt = this.env.now();
    let res: Response;
    try {
      res = await this.env.fetch(this.url, {
        ...this.init,
        method: 'POST',
        headers,
        body: JSON.stringify({ TaskIds: ids, Known: known }),
        signal: controller.signal,
      });
    } catch {
      if (controller === this.controller) this.fail(false);
      return;
    }
    if (controller !== this.controller) return void res.body?.cancel().catch(() => {});
    if (
      !res.ok ||
      !res.body ||
      !/^text\/event-stream/.test(res.headers.get('Content-Type') ?? '')
    ) {
      void res.body?.cancel().catch(() => {});
      // A backend that has no stream (404, 405, a JSON answer) is asked again only slowly; one
      // that is overloaded or briefly down (5xx, 429, 408) like any failed connection.
      const transient = res.status >= 500 || res.status === 429 || res.status === 408;
      return this.fail(!transient);
    }
    // Open at its `hello`, not at its headers: a buffering proxy sends headers and then nothing.
    this.carried = new Set(ids);
    await this.read(res.body, controller, clockOffset(res, sentAt, this.env.now()));
  }

  private async read(
    body: ReadableStream<Uint8Array>,
    controller: AbortController,
    offset: number,
  ) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    this.parser = new SseParser();
    this.armWatchdog(controller);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (controller !== this.controller) return void reader.cancel().catch(() => {});
        if (done) break;
        for (const message of this.parser.push(decoder.decode(value, { stream: true }))) {
          // One task's answer per turn of the event loop: a burst of hundreds (a table's rows
          // when the stream opens) is read, checked and rendered in as many short tasks, with
          // the page free to render and take input between them, not in one long task. The
          // response reader comes first (it loads beside the stream's request): answers waiting
          // for it would otherwise all land in the one turn it arrives in.
          if (message.event === 'task' || message.event === 'task-error') {
            await loadTaskReader();
            await (this.env.nextTurn ?? nextTurn)();
            if (controller !== this.controller) return void reader.cancel().catch(() => {});
          }
          this.route(message, offset);
        }
        this.armWatchdog(controller); // after a `hello` may have set the heartbeat
      }
    } catch {
      if (controller === this.controller) this.fail(false);
      return;
    }
    // The server closed it: every task it carried is done. Anyone still here rejoins.
    this.controller = null;
    this.state = 'idle';
    if (this.watchdog != null) this.env.clearTimeout(this.watchdog);
    this.retryMs = this.parser.retryMs ?? this.retryMs;
    if (this.members.size > 0) this.reconnectSoon(this.retryMs ?? 2000);
  }

  /**
   * Silence past two heartbeats (and a grace) means a dead connection that never said so; no
   * `hello` within `HELLO_MS` of the headers, a buffering proxy (refused: retried slowly).
   */
  private armWatchdog(controller: AbortController): void {
    if (this.watchdog != null) this.env.clearTimeout(this.watchdog);
    const open = this.state === 'open';
    this.watchdog = this.env.setTimeout(
      () => {
        if (controller === this.controller) this.fail(!open);
      },
      open ? this.heartbeatMs * 2 + (this.env.watchdogGraceMs ?? WATCHDOG_GRACE_MS) : HELLO_MS,
    );
  }

  /** Hands one message to the follower of its task (or reads the `hello`). */
  private route(message: SseMessage, serverOffsetMs: number): void {
    let data: { TaskId?: unknown; Status?: unknown; heartbeatMs?: unknown };
    try {
      data = JSON.parse(message.data) as typeof data;
    } catch {
      return; // not ours to read: skipped, like an unknown event
    }
    if (message.event === 'hello') {
      if (typeof data?.heartbeatMs === 'number' && data.heartbeatMs > 0)
        this.heartbeatMs = data.heartbeatMs;
      this.state = 'open';
      this.failures = 0;
      for (const id of this.carried) this.members.get(id)?.opened();
      return;
    }
    const member = typeof data?.TaskId === 'string' ? this.members.get(data.TaskId) : undefined;
    if (!member) return;
    if (message.event === 'task') {
      member.received({
        body: data,
        text: message.data,
        etag: message.lastEventId || null,
        serverOffsetMs,
      });
    } else if (message.event === 'task-error') {
      const status = typeof data.Status === 'number' ? data.Status : 502;
      member.failed(withEnvelope(statusError(status), data));
    }
  }

  /** Hands every task back to polling and tries again later: refusals slowly, failures with backoff. */
  private fail(refused: boolean): void {
    this.disconnect();
    this.state = 'down';
    this.failures++;
    for (const m of [...this.members.values()]) m.lost(refused ? 'refused' : 'failed');
    const base = refused ? 30_000 : 1000;
    const delay = Math.min(base * 2 ** (this.failures - 1), refused ? 300_000 : 30_000);
    this.reconnectSoon(delay * (0.5 + this.env.random()));
  }
}
