import { defaultEnvironment, type WatcherEnvironment } from './environment.js';
import { EtaEstimator } from './eta.js';
import { TaskStatusError } from './errors.js';
import { loadTaskReader, type TaskReader } from './task-reader.js';
import { nextPollDelay, retryDelay } from './policy.js';
import {
  fetchTask,
  taskUrl,
  type FetchResult,
  type RequestMethod,
  type TaskFetcher,
} from './request.js';
import type { TaskView } from './view.js';

/**
 * - `idle`: nobody subscribed yet; `loading`: first request in flight, no data;
 * - `polling`: data shown, next poll scheduled or in flight; `retrying`: the last request failed and
 *   another is scheduled (`attempt`, `nextRetryAt`); `paused`: hidden or offline (`pauseReason`);
 * - `stopped`: no more requests — the task finished, a terminal error, or retries gave up.
 */
export type ConnectionState = 'idle' | 'loading' | 'polling' | 'retrying' | 'paused' | 'stopped';

export interface TaskSnapshot {
  taskId: string;
  connection: ConnectionState;
  pauseReason: 'hidden' | 'offline' | null;
  /** Consecutive failed requests. */
  attempt: number;
  /** When the next retry is due (local clock), while `retrying`. */
  nextRetryAt: number | null;
  /** Last known task data, kept through errors so a UI can show it as stale. */
  task: TaskView | null;
  /** The last error; null after a successful response. */
  error: TaskStatusError | null;
  /** Predicted finish (local clock) from the progress rate, or null. */
  predictedFinishAt: number | null;
  /** Add to `Date.now()` to get the server's clock (from the `Date` header). */
  serverOffsetMs: number;
}

/** One exchange with whatever delivers task bodies. Server-sent events plug in here later. */
export type TaskTransport = (
  taskId: string,
  ctx: { signal: AbortSignal; etag: string | null },
) => Promise<FetchResult>;

export interface TaskWatcherOptions {
  /** Backend URL, absolute or relative; `{taskId}` placeholder or `?TaskId=` (see README). */
  endpoint: string;
  taskId: string;
  method?: RequestMethod;
  requestInit?: RequestInit;
  /** Replaces HTTP entirely; resolves to a body (envelope or bare object). */
  fetcher?: TaskFetcher;
  /**
   * The lowest seam: one exchange returning `{body, serverOffsetMs, etag}`. Wins over `fetcher`
   * and HTTP. Alternative transports (server-sent events, a shared worker) plug in here.
   */
  transport?: TaskTransport;
  /** Shortest poll interval, ms (default 1000). */
  minInterval?: number;
  /** Longest poll interval, ms (default 15000). */
  maxInterval?: number;
  /** Failed requests in a row before giving up into `stopped` with the error (default 8). */
  maxAttempts?: number;
  /** Per-request timeout, ms (default 15000). */
  timeoutMs?: number;
  /** Keep polling while the page is hidden (default false). */
  pollInBackground?: boolean;
  /** How long a stream outlives its last subscriber, ms (default 250) — a DOM move keeps it. */
  lingerMs?: number;
  environment?: Partial<WatcherEnvironment>;
}

export interface TaskWatcher {
  getSnapshot(): TaskSnapshot;
  /** Starts polling on the first subscriber; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Polls now; restarts a stream that gave up or hit a terminal error. */
  refresh(): void;
  /** Unsubscribes everything this watcher subscribed. */
  dispose(): void;
}

const initial = (taskId: string): TaskSnapshot => ({
  taskId,
  connection: 'idle',
  pauseReason: null,
  attempt: 0,
  nextRetryAt: null,
  task: null,
  error: null,
  predictedFinishAt: null,
  serverOffsetMs: 0,
});

/** Compact fingerprint of what makes a milestone: status, outcome, each subtask's status. */
const milestoneKey = (t: TaskView | null) =>
  t ? `${t.status}|${t.outcome}|${t.subtasks.map((s) => s.status).join(',')}` : '';

/** Attempts at an unreadable (non-JSON) body before giving up. */
const INVALID_ATTEMPTS = 3;

