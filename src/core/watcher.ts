import { reduceConnection, type ConnectionAction } from './connection.js';
import { defaultEnvironment, type WatcherEnvironment } from './environment.js';
import { EtaEstimator } from './eta.js';
import { TaskStatusError } from './errors.js';
import type { StreamMember } from './event-streams.js';
import { loadTaskReader, type ReaderChunk, type TaskReader } from './task-reader.js';
import { nextPollDelay } from './policy.js';
import { afterFailure } from './retry.js';
import { initialSnapshot, type TaskSnapshot } from './snapshot.js';
import { followsStream, type TransportMode } from './transport.js';
import { fingerprint, FNV_OFFSET, FNV_PRIME } from './fingerprint.js';
import {
  fetchTask,
  taskUrl,
  type FetchResult,
  type RequestMethod,
  type TaskFetcher,
} from './request.js';
import type { TaskView } from './view.js';

export type { ConnectionState, TaskSnapshot } from './snapshot.js';

/** One exchange with whatever delivers task bodies (the lowest seam, below HTTP). */
export type TaskExchange = (
  taskId: string,
  ctx: { signal: AbortSignal; etag: string | null },
) => Promise<FetchResult>;

export interface TaskWatcherOptions {
  /** Backend URL, absolute or relative; `{taskId}` placeholder or `?TaskId=` (see README). */
  endpoint: string;
  taskId: string;
  method?: RequestMethod;
  requestInit?: RequestInit;
  /** Replaces HTTP entirely; resolves to a body (envelope or bare object). Polled. */
  fetcher?: TaskFetcher;
  /**
   * The lowest seam: one exchange returning `{body, serverOffsetMs, etag}`. Wins over `fetcher`
   * and HTTP (a shared worker, a test double). Polled.
   */
  exchange?: TaskExchange;
  /**
   * `auto` (default): follow the task on the page's shared event stream (server-sent events from
   * `eventsEndpoint`), polling only until it is open and whenever it is refused, fails or goes
   * silent. `poll`: only polling. `sse`: only the stream (no polls; its outages show as errors).
   */
  transport?: TransportMode;
  /** The event stream URL, when it is not the status endpoint without its `{taskId}` part. */
  eventsEndpoint?: string;
  /** Shortest poll interval, ms (default 1000). */
  minInterval?: number;
  /** Longest poll interval, ms (default 15000). */
  maxInterval?: number;
  /**
   * Shortest poll interval while none of the task's subscribers is in view (`setInView`), ms
   * (default 60000; 0 polls them as if in view). Back in view, the task is asked when it would
   * have been had it stayed there.
   */
  offscreenInterval?: number;
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
  /**
   * Whether this watcher's subscribers are on (or near) the screen (default true). A task none
   * of whose watchers is in view is polled at most every `offscreenInterval`.
   */
  setInView(inView: boolean): void;
  /** Unsubscribes everything this watcher subscribed. */
  dispose(): void;
}

/** Compact fingerprint of what makes a milestone: status, outcome, each subtask's status. */
const milestoneKey = (t: TaskView | null) =>
  t ? `${t.status}|${t.outcome}|${t.subtasks.map((s) => s.status).join(',')}` : '';

let unreadable = 0;

/** Bodies this long (a task with thousands of outputs) are read in a task after their arrival. */
const LARGE_BODY_CHARS = 500_000;

let streamClient: Promise<typeof import('./event-streams.js')> | null = null;
/** The stream client is a chunk of its own, fetched when the first watcher joins a stream. */
const loadStreamClient = () => (streamClient ??= import('./event-streams.js'));

/** What a watcher in `sse` mode shows while the stream is down. */
const streamUnavailable = () =>
  new TaskStatusError({
    kind: 'network',
    retryable: true,
    message: 'Status stream unavailable',
  });

