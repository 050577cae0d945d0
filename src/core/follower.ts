import { reduceFollower, type ConnectionAction, type FollowerState } from './connection.js';
import { defaultEnvironment, type WatcherEnvironment } from './environment.js';
import { EtaEstimator } from './eta.js';
import { TaskStatusError } from './errors.js';
import type { StreamMember } from './event-streams.js';
import { bodyKey } from './body-key.js';
import { nextPollDelay } from './policy.js';
import { PollSchedule } from './poll-schedule.js';
import { fetchTask, type FetchResult } from './request.js';
import { afterFailure } from './retry.js';
import { initialSnapshot, type TaskSnapshot } from './snapshot.js';
import { loadTaskReader, type ReaderChunk, type TaskReader } from './task-reader.js';
import { followsStream } from './transport.js';
import type { TaskView } from './view.js';
import type { TaskWatcherOptions } from './watcher-options.js';

/** Compact fingerprint of what makes a milestone: status, outcome, each subtask's status. */
const milestoneKey = (t: TaskView | null) =>
  t ? `${t.status}|${t.outcome}|${t.subtasks.map((s) => s.status).join(',')}` : '';

/** Bodies this long (a task with thousands of outputs) are read in a task after their arrival. */
const LARGE_BODY_CHARS = 500_000;

let streamClient: Promise<typeof import('./event-streams.js')> | null = null;
/** The stream client is a chunk of its own, fetched when the first follower joins a stream. @internal */
export const loadStreamClient = () => (streamClient ??= import('./event-streams.js'));

/** What a follower in `sse` mode shows while the stream is down. */
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

/** How long a follower joining the shared stream waits for it before polling once (`auto`). */
const STREAM_GRACE_MS = 1500;

/**
 * Follows one task for every watcher of it: polls, or rides the page's shared event stream, and
 * lands every answer the same way. Its decisions read one reduced state (`FollowerState`: the
 * snapshot, the transport, whether a request is in flight); when it asks next is `PollSchedule`'s.
 */
export class TaskFollower implements StreamMember {
  state: FollowerState;
  retired = false;
  /** Each subscriber, and whether it is in view. */
  readonly #listeners = new Map<() => void, boolean>();
  readonly #env: WatcherEnvironment;
  readonly #eta = new EtaEstimator();
  readonly #schedule: PollSchedule;
  readonly #reader: Promise<ReaderChunk>;
  #opts!: TaskWatcherOptions;
  #controller: AbortController | null = null;
  #lingerTimer: unknown = null;
  #unwatchEnv: (() => void) | null = null;
  #leaveStream: (() => void) | null = null;
  /** The stream key joined with (its URL and credentials): a change of them joins another. */
  #joinedWith = '';
  #callId = 0;
  #etag: string | null = null;
  #lastBody = '';
  #quietCount = 0;

  constructor(
    readonly key: string,
    opts: TaskWatcherOptions,
    private readonly onRetire: (key: string) => void,
  ) {
    this.update(opts);
    this.#env = { ...defaultEnvironment, ...opts.environment };
    this.#schedule = new PollSchedule(this.#env, () => void this.#poll(false));
    this.state = { snapshot: initialSnapshot(opts.taskId), transport: 'polled', fetching: false };
    // Starts loading the response reader now, in parallel with the first request.
    this.#reader = loadTaskReader();
  }

  get snapshot(): TaskSnapshot {
    return this.state.snapshot;
  }