/** WAITING → PROCESSING → FINISH; statuses MPS adds later rank with PROCESSING. */
const statusRank = (status: string) => (status === 'WAITING' ? 0 : status === 'FINISH' ? 2 : 1);

let unreadable = 0;

/**
 * What identifies a body's content, to skip parsing and normalizing it again when only its
 * RequestId changed: the received text when there is one (cheap), else the serialized body.
 * A body that cannot be serialized (nested too deep) gets a key of its own: it is read again.
 */
/** Bodies this long (a task with thousands of outputs) are read in a task after their arrival. */
const LARGE_BODY_CHARS = 500_000;

function bodyKey(result: FetchResult): string {
  if (result.text != null) return result.text.replace(/"RequestId"\s*:\s*"[^"]*"/g, '');
  try {
    return JSON.stringify(result.body, (k, v) => (k === 'RequestId' ? undefined : v));
  } catch {
    return `unreadable ${++unreadable}`;
  }
}

/** One request stream per endpoint + method + task id (+ fetcher), shared by all its subscribers. */
class TaskStream {
  snapshot: TaskSnapshot;
  retired = false;
  private readonly listeners = new Set<() => void>();
  private readonly env: WatcherEnvironment;
  private readonly transport: TaskTransport;
  private readonly eta = new EtaEstimator();
  private controller: AbortController | null = null;
  private timer: unknown = null;
  private lingerTimer: unknown = null;
  private unwatchEnv: (() => void) | null = null;
  private callId = 0;
  private etag: string | null = null;
  private lastBody = '';
  private quietCount = 0;
  private pending = false; // a poll is due but was held back (hidden/offline)
  private lastRequestAt = -Infinity;
  private readonly reader: Promise<TaskReader>;

  constructor(
    private readonly key: string,
    private readonly opts: TaskWatcherOptions,
    private readonly onRetire: (key: string) => void,
  ) {
    this.env = { ...defaultEnvironment, ...opts.environment };
    this.snapshot = initial(opts.taskId);
    // Starts loading the response reader now, in parallel with the first request.
    this.reader = loadTaskReader();
    this.transport =
      opts.transport ??
      (opts.fetcher
        ? async (id, { signal }) => ({
            body: await opts.fetcher!(id, { signal }),
            serverOffsetMs: 0,
            etag: null,
          })
        : (id, { signal, etag }) =>
            fetchTask(id, {
              endpoint: opts.endpoint,
              method: opts.method,
              requestInit: opts.requestInit,
              timeoutMs: opts.timeoutMs,
              signal,
              etag,
              fetch: (input, init) => this.env.fetch(String(input), init),
              now: this.env.now,
              requestSlot: this.env.requestSlot,
            }));
  }

  addListener(listener: () => void): void {
    this.listeners.add(listener);
    if (this.lingerTimer != null) {
      this.env.clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
    }
    if (!this.unwatchEnv) this.start();
  }

  removeListener(listener: () => void): void {
    if (!this.listeners.delete(listener) || this.listeners.size > 0 || this.lingerTimer != null)
      return;
    this.lingerTimer = this.env.setTimeout(() => {
      this.lingerTimer = null;
      if (this.listeners.size === 0) this.retire();
    }, this.opts.lingerMs ?? 250);
  }

  refresh(): void {
    if (this.retired) return;
    this.set({
      attempt: 0,
      nextRetryAt: null,
      connection: this.snapshot.task ? 'polling' : 'loading',
    });
    if (this.unwatchEnv) this.poll(true);
  }

  private start(): void {
    this.unwatchEnv = this.env.onChange(() => this.onEnvironmentChange());
    if (this.snapshot.connection !== 'stopped') this.poll(false);
  }

  private retire(): void {
    this.retired = true;
    this.unwatchEnv?.();
    this.unwatchEnv = null;
    this.cancel();
    this.onRetire(this.key);
  }

  private cancel(): void {
    this.callId++; // whatever is in flight can no longer land
    this.controller?.abort();
    this.controller = null;
    if (this.timer != null) this.env.clearTimeout(this.timer);
    this.timer = null;
  }

  private pauseReason(): 'hidden' | 'offline' | null {
    if (!this.env.isOnline()) return 'offline';
    if (this.env.isHidden() && !this.opts.pollInBackground) return 'hidden';
    return null;
  }