/**
 * An interval option as given, when it is a number ≥ `floor` that a timer can hold; else
 * `fallback`. An attribute like `interval="2s"` arrives as NaN, and a NaN delay (or one past
 * 2^31 ms) is a timer of 0 ms: a request storm.
 */
const option = (value: number | undefined, fallback: number, floor: number) =>
  (value as number) >= floor && (value as number) < 2 ** 31 ? (value as number) : fallback;

/** How long a watcher joining the shared stream waits for it before polling once (`auto`). */
const STREAM_GRACE_MS = 1500;

/**
 * What identifies a body's content, to skip parsing and normalizing it again when only its
 * RequestId changed: the received text when there is one (cheap), else the serialized body.
 * A body that cannot be serialized (nested too deep) gets a key of its own: it is read again.
 */
function bodyKey(result: FetchResult): string {
  let text: string;
  if (result.text != null) text = result.text.replace(/"RequestId"\s*:\s*"[^"]*"/g, '');
  else {
    try {
      text = JSON.stringify(result.body, (k, v) => (k === 'RequestId' ? undefined : v));
    } catch {
      return `unreadable ${++unreadable}`;
    }
  }
  // Kept per task for as long as it is followed: a 64-bit fingerprint, not the body itself
  // (on 1,000 rows of transcode bodies that text was about 2 MB of the heap).
  return `${fingerprint(text, FNV_OFFSET, FNV_PRIME)}:${fingerprint(text, 0x9747b28c, 0x5bd1e995)}`;
}

/**
 * One follower per endpoint + method + task id (+ fetcher), shared by all its subscribers: polls,
 * or rides the page's shared event stream, and lands every answer the same way.
 */
class TaskStream implements StreamMember {
  snapshot: TaskSnapshot;
  retired = false;
  /** Each subscriber, and whether it is in view. */
  readonly #listeners = new Map<() => void, boolean>();
  readonly #env: WatcherEnvironment;
  readonly #exchange: TaskExchange;
  readonly #eta = new EtaEstimator();
  /** Followed on the shared event stream (else only polled). */
  readonly #streams: boolean;
  #controller: AbortController | null = null;
  #timer: unknown = null;
  /** When it would have fired had the task been in view (a poll stretched off screen), or null. */
  #dueInView: number | null = null;
  #lingerTimer: unknown = null;
  #unwatchEnv: (() => void) | null = null;
  #leaveStream: (() => void) | null = null;
  #joining = false;
  /** The scheduled poll is only the stream's grace period (not a backoff to respect). */
  #awaiting = false;
  /** The shared stream carries this task now: nothing is polled. */
  #streaming = false;
  #callId = 0;
  #etag: string | null = null;
  #lastBody = '';
  #quietCount = 0;
  #pending = false; // a poll is due but was held back (hidden/offline)
  #lastRequestAt = -Infinity;
  readonly #reader: Promise<ReaderChunk>;

  readonly #key: string;
  readonly #opts: TaskWatcherOptions;
  readonly #onRetire: (key: string) => void;