  /**
   * The options every next request uses (a rotated bearer token, new intervals): the latest
   * watcher's. Joins the stream again when its credentials changed.
   */
  update(opts: TaskWatcherOptions): void {
    this.#opts = {
      ...opts,
      minInterval: option(opts.minInterval, 1000, 100),
      maxInterval: option(opts.maxInterval, 15_000, 100),
      offscreenInterval: option(opts.offscreenInterval, 60_000, 0),
    };
    if (this.#leaveStream && streamIdentity(this.#opts) !== this.#joinedWith) {
      this.#leave();
      this.#joinStream();
    }
  }

  addListener(listener: () => void, inView = true): void {
    this.#listeners.set(listener, inView);
    if (inView) this.#schedule.backInView();
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
    if (inView) this.#schedule.backInView();
  }

  #inView(): boolean {
    return !this.#listeners.size || [...this.#listeners.values()].includes(true);
  }

  refresh(): void {
    if (this.retired) return;
    this.#dispatch({ type: 'refreshed' });
    if (!this.#unwatchEnv) return;
    this.#joinStream();
    void this.#poll(true);
  }

  #start(): void {
    this.#unwatchEnv = this.#env.onChange(() => this.#onEnvironmentChange());
    if (this.snapshot.connection === 'stopped') return;
    if (!this.#joinStream()) return void this.#poll(false);
    this.#awaitStream();
  }

  /** Joins the page's shared event stream when this task is followed that way; false when polled. */
  #joinStream(): boolean {
    if (!followsStream({ ...this.#opts, custom: this.#opts.exchange ?? this.#opts.fetcher }))
      return false;
    if (this.state.transport !== 'polled') return true;
    this.#dispatch({ type: 'joining' });
    loadStreamClient().then(
      (client) => this.#joinWith(client.pageEventStreams),
      () => this.lost('failed'), // the chunk did not load: polling it is
    );
    return true;
  }

  #joinWith(pageStreams: import('./event-streams.js').EventStreamRegistry): void {
    if (
      this.retired ||
      this.state.transport !== 'joining' ||
      this.snapshot.connection === 'stopped'
    )
      return;
    const registry = this.#env.eventStreams ?? pageStreams;
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
    this.#joinedWith = streamIdentity(this.#opts);
    this.#dispatch({ type: 'joined', member: this.#leaveStream != null });
    if (!this.#leaveStream) this.lost('refused'); // no usable stream URL: polled
  }

  /** In `auto`, polls once if the stream has not started carrying the task within a moment. */
  #awaitStream(): void {
    if (this.#opts.transport === 'sse' || this.state.transport === 'streaming') return;
    this.#schedule.at(STREAM_GRACE_MS, 'grace');
  }

  #leave(): void {
    this.#leaveStream?.();
    this.#leaveStream = null;
    this.#dispatch({ type: 'joined', member: false });
  }

  #retire(): void {
    this.retired = true;
    this.#unwatchEnv?.();
    this.#unwatchEnv = null;
    this.#leave();
    this.#cancel();
    this.onRetire(this.key);
  }

  /** Whatever is in flight can no longer land; nothing is scheduled. */
  #cancel(): void {
    this.#callId++;
    this.#controller?.abort();
    this.#controller = null;
    this.#schedule.cancel();
    this.#dispatch({ type: 'cancelled' });
  }

  // StreamMember: what the shared event stream tells this task.

  etag(): string | null {
    // A task showing an error asks for its current answer even if unchanged: that clears it.
    return this.snapshot.error ? null : this.#etag;
  }

  opened(): void {
    this.#schedule.cancel(); // a poll in flight may still land; none is scheduled
    this.#dispatch({ type: 'streamOpened' });
  }

  received(result: FetchResult): void {
    this.#cancel();
    void this.#land(result, this.#callId, true);
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
    if (reason === 'paused' && this.state.transport !== 'streaming') return;
    if (this.state.transport === 'joining') this.#dispatch({ type: 'joined', member: false });
    const sseOnly = this.#opts.transport === 'sse';
    const stopped = this.snapshot.connection === 'stopped' || this.retired;
    // With `sse` nothing polls: the outage shows as an error, in the same action (one notify).
    const error = sseOnly && !stopped && reason !== 'paused' ? streamUnavailable() : undefined;
    this.#dispatch({ type: 'streamLost', error, attempt: this.snapshot.attempt + 1 });
    if (stopped || sseOnly) return;
    // Polling takes over, at once (nothing was polled while the stream carried the task). A
    // poll already scheduled by its own backoff (or Retry-After) stands: a stream failing again
    // and again must not make every row ask sooner than the backend said.
    if (!this.state.fetching && this.#schedule.free) this.#schedule.at(0);
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
      if (reason === 'offline' && this.snapshot.connection !== 'stopped' && !this.state.fetching)
        this.#dispatch({ type: 'paused', reason });
      return;
    }
    if (this.snapshot.connection === 'stopped') return;
    if (this.state.transport === 'joined' && this.#opts.transport !== 'poll') {
      // The shared stream reconnects as the page comes back: wait for it, not a poll.
      this.#schedule.held = false;
      this.#awaitStream();
      return;
    }
    // Back to visible/online: fetch at once if anything was held back, or if a poll is scheduled
    // and the last answer is older than the shortest interval (tab flipping must not spam requests)
    // — not for a task nobody sees: a table's off-screen rows keep their schedule, else coming
    // back to the tab would cost a request per row.
    const recent = this.#schedule.recent(this.#opts.minInterval!);
    if (
      this.#schedule.held ||
      this.snapshot.connection === 'paused' ||
      (this.#schedule.scheduled && !recent && this.#inView())
    ) {
      void this.#poll(false);
    }
  }

  async #poll(force: boolean): Promise<void> {
    this.#cancel();
    const reason = this.#pauseReason();
    if (reason && !force) {
      this.#schedule.held = true;
      this.#dispatch({ type: 'paused', reason });
      return;
    }
    this.#schedule.held = false;
    this.#schedule.lastRequestAt = this.#env.now();
    const id = this.#callId;
    const controller = (this.#controller = new AbortController());
    this.#dispatch({ type: 'requested' });
    let result: FetchResult;
    try {
      result = await this.#exchange(controller.signal);
    } catch (error) {
      if (id !== this.#callId) return; // stale or cancelled
      this.#controller = null;
      this.#fail(error);
      return;
    }
    await this.#land(result, id, false);
  }

  /** One exchange with the current options (a rotated token is used from the next request on). */
  #exchange(signal: AbortSignal): Promise<FetchResult> {
    const o = this.#opts;
    if (o.exchange) return o.exchange(o.taskId, { signal, etag: this.#etag });
    if (o.fetcher)
      return o
        .fetcher(o.taskId, { signal })
        .then((body) => ({ body, serverOffsetMs: 0, etag: null }));
    return fetchTask(o.taskId, {
      endpoint: o.endpoint,
      method: o.method,
      requestInit: o.requestInit,
      timeoutMs: o.timeoutMs,
      signal,
      etag: this.#etag,
      fetch: (input, init) => this.#env.fetch(String(input), init),
      now: this.#env.now,
      requestSlot: this.#env.requestSlot,
    });
  }

  /** Reads an answer (from a poll or the stream) once the reader chunk is in, then accepts it. */
  async #land(result: FetchResult, id: number, streamed: boolean): Promise<void> {
    let reader: ReaderChunk;
    let readTask: TaskReader;
    let key: string | undefined;
    try {
      reader = await this.#reader;
      readTask = reader.readTask;
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
      this.#accept(result, { ...reader, readTask }, streamed, key);
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
  #accept(result: FetchResult, reader: ReaderChunk, streamed: boolean, knownKey?: string): void {
    const now = this.#env.now();
    let task = this.snapshot.task;
    let predictedFinishAt = this.snapshot.predictedFinishAt;
    if (result.etag) this.#etag = result.etag;
    const key = result.body === undefined ? this.#lastBody : (knownKey ?? bodyKey(result));
    if (key !== this.#lastBody || !task) {
      const read = reader.readTask(result.body);
      // A lagging replica or a late event can answer with an older state (PROCESSING after
      // FINISH, 80 % after 90 %): the screen never goes backwards, so it counts as a quiet one.
      if (!task || !reader.isBehind(read, task)) {
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
    const streaming = streamed || this.state.transport === 'streaming';
    this.#dispatch({
      type: 'received',
      task,
      predictedFinishAt,
      serverOffsetMs: result.serverOffsetMs,
      done: delay === false,
      streaming,
    });
    if (delay === false) this.#leave();
    else if (!streaming) this.#schedule.after(delay, this.#inView(), this.#opts.offscreenInterval!);
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
      this.#schedule.held = true;
      this.#dispatch({ type: 'paused', reason: 'offline', error });
    } else if (outcome.do === 'stop') {
      this.#dispatch({ type: 'stopped', error, attempt: outcome.attempt });
      this.#leave();
    } else {
      const nextRetryAt = this.#env.now() + outcome.delayMs;
      this.#dispatch({ type: 'failed', error, attempt: outcome.attempt, nextRetryAt });
      this.#schedule.at(outcome.delayMs, 'backoff');
    }
  }

  #nextTask(): Promise<void> {
    return new Promise((resolve) => this.#env.setTimeout(resolve, 0));
  }

  /** Every state change goes through here: one reducer, listeners told once, only on a change. */
  #dispatch(action: ConnectionAction): void {
    const before = this.state.snapshot;
    this.state = reduceFollower(this.state, action);
    if (this.state.snapshot === before) return;
    for (const listener of [...this.#listeners.keys()]) listener();
  }
}

/** What makes a stream another one: its URL and the credentials it carries. */
function streamIdentity(o: TaskWatcherOptions): string {
  const init = o.requestInit;
  return `${o.eventsEndpoint ?? o.endpoint} ${JSON.stringify([...new Headers(init?.headers)])} ${init?.credentials ?? ''}`;
}
