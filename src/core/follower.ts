import { reduceFollower, type ConnectionAction, type FollowerState } from './connection.js';
import { defaultEnvironment, type WatcherEnvironment } from './environment.js';
import { asTaskStatusError, unreadable, type TaskStatusError } from './errors.js';
import type { StreamMember } from './event-streams.js';
import { exchangeOnce } from './exchange.js';
import { FIRST_POLLS, takeFirstRequest } from './first-requests.js';
import { StreamMembership, streamUnavailable } from './stream-join.js';
import type { TaskPace } from './pace.js';
import { pauseReason, PollSchedule } from './poll-schedule.js';
import { Subscribers } from './subscribers.js';
import type { FetchResult } from './request.js';
import { afterFailure } from './retry.js';
import { initialSnapshot, type TaskSnapshot } from './snapshot.js';
import { loadTaskReader, type ReaderChunk, type TaskReader } from './load-reader.js';
import { provisionalTask } from './provisional.js';
import { withIntervals, type TaskWatcherOptions } from './watcher-options.js';

/** How long a follower joining the shared stream waits for it before polling once (`auto`). */
const STREAM_GRACE_MS = 1500;
/**
 * How many of the page's followers still poll at once for their first status, joining the event
 * stream once it is in (`WatcherEnvironment.firstPolls` overrides it). An end user's page holds
 * one widget: its first status should not wait for the stream client's chunk and connection (on
 * a phone on Slow 4G that was 0.25 s of 1.18). A table's other rows get theirs from the stream.
 */
let firstPolls = FIRST_POLLS;

/**
 * Follows one task for every watcher of it: polls, or rides the page's shared event stream, and
 * lands every answer the same way. Its decisions read one reduced state (`FollowerState`: the
 * snapshot, the transport, whether a request is in flight); when it asks next is `PollSchedule`'s.
 */
export class TaskFollower implements StreamMember {
  #state: FollowerState;
  retired = false;
  readonly #env: WatcherEnvironment;
  /** Made with the first answer read (its class comes with the reader chunk). */
  #pace: TaskPace | null = null;
  readonly #schedule: PollSchedule;
  readonly #subscribers: Subscribers;
  readonly #onRetire: (key: string) => void;
  readonly #reader: Promise<ReaderChunk>;
  /** The reader has loaded: an answer landing now is read at once, with no preview. */
  #readerIn = false;
  #opts!: TaskWatcherOptions;
  #controller: AbortController | null = null;
  #unwatchEnv: (() => void) | null = null;
  readonly #stream: StreamMembership;
  #callId = 0;
  #etag: string | null = null;
  #lastBody = '';
  /** Polls for its first status, and joins the stream once that is in (`#start`). */
  #joinsAfterFirstAnswer = false;

