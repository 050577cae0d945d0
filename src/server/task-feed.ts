import type { Answer, Answers } from './answers.js';
import { BudgetSpent } from './answers.js';
import type { Broadcaster } from './broadcaster.js';
import type { ServerClock } from './clock.js';
import { LIVE_EVENT } from './live-findings.js';

/** What a feed hands its viewers: the latest answer, or why there is none. */
export type FeedUpdate = { answer: Answer } | { error: unknown };

export interface TaskFeedsOptions {
  answers: Answers;
  clock: ServerClock;
  /** Notifications, when the deployment receives them: each one refreshes its task at once. */
  broadcaster?: Broadcaster;
  /** How often a followed task is asked for while someone watches it, ms. */
  pollMs: number;
  /**
   * The shortest time between two calls a wake-up makes for one task, ms (the handler's
   * `cacheMs`): a burst of notifications costs one call now and one trailing call after it.
   */
  wakeGapMs: number;
}

/**
 * One feed per followed task for the whole process, however many streams watch it: one upstream
 * poll (through the shared `Answers`) and one broadcaster subscription, started with its first
 * viewer and stopped with its last.
 */
export class TaskFeeds {
  private readonly feeds = new Map<string, TaskFeed>();

  constructor(private readonly opts: TaskFeedsOptions) {}

  /** Calls `listener` with the task's current answer, then on each refresh; returns the unwatch. */
  watch(taskId: string, listener: (update: FeedUpdate) => void): () => void {
    let feed = this.feeds.get(taskId);
    if (!feed) this.feeds.set(taskId, (feed = new TaskFeed(taskId, this.opts)));
    const unwatch = feed.add(listener);
    return () => {
      unwatch();
      if (feed.idle && this.feeds.get(taskId) === feed) {
        feed.stop();
        this.feeds.delete(taskId);
      }
    };
  }
}

class TaskFeed {
  private readonly listeners = new Set<(update: FeedUpdate) => void>();
  private timer: unknown = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private finished = false;
  /** Bumped by each refresh: only the latest one's outcome reaches viewers. */
  private generation = 0;

  constructor(
    private readonly taskId: string,
    private readonly opts: TaskFeedsOptions,
  ) {
    this.unsubscribe =
      opts.broadcaster?.subscribe(taskId, (event) => {
        opts.answers.live.record(event);
        // A live finding changes only what this process lays on the answer: no new upstream call.
        this.refresh(event.eventType === LIVE_EVENT ? undefined : event.receivedAt);
      }) ?? null;
  }

  get idle(): boolean {
    return this.listeners.size === 0;
  }

  add(listener: (update: FeedUpdate) => void): () => void {
    this.listeners.add(listener);
    // A newcomer gets the task now: from the cache when fresh, else from one shared call.
    this.opts.answers.get(this.taskId).then(
      (answer) => this.listeners.has(listener) && listener({ answer }),
      (error) => this.listeners.has(listener) && listener({ error }),
    );
    if (this.timer == null && !this.finished) this.schedule(this.opts.pollMs);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer != null) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.timer != null) this.opts.clock.clearTimeout(this.timer);
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = null;
      this.refresh();
    }, ms);
  }

  /** A refresh is under way: wake-ups meanwhile are folded into one trailing refresh. */
  private refreshing = false;
  /** When the last refresh started (the trailing one waits `wakeGapMs` after it). */
  private lastRefreshAt = -Infinity;
  /** The latest change reported while a refresh was under way (its `notBefore`), or null. */
  private trailing: number | null = null;

  /**
   * Asks again (`notBefore`: a change was reported then) and tells every viewer. Wake-ups
   * coalesce: at most one call in flight per task, plus one trailing call for the notifications
   * that arrived during it (1,000 notifications in a second cost a few calls, not hundreds).
   */
  private refresh(notBefore?: number): void {
    if (this.stopped) return;
    if (this.refreshing) {
      this.trailing = Math.max(this.trailing ?? -Infinity, notBefore ?? -Infinity);
      return;
    }
    this.refreshing = true;
    this.lastRefreshAt = this.opts.clock.now();
    const generation = ++this.generation;
    const settle = () => {
      if (this.trailing == null) return void (this.refreshing = false);
      // Still "refreshing" until the trailing call: wake-ups meanwhile join it.
      const wait = Math.max(0, this.lastRefreshAt + this.opts.wakeGapMs - this.opts.clock.now());
      this.opts.clock.setTimeout(() => {
        const trailing = this.trailing;
        this.trailing = null;
        this.refreshing = false;
        this.refresh(trailing != null && Number.isFinite(trailing) ? trailing : undefined);
      }, wait);
    };
    this.opts.answers
      .get(this.taskId, notBefore)
      .then(
        (answer) => {
          if (this.stopped || generation !== this.generation) return;
          this.finished = answer.finished;
          if (!answer.finished) this.schedule(this.opts.pollMs);
          for (const listener of [...this.listeners]) listener({ answer });
        },
        (error) => {
          if (this.stopped || generation !== this.generation) return;
          this.schedule(error instanceof BudgetSpent ? error.retryAfterMs : this.opts.pollMs);
          for (const listener of [...this.listeners]) listener({ error });
        },
      )
      .finally(settle)
      .catch(() => {}); // a viewer's failure is its own (each guards itself): never the process's
  }
}