  private onEnvironmentChange(): void {
    const reason = this.pauseReason();
    if (reason) {
      // Offline is shown at once ("will resume automatically"); a hidden tab shows nobody
      // anything, so it is marked paused only when a poll is actually held back.
      if (
        reason === 'offline' &&
        this.snapshot.connection !== 'stopped' &&
        this.controller == null
      ) {
        this.set({ connection: 'paused', pauseReason: reason });
      }
      return;
    }
    // Back to visible/online: fetch at once if anything was held back, or if a poll is scheduled
    // and the last answer is older than the shortest interval (tab flipping must not spam requests).
    const recent = this.env.now() - this.lastRequestAt < (this.opts.minInterval ?? 1000);
    if (
      this.pending ||
      this.snapshot.connection === 'paused' ||
      (this.timer != null && this.snapshot.connection !== 'stopped' && !recent)
    ) {
      this.poll(false);
    }
  }

  private schedule(ms: number): void {
    if (this.timer != null) this.env.clearTimeout(this.timer);
    this.timer = this.env.setTimeout(() => {
      this.timer = null;
      this.poll(false);
    }, ms);
  }

  private async poll(force: boolean): Promise<void> {
    this.cancel();
    const reason = this.pauseReason();
    if (reason && !force) {
      this.pending = true;
      this.set({ connection: 'paused', pauseReason: reason });
      return;
    }
    this.pending = false;
    this.lastRequestAt = this.env.now();
    const id = this.callId;
    const controller = (this.controller = new AbortController());
    if (!this.snapshot.task && this.snapshot.connection !== 'retrying')
      this.set({ connection: 'loading', pauseReason: null });
    let result: FetchResult;
    try {
      result = await this.transport(this.opts.taskId, {
        signal: controller.signal,
        etag: this.etag,
      });
    } catch (error) {
      if (id !== this.callId) return; // stale or cancelled
      this.controller = null;
      this.fail(error);
      return;
    }
    let readTask: TaskReader;
    try {
      readTask = await this.reader;
      // A body of thousands of steps: validate it in a task of its own, after the one that
      // received and parsed it, so that neither blocks input for long.
      if ((result.text?.length ?? 0) > LARGE_BODY_CHARS)
        await new Promise((resolve) => this.env.setTimeout(() => resolve(null), 0));
    } catch (error) {
      if (id !== this.callId) return;
      this.controller = null;
      this.fail(error); // the reader chunk could not load: a network problem, retried
      return;
    }
    if (id !== this.callId) return;
    this.controller = null;
    try {
      this.accept(result, readTask);
    } catch (error) {
      // A body we cannot read is `invalid`; anything else thrown here is a bug of ours, never
      // retried as if the network had failed.
      this.fail(
        error instanceof TaskStatusError
          ? error
          : new TaskStatusError({
              kind: 'invalid',
              retryable: false,
              message: `The status response could not be read: ${(error as Error)?.message ?? error}`,
            }),
      );
    }
  }

  /** Lands one successful exchange: parse, normalize (only when the body changed), schedule. */
  private accept(result: FetchResult, readTask: TaskReader): void {
    const now = this.env.now();
    let task = this.snapshot.task;
    let predictedFinishAt = this.snapshot.predictedFinishAt;
    if (result.etag) this.etag = result.etag;
    const key = result.body === undefined ? this.lastBody : bodyKey(result);
    if (key !== this.lastBody || !task) {
      const read = readTask(result.body);
      // A lagging replica can answer with an older state (PROCESSING after FINISH): the status
      // on screen never goes backwards, so such an answer counts as a quiet one.
      if (!task || statusRank(read.status) >= statusRank(task.status)) {
        task = read;
        this.lastBody = key;
        const startedLocal = task.startedAt != null ? task.startedAt - result.serverOffsetMs : null;
        predictedFinishAt =
          task.status === 'PROCESSING' ? this.eta.add(now, task.progress, startedLocal) : null;
      }
    }
    const milestone = milestoneKey(task) !== milestoneKey(this.snapshot.task);
    this.quietCount = milestone ? 0 : this.quietCount + 1;
    const delay = nextPollDelay({
      status: task.status,
      milestone,
      quietCount: this.quietCount,
      predictedFinishAt,
      now,
      minMs: this.opts.minInterval ?? 1000,
      maxMs: this.opts.maxInterval ?? 15_000,
      random: this.env.random(),
    });
    this.set({
      task,
      predictedFinishAt,
      error: null,
      attempt: 0,
      nextRetryAt: null,
      pauseReason: null,
      serverOffsetMs: result.serverOffsetMs || this.snapshot.serverOffsetMs,
      connection: delay === false ? 'stopped' : 'polling',
    });
    if (delay !== false) this.schedule(delay);
  }