  constructor(
    readonly key: string,
    opts: TaskWatcherOptions,
    onRetire: (key: string) => void,
  ) {
    this.#onRetire = onRetire;
    this.update(opts);
    this.#env = { ...defaultEnvironment, ...opts.environment };
    this.#schedule = new PollSchedule(this.#env, () => void this.#poll(false));
    this.#subscribers = new Subscribers(this.#env, () => this.#retire());
    this.#stream = new StreamMembership({
      member: this,
      env: this.#env,
      options: () => this.#opts,
      stillJoining: () =>
        !this.retired &&
        this.#state.transport === 'joining' &&
        this.snapshot.connection !== 'stopped',
      joining: () => this.#dispatch({ type: 'joining' }),
      joined: (member) => this.#dispatch({ type: 'joined', member }),
      lost: (reason) => this.lost(reason),
    });
    this.#state = { snapshot: initialSnapshot(opts.taskId), transport: 'polled', fetching: false };
    // Starts loading the response reader now, in parallel with the first request.
    this.#reader = (this.#env.loadReader ?? loadTaskReader)();
    this.#reader.then(
      () => (this.#readerIn = true),
      () => {}, // what it throws is read where an answer awaits it (`#land`)
    );
  }

  get snapshot(): TaskSnapshot {
    return this.#state.snapshot;
  }

  /**
   * The options every next request uses (a rotated bearer token, new intervals): the latest
   * watcher's. Joins the stream again when its credentials changed.
   */
  update(opts: TaskWatcherOptions): void {
    this.#opts = withIntervals(opts);
    this.#stream?.rejoinIfChanged();
  }

  addListener(listener: () => void, inView = true): void {
    this.#subscribers.add(listener, inView);
    if (inView) this.#schedule.backInView();
    if (!this.#unwatchEnv) this.#start();
  }

  removeListener(listener: () => void): void {
    this.#subscribers.remove(listener, this.#opts.lingerMs ?? 250);
  }

  setInView(listener: () => void, inView: boolean): void {
    if (this.#subscribers.setInView(listener, inView) && inView) this.#schedule.backInView();
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
    // Server-rendered: the page's answer is the first one (read as a poll's; the next asks after it).
    const initial = this.#opts.initial;
    if (initial) {
      this.#opts.initial = undefined;
      this.#dispatch({ type: 'requested' });
      void this.#land(initial, this.#callId, false);
      if (this.#joinStream()) this.#awaitStream();
      return;
    }
    if (!this.#stream.wanted) return void this.#poll(false);
    if (this.#opts.transport !== 'sse' && (this.#env.firstPolls ?? firstPolls--) > 0) {
      // One of the page's first widgets: its first status from a poll, and the stream (its
      // chunk, its connection) joined once that is in, so nothing shares the network or the
      // main thread with the first status.
      this.#joinsAfterFirstAnswer = true;
      return void this.#poll(false);
    }
    this.#joinStream();
    this.#awaitStream();
  }

  /**
   * After a first-polled answer (or failure): joins the stream, unless nothing more will come.
   * The poll already scheduled (the pace's, a backoff's, `Retry-After`) stands until it opens.
   */
  #joinAfterFirstAnswer(): void {
    if (!this.#joinsAfterFirstAnswer) return;
    this.#joinsAfterFirstAnswer = false;
    if (this.snapshot.connection === 'stopped' || this.retired) return;
    if (this.#joinStream() && this.#schedule.free) this.#awaitStream();
  }

  /** Joins the page's shared event stream when this task is followed that way; false when polled. */
  #joinStream(): boolean {
    if (!this.#stream.wanted) return false;
    if (this.#state.transport === 'polled') this.#stream.join();
    return true;
  }

  /** In `auto`, polls once if the stream has not started carrying the task within a moment. */
  #awaitStream(): void {
    if (this.#opts.transport === 'sse' || this.#state.transport === 'streaming') return;
    this.#schedule.at(STREAM_GRACE_MS, 'grace');
  }

  #retire(): void {
    this.retired = true;
    this.#unwatchEnv?.();
    this.#unwatchEnv = null;
    this.#stream.leave();
    this.#cancel();
    this.#onRetire(this.key);
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
    if (reason === 'paused' && this.#state.transport !== 'streaming') return;
    if (this.#state.transport === 'joining') this.#dispatch({ type: 'joined', member: false });
    const sseOnly = this.#opts.transport === 'sse';
    const stopped = this.snapshot.connection === 'stopped' || this.retired;
    // With `sse` nothing polls: the outage shows as an error, in the same action (one notify).
    const error = sseOnly && !stopped && reason !== 'paused' ? streamUnavailable() : undefined;
    this.#dispatch({ type: 'streamLost', error, attempt: this.snapshot.attempt + 1 });
    if (stopped || sseOnly) return;
    // Polling takes over, at once (nothing was polled while the stream carried the task). A
    // poll already scheduled by its own backoff (or Retry-After) stands: a stream failing again
    // and again must not make every row ask sooner than the backend said.
    if (!this.#state.fetching && this.#schedule.free) this.#schedule.at(0);
  }

  #onEnvironmentChange(): void {
    const next = this.#schedule.onEnvironmentChange({
      reason: pauseReason(this.#env, this.#opts.pollInBackground),
      connection: this.snapshot.connection,
      fetching: this.#state.fetching,
      awaitsStream: this.#state.transport === 'joined' && this.#opts.transport !== 'poll',
      minInterval: this.#opts.minInterval!,
      inView: this.#subscribers.inView,
    });
    if (next === 'show-offline') this.#dispatch({ type: 'paused', reason: 'offline' });
    else if (next === 'await-stream') this.#awaitStream();
    else if (next === 'poll') void this.#poll(false);
  }

  async #poll(force: boolean): Promise<void> {
    this.#cancel();
    const reason = pauseReason(this.#env, this.#opts.pollInBackground);
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
      // With the current options: a rotated token is used from the next request on. The first
      // may already be in flight, started by the page's script before this widget existed.
      result = await ((!this.snapshot.task && takeFirstRequest(this.#opts)) ||
        exchangeOnce(this.#opts, this.#env, this.#etag, controller.signal));
    } catch (error) {
      if (id !== this.#callId) return; // stale or cancelled
      this.#controller = null;
      this.#fail(error);
      return;
    }
    this.#preview(result);
    await this.#land(result, id, false);
  }

  /**
   * A polled first answer that lands before the reader chunk: its status shown now, where the
   * options allow (`provisional`). Never a server-rendered answer: the page already shows it whole.
   */
  #preview(result: FetchResult): void {
    if (!this.#opts.provisional || this.snapshot.task || this.#readerIn) return;
    const task = provisionalTask(result.body);
    if (task) this.#dispatch({ type: 'previewed', task });
  }

  /** Reads an answer (from a poll or the stream) once the reader chunk is in, then accepts it. */
  async #land(result: FetchResult, id: number, streamed: boolean): Promise<void> {
    let reader: ReaderChunk;
    let known: { readTask: TaskReader; key?: string };
    try {
      reader = await this.#reader;
      known = await reader.readerFor(
        result,
        reader,
        () => new Promise((resolve) => this.#env.setTimeout(resolve, 0)),
        (key) => id === this.#callId && (key !== this.#lastBody || !this.snapshot.task),
      );
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
      this.#accept(result, reader, known.readTask, streamed, known.key);
    } catch (error) {
      // A body we cannot read is `invalid`; anything else thrown here is a bug of ours, never
      // retried as if the network had failed.
      this.#fail(unreadable(error));
    }
  }

  /** Lands one successful exchange: parse, normalize (only when the body changed), schedule. */
  #accept(
    result: FetchResult,
    reader: ReaderChunk,
    readTask: TaskReader,
    streamed: boolean,
    knownKey?: string,
  ): void {
    if (result.etag) this.#etag = result.etag;
    const read = reader.readAnswer(
      result,
      { ...reader, readTask },
      this.snapshot.task,
      this.#lastBody,
      knownKey,
    );
    const pace = (this.#pace ??= new reader.TaskPace());
    if (read) this.#lastBody = read.key;
    // A first answer is always read (`readAnswer` returns null only for a body already shown).
    const task = read?.task ?? this.snapshot.task!;
    const started = task.startedAt != null ? task.startedAt - result.serverOffsetMs : null;
    const limits = { minMs: this.#opts.minInterval!, maxMs: this.#opts.maxInterval! };
    const delay = pace.after(task, !!read, this.#env.now(), started, limits, this.#env.random());
    const streaming = streamed || this.#state.transport === 'streaming';
    this.#dispatch({
      type: 'received',
      task,
      predictedFinishAt: pace.predictedFinishAt,
      serverOffsetMs: result.serverOffsetMs,
      done: delay === false,
      streaming,
    });
    if (delay === false) this.#stream.leave();
    else if (!streaming)
      this.#schedule.after(delay, this.#subscribers.inView, this.#opts.offscreenInterval!);
    this.#joinAfterFirstAnswer();
  }

  #fail(raw: unknown): void {
    const error = asTaskStatusError(raw);
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
      this.#stream.leave();
    } else {
      const nextRetryAt = this.#env.now() + outcome.delayMs;
      this.#dispatch({ type: 'failed', error, attempt: outcome.attempt, nextRetryAt });
      this.#schedule.at(outcome.delayMs, 'backoff');
    }
    this.#joinAfterFirstAnswer();
  }

  /** Every state change goes through here: one reducer, listeners told once, only on a change. */
  #dispatch(action: ConnectionAction): void {
    const before = this.#state.snapshot;
    this.#state = reduceFollower(this.#state, action);
    if (this.#state.snapshot === before) return;
    this.#subscribers.notify();
  }
}