  constructor(key: string, opts: TaskWatcherOptions, onRetire: (key: string) => void) {
    this.#key = key;
    this.#onRetire = onRetire;
    this.#opts = opts = {
      ...opts,
      minInterval: option(opts.minInterval, 1000, 100),
      maxInterval: option(opts.maxInterval, 15_000, 100),
      offscreenInterval: option(opts.offscreenInterval, 60_000, 0),
    };
    this.#env = { ...defaultEnvironment, ...opts.environment };
    this.snapshot = initialSnapshot(opts.taskId);
    // Starts loading the response reader now, in parallel with the first request.
    this.#reader = loadTaskReader();
    this.#streams = followsStream({ ...opts, custom: opts.exchange ?? opts.fetcher });
    this.#exchange =
      opts.exchange ??
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
              fetch: (input, init) => this.#env.fetch(String(input), init),
              now: this.#env.now,
              requestSlot: this.#env.requestSlot,
            }));
  }

  addListener(listener: () => void, inView = true): void {
    this.#listeners.set(listener, inView);
    if (inView) this.#backInView();
    if (this.#lingerTimer != null) {
      this.#env.clearTimeout(this.#lingerTimer);
      this.#lingerTimer = null;
    }
    if (!this.#unwatchEnv) this.#start();
  }

  removeListener(listener: () => void): void {
    if (!this.#listeners.delete(listener) || this.#listeners.size > 0 || this.#lingerTimer != null)
      return;
    this.#lingerTimer = this.#env.setTimeout(() => {
      this.#lingerTimer = null;
      if (this.#listeners.size === 0) this.#retire();
    }, this.#opts.lingerMs ?? 250);
  }

  setInView(listener: () => void, inView: boolean): void {
    if (!this.#listeners.has(listener)) return;
    this.#listeners.set(listener, inView);
    if (inView) this.#backInView();
  }

  /** A poll stretched while the task was off screen is brought back to its in-view time. */
  #backInView(): void {
    const due = this.#dueInView;
    if (due != null) this.#schedule(Math.max(0, due - this.#env.now()));
  }

  #inView(): boolean {
    return !this.#listeners.size || [...this.#listeners.values()].includes(true);
  }

  refresh(): void {
    if (this.retired) return;
    this.#dispatch({ type: 'refreshed' });
    if (!this.#unwatchEnv) return;
    this.#joinStream();
    this.#poll(true);
  }

  #start(): void {
    this.#unwatchEnv = this.#env.onChange(() => this.#onEnvironmentChange());
    if (this.snapshot.connection === 'stopped') return;
    if (!this.#joinStream()) return void this.#poll(false);
    this.#dispatch({ type: 'requested' });
    this.#awaitStream();
  }

  /** Joins the page's shared event stream when this task is followed that way; false when polled. */
  #joinStream(): boolean {
    if (!this.#streams) return false;
    if (this.#joining || this.#leaveStream) return true;
    this.#joining = true;
    loadStreamClient().then(
      (client) => {
        this.#joining = false;
        if (this.retired || this.#leaveStream || this.snapshot.connection === 'stopped') return;
        const registry = this.#env.eventStreams ?? client.pageEventStreams;
        try {
          this.#leaveStream = registry.join(
            this.#opts,
            this.#opts.requestInit,
            this.#env,
            this.#opts.taskId,
            this,
          );
        } catch {
          this.#leaveStream = null; // headers a request cannot carry: polling says why
        }
        if (!this.#leaveStream) this.lost('refused'); // no usable stream URL: polled
      },
      () => {
        this.#joining = false; // the chunk did not load: polling it is
        this.lost('failed');
      },
    );
    return true;
  }

  /** In `auto`, polls once if the stream has not started carrying the task within a moment. */
  #awaitStream(): void {
    if (this.#opts.transport === 'sse' || this.#streaming) return;
    this.#schedule(STREAM_GRACE_MS);
    this.#awaiting = true;
  }

  #leave(): void {
    this.#leaveStream?.();
    this.#leaveStream = null;
    this.#streaming = false;
  }

  #retire(): void {
    this.retired = true;
    this.#unwatchEnv?.();
    this.#unwatchEnv = null;
    this.#leave();
    this.#cancel();
    this.#onRetire(this.#key);
  }

  #cancel(): void {
    this.#callId++; // whatever is in flight can no longer land
    this.#controller?.abort();
    this.#controller = null;
    this.#cancelTimer();
  }

  #cancelTimer(): void {
    if (this.#timer != null) this.#env.clearTimeout(this.#timer);
    this.#timer = null;
    this.#dueInView = null;
  }

  // StreamMember: what the shared event stream tells this task.

  etag(): string | null {
    // A task showing an error asks for its current answer even if unchanged: that clears it.
    return this.snapshot.error ? null : this.#etag;
  }

  opened(): void {
    this.#streaming = true;
    this.#cancelTimer(); // a poll in flight may still land; none is scheduled
    this.#dispatch({ type: 'streamOpened' });
  }

  received(result: FetchResult): void {
    this.#streaming = true;
    this.#cancel();
    void this.#land(result, this.#callId);
  }

  failed(error: TaskStatusError): void {
    this.#cancel();
    if (!error.retryable) return this.#fail(error);
    // The server keeps asking for this task and the stream brings its next answer: shown as
    // retrying (the data goes stale), but no poll would do better than the server's own.
    const attempt = this.snapshot.attempt + 1;
    this.#dispatch({ type: 'failed', error, attempt, nextRetryAt: null });
  }

  lost(reason: 'refused' | 'failed' | 'paused'): void {
    if (!this.#streaming && reason === 'paused') return;
    this.#streaming = false;
    this.#dispatch({ type: 'streamLost' });
    if (this.snapshot.connection === 'stopped' || this.retired) return;
    if (this.#opts.transport === 'sse') {
      if (reason !== 'paused')
        this.#dispatch({
          type: 'failed',
          error: streamUnavailable(),
          attempt: this.snapshot.attempt + 1,
          nextRetryAt: null,
        });
      return;
    }
    // Polling takes over, at once (nothing was polled while the stream carried the task). A
    // poll already scheduled by its own backoff (or Retry-After) stands: a stream failing again
    // and again must not make every row ask sooner than the backend said.
    if (this.#controller == null && (this.#timer == null || this.#awaiting)) this.#schedule(0);
  }

  #pauseReason(): 'hidden' | 'offline' | null {
    if (!this.#env.isOnline()) return 'offline';
    if (this.#env.isHidden() && !this.#opts.pollInBackground) return 'hidden';
    return null;
  }

  #onEnvironmentChange(): void {
    const reason = this.#pauseReason();
    if (reason) {
      // Offline is shown at once ("will resume automatically"); a hidden tab shows nobody
      // anything, so it is marked paused only when a poll is actually held back.
      if (
        reason === 'offline' &&
        this.snapshot.connection !== 'stopped' &&
        this.#controller == null
      ) {
        this.#dispatch({ type: 'paused', reason });
      }
      return;
    }
    if (this.snapshot.connection === 'stopped') return;
    if (this.#leaveStream && this.#opts.transport !== 'poll' && !this.#streaming) {
      // The shared stream reconnects as the page comes back: wait for it, not a poll.
      this.#pending = false;
      this.#awaitStream();
      return;
    }
    // Back to visible/online: fetch at once if anything was held back, or if a poll is scheduled
    // and the last answer is older than the shortest interval (tab flipping must not spam requests)
    // — not for a task nobody sees: a table's off-screen rows keep their schedule, else coming
    // back to the tab would cost a request per row.
    const recent = this.#env.now() - this.#lastRequestAt < this.#opts.minInterval!;
    if (
      this.#pending ||
      this.snapshot.connection === 'paused' ||
      (this.#timer != null && !recent && this.#inView())
    ) {
      this.#poll(false);
    }
  }

  #schedule(ms: number): void {
    this.#cancelTimer();
    this.#awaiting = false;
    this.#timer = this.#env.setTimeout(() => {
      this.#timer = null;
      this.#poll(false);
    }, ms);
  }

  async #poll(force: boolean): Promise<void> {
    this.#cancel();
    const reason = this.#pauseReason();
    if (reason && !force) {
      this.#pending = true;
      this.#dispatch({ type: 'paused', reason });
      return;
    }
    this.#pending = false;
    this.#lastRequestAt = this.#env.now();
    const id = this.#callId;
    const controller = (this.#controller = new AbortController());
    this.#dispatch({ type: 'requested' });
    let result: FetchResult;
    try {
      result = await this.#exchange(this.#opts.taskId, {
        signal: controller.signal,
        etag: this.#etag,
      });
    } catch (error) {
      if (id !== this.#callId) return; // stale or cancelled
      this.#controller = null;
      this.#fail(error);
      return;
    }
    await this.#land(result, id);
  }

  /** Reads an answer (from a poll or the stream) once the reader chunk is in, then accepts it. */
  async #land(result: FetchResult, id: number): Promise<void> {
    let readTask: TaskReader;
    let isBehind: ReaderChunk['isBehind'];
    let key: string | undefined;
    try {
      const reader = await this.#reader;
      ({ readTask, isBehind } = reader);
      // A body of thousands of steps: validated in a task after the one that received it, and
      // normalized (then rendered) in the next, so that none of them blocks input for long.
      if ((result.text?.length ?? 0) > LARGE_BODY_CHARS) {
        await this.#nextTask();
        key = bodyKey(result);
        if (id === this.#callId && (key !== this.#lastBody || !this.snapshot.task)) {
          readTask = reader.validateTask(result.body); // what it throws is a TaskStatusError
          await this.#nextTask();
        }
      }
    } catch (error) {
      if (id !== this.#callId) return;
      this.#controller = null;
      // The reader chunk could not load (a network problem, retried), or the body is invalid.
      this.#fail(error);
      return;
    }
    if (id !== this.#callId) return;
    this.#controller = null;
    try {
      this.#accept(result, readTask, isBehind, key);
    } catch (error) {
      // A body we cannot read is `invalid`; anything else thrown here is a bug of ours, never
      // retried as if the network had failed.
      this.#fail(
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
  #accept(
    result: FetchResult,
    readTask: TaskReader,
    isBehind: ReaderChunk['isBehind'],
    knownKey?: string,
  ): void {
    const now = this.#env.now();
    let task = this.snapshot.task;
    let predictedFinishAt = this.snapshot.predictedFinishAt;
    if (result.etag) this.#etag = result.etag;
    const key = result.body === undefined ? this.#lastBody : (knownKey ?? bodyKey(result));
    if (key !== this.#lastBody || !task) {
      const read = readTask(result.body);
      // A lagging replica or a late event can answer with an older state (PROCESSING after
      // FINISH, 80 % after 90 %): the screen never goes backwards, so it counts as a quiet one.
      if (!task || !isBehind(read, task)) {
        task = read;
        this.#lastBody = key;
        const startedLocal = task.startedAt != null ? task.startedAt - result.serverOffsetMs : null;
        predictedFinishAt =
          task.status === 'PROCESSING' ? this.#eta.add(now, task.progress, startedLocal) : null;
      }
    }
    const milestone = milestoneKey(task) !== milestoneKey(this.snapshot.task);
    this.#quietCount = milestone ? 0 : this.#quietCount + 1;
    const delay = nextPollDelay({
      status: task.status,
      milestone,
      quietCount: this.#quietCount,
      predictedFinishAt,
      now,
      minMs: this.#opts.minInterval!,
      maxMs: this.#opts.maxInterval!,
      random: this.#env.random(),
    });
    this.#dispatch({
      type: 'received',
      task,
      predictedFinishAt,
      serverOffsetMs: result.serverOffsetMs,
      done: delay === false,
      streaming: this.#streaming,
    });
    if (delay === false) this.#leave();
    else if (!this.#streaming) this.#schedulePoll(delay);
  }

  /**
   * The next poll after an answer. Nobody sees a task whose widgets are all off screen (rows far
   * down a long table): it is asked at most every `offscreenInterval`, which on 1,000 rows is
   * most of the requests, and each costs the page's main thread 3-5 ms in Chromium.
   */
  #schedulePoll(delay: number): void {
    const offscreen = this.#opts.offscreenInterval!;
    if (this.#inView() || delay >= offscreen) return this.#schedule(delay);
    this.#schedule(offscreen);
    this.#dueInView = this.#env.now() + delay;
  }

  #fail(raw: unknown): void {
    const error =
      raw instanceof TaskStatusError
        ? raw
        : new TaskStatusError({
            kind: 'network',
            retryable: true,
            message: String((raw as Error)?.message ?? raw),
          });
    const outcome = afterFailure(error, this.snapshot.attempt, {
      maxAttempts: this.#opts.maxAttempts ?? 8,
      online: this.#env.isOnline(),
      random: this.#env.random(),
    });
    if (outcome.do === 'pause') {
      // Offline is a pause, not a failure: resume when the browser says we are back.
      this.#pending = true;
      this.#dispatch({ type: 'paused', reason: 'offline', error });
    } else if (outcome.do === 'stop') {
      this.#dispatch({ type: 'stopped', error, attempt: outcome.attempt });
      this.#leave();
    } else {
      const nextRetryAt = this.#env.now() + outcome.delayMs;
      this.#dispatch({ type: 'failed', error, attempt: outcome.attempt, nextRetryAt });
      this.#schedule(outcome.delayMs);
    }
  }

  #nextTask(): Promise<void> {
    return new Promise((resolve) => this.#env.setTimeout(resolve, 0));
  }

  /** Every snapshot change goes through here: one reducer, listeners told only on a change. */
  #dispatch(action: ConnectionAction): void {
    const next = reduceConnection(this.snapshot, action);
    if (next === this.snapshot) return;
    this.snapshot = next;
    for (const listener of [...this.#listeners.keys()]) listener();
  }
}