  private fail(raw: unknown): void {
    const error =
      raw instanceof TaskStatusError
        ? raw
        : new TaskStatusError({
            kind: 'network',
            retryable: true,
            message: String((raw as Error)?.message ?? raw),
          });
    if (error.kind === 'network' && !this.env.isOnline()) {
      // Offline is a pause, not a failure: resume when the browser says we are back.
      this.pending = true;
      this.set({ connection: 'paused', pauseReason: 'offline', error });
      return;
    }
    const attempt = this.snapshot.attempt + 1;
    // An unreadable body is worth a retry or two (a transfer cut short), not eight: a backend
    // that keeps sending one should show its error within seconds.
    const maxAttempts = Math.min(
      this.opts.maxAttempts ?? 8,
      error.kind === 'invalid' ? INVALID_ATTEMPTS : Infinity,
    );
    if (!error.retryable || (attempt >= maxAttempts && !error.paced)) {
      this.set({ error, attempt, nextRetryAt: null, connection: 'stopped' });
      return;
    }
    const delay = retryDelay(attempt, this.env.random(), error.retryAfterMs);
    this.set({ error, attempt, nextRetryAt: this.env.now() + delay, connection: 'retrying' });
    this.schedule(delay);
  }

  /** Replaces the snapshot and notifies, only if a field actually changed. */
  private set(patch: Partial<TaskSnapshot>): void {
    const prev = this.snapshot;
    const changed = (Object.keys(patch) as (keyof TaskSnapshot)[]).some(
      (k) => patch[k] !== prev[k],
    );
    if (!changed) return;
    this.snapshot = { ...prev, ...patch };
    for (const listener of [...this.listeners]) listener();
  }
}

const streams = new Map<string, TaskStream>();
const fetcherIds = new WeakMap<TaskFetcher | TaskTransport, number>();
let nextFetcherId = 0;

function streamKey(o: TaskWatcherOptions): string {
  const method = o.method ?? 'GET';
  let target: string;
  const custom = o.transport ?? o.fetcher;
  if (custom) {
    if (!fetcherIds.has(custom)) fetcherIds.set(custom, ++nextFetcherId);
    target = `custom#${fetcherIds.get(custom)}`;
  } else {
    target = taskUrl(o.endpoint, o.taskId, method);
  }
  return `${method} ${target} ${o.taskId}`;
}

function acquire(opts: TaskWatcherOptions): TaskStream {
  const key = streamKey(opts);
  let stream = streams.get(key);
  if (!stream) {
    stream = new TaskStream(key, opts, (k) => streams.get(k) === stream && streams.delete(k));
    streams.set(key, stream);
  }
  return stream;
}

/**
 * Watches one MPS task. Watchers of the same endpoint + method + task id share one request stream
 * (the first one's options win), which stops a moment after its last subscriber leaves.
 */
export function createTaskWatcher(options: TaskWatcherOptions): TaskWatcher {
  let stream = acquire(options);
  const mine = new Set<() => void>();
  const current = () => (stream.retired ? (stream = acquire(options)) : stream);
  return {
    getSnapshot: () => current().snapshot,
    subscribe(listener) {
      const wrapped = () => listener();
      mine.add(wrapped);
      current().addListener(wrapped);
      return () => {
        if (mine.delete(wrapped)) stream.removeListener(wrapped);
      };
    },
    refresh: () => current().refresh(),
    dispose() {
      for (const l of mine) stream.removeListener(l);
      mine.clear();
    },
  };
}

/** Number of live request streams (for tests and leak checks). */
export function activeStreamCount(): number {
  return streams.size;
}
