import type { Answer, Answers } from './answers.js';
import { BudgetSpent } from './answers.js';
import type { Broadcaster } from './broadcaster.js';
import type { ServerClock } from './clock.js';
import { FeedPace, type PaceLimits } from './feed-pace.js';
import { LIVE_EVENT } from './live-findings.js';

/** What a feed hands its viewers: the latest answer, or why there is none. */
export type FeedUpdate = { answer: Answer } | { error: unknown };

export interface TaskFeedsOptions {
  answers: Answers;
  clock: ServerClock;
  /** Notifications, when the deployment receives them: each one refreshes its task at once. */
  broadcaster?: Broadcaster;
  /**
   * The range of a followed task's timed polls, asked at each one: within it the task's own pace
   * decides (`FeedPace`). The handler narrows it while notifications cannot arrive.
   */
  limits: () => PaceLimits;
  /** 0 ≤ r < 1, for the pace's jitter. */
  random: () => number;
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
  private readonly pace: FeedPace;
  /** When the scheduled poll is due (the clock's time). */
  private dueAt = Infinity;
  /** Bumped by each refresh: only the latest one's outcome reaches viewers. */
  private generation = 0;
  /** A refresh is under way: wake-ups meanwhile are folded into one trailing refresh. */
  private refreshing = false;
  /** When the last refresh started (the trailing one waits `wakeGapMs` after it). */
  private lastRefreshAt = -Infinity;
  /** The latest change reported while a refresh was under way (its `notBefore`), or null. */
  private trailing: number | null = null;

  constructor(
    private readonly taskId: string,
    private readonly opts: TaskFeedsOptions,
  ) {
    this.pace = new FeedPace(opts.random);
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
    const first = this.timer == null && !this.refreshing;
    // A newcomer gets the task now: from the cache when fresh, else from one shared call (which
    // leaves viewers' share of the budget alone: a page opening 120 rows is 120 such calls).
    this.opts.answers
      .get(this.taskId, undefined, true)
      .then(
        (answer) => {
          if (first && !this.stopped && this.timer == null && !this.refreshing) this.paced(answer);
          if (this.listeners.has(listener)) listener({ answer });
        },
        (error) => {
          // The budget is a delay, not news: the feed asks again in the slot it was given.
          if (error instanceof BudgetSpent) return this.retryAfter(error.retryAfterMs);
          if (first && this.timer == null) this.schedule(this.opts.limits().minMs);
          if (this.listeners.has(listener)) listener({ error });
        },
      )
      .catch(() => {}); // a viewer's failure is its own (each guards itself): never the process's
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer != null) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** The next timed poll, by the task's pace after `answer` (none once it is finished). */
  private paced(answer: Answer): void {
    const delay = this.pace.after(answer, this.opts.clock.now(), this.opts.limits());
    if (delay !== false) this.schedule(delay);
  }

  /** A refusal by the budget: the next poll comes in the slot given, unless one comes sooner. */
  private retryAfter(ms: number): void {
    if (this.stopped || this.refreshing) return;
    if (this.timer == null || this.opts.clock.now() + ms < this.dueAt) this.schedule(ms);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer != null) this.opts.clock.clearTimeout(this.timer);
    this.dueAt = this.opts.clock.now() + ms;
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = null;
      this.refresh(undefined, true);
    }, ms);
  }

  /**
   * Asks again (`notBefore`: a change was reported then; `background`: a timed poll) and tells
   * every viewer. Wake-ups coalesce: at most one call in flight per task, plus one trailing call
   * for the notifications that arrived during it (1,000 notifications in a second cost a few
   * calls, not hundreds). A refusal by the call budget is a delay, never news to viewers.
   */
  private refresh(notBefore?: number, background = false): void {
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
      .get(this.taskId, notBefore, background)
      .then(
        (answer) => {
          if (this.stopped || generation !== this.generation) return;
          this.paced(answer);
          for (const listener of [...this.listeners]) listener({ answer });
        },
        (error) => {
          if (this.stopped || generation !== this.generation) return;
          if (error instanceof BudgetSpent) return this.schedule(error.retryAfterMs);
          this.schedule(this.opts.limits().minMs);
          for (const listener of [...this.listeners]) listener({ error });
        },
      )
      .finally(settle)
      .catch(() => {}); // a viewer's failure is its own (each guards itself): never the process's
  }
}