const fetcherIds = new WeakMap<TaskFetcher | TaskExchange, number>();
let nextFetcherId = 0;

function streamKey(o: TaskWatcherOptions): string {
  const method = o.method ?? 'GET';
  let target: string;
  const custom = o.exchange ?? o.fetcher;
  if (custom) {
    if (!fetcherIds.has(custom)) fetcherIds.set(custom, ++nextFetcherId);
    target = `custom#${fetcherIds.get(custom)}`;
  } else {
    target = taskUrl(o.endpoint, o.taskId, method);
  }
  // The transport is part of it: switching a widget to polling gets a follower that polls.
  return `${method} ${target} ${o.taskId} ${o.transport ?? 'auto'} ${o.eventsEndpoint ?? ''}`;
}

/** The followers of a page (or a test): one per task, shared by every watcher of that task. */
export class WatcherRegistry {
  private readonly streams = new Map<string, TaskStream>();

  acquire(opts: TaskWatcherOptions): TaskStream {
    const key = streamKey(opts);
    let stream = this.streams.get(key);
    if (!stream) {
      const created = new TaskStream(key, opts, (k) => {
        if (this.streams.get(k) === created) this.streams.delete(k);
      });
      this.streams.set(key, (stream = created));
    }
    return stream;
  }

  get size(): number {
    return this.streams.size;
  }
}

const defaultRegistry = new WatcherRegistry();

/**
 * Watches one MPS task. Watchers of the same endpoint + method + task id share one follower
 * (the first one's options win), which stops a moment after its last subscriber leaves.
 */
export function createTaskWatcher(
  options: TaskWatcherOptions,
  registry: WatcherRegistry = defaultRegistry,
): TaskWatcher {
  let stream = registry.acquire(options);
  const mine = new Set<() => void>();
  let inView = true;
  const current = () => (stream.retired ? (stream = registry.acquire(options)) : stream);
  return {
    getSnapshot: () => current().snapshot,
    subscribe(listener) {
      const wrapped = () => listener();
      mine.add(wrapped);
      current().addListener(wrapped, inView);
      return () => {
        if (mine.delete(wrapped)) stream.removeListener(wrapped);
      };
    },
    refresh: () => current().refresh(),
    setInView(value) {
      if (value === inView) return;
      inView = value;
      for (const l of mine) stream.setInView(l, value);
    },
    dispose() {
      for (const l of mine) stream.removeListener(l);
      mine.clear();
    },
  };
}

/** Number of live followers in the default registry (for tests and leak checks). */
export function activeStreamCount(): number {
  return defaultRegistry.size;
}
