import type { WatcherEnvironment } from './environment.js';

/**
 * When a follower asks next, as query-core's `QueryObserver` keeps refetch timing apart from the
 * query: one timer, what it is for (`poll`, a `backoff` the backend asked for, or the stream's
 * `grace` period), a poll stretched while the task is off screen, and a poll held back while the
 * page is hidden or offline. It decides nothing about answers; the follower tells it what to do.
 */
export class PollSchedule {
  #timer: unknown = null;
  /** What the timer is for: a backoff must stand when the stream fails again and again. */
  #purpose: 'poll' | 'backoff' | 'grace' | null = null;
  /** When the stretched poll would have fired had the task been in view, or null. */
  #dueInView: number | null = null;
  /** A poll came due while the page was hidden or offline. */
  held = false;
  /** When the last request left (tab flips within the shortest interval ask nothing). */
  lastRequestAt = -Infinity;

  constructor(
    private readonly env: WatcherEnvironment,
    private readonly fire: () => void,
  ) {}

  /** Asks in `ms`, replacing whatever was scheduled. */
  at(ms: number, purpose: 'poll' | 'backoff' | 'grace' = 'poll'): void {
    this.cancel();
    this.#purpose = purpose;
    this.#timer = this.env.setTimeout(() => {
      this.#timer = null;
      this.#purpose = null;
      this.fire();
    }, ms);
  }

  /**
   * The next poll after an answer. Nobody sees a task whose widgets are all off screen (rows far
   * down a long table): it is asked at most every `offscreenMs`, which on 1,000 rows is most of
   * the requests, and each costs the page's main thread 3-5 ms in Chromium.
   */
  after(delay: number, inView: boolean, offscreenMs: number): void {
    if (inView || delay >= offscreenMs) return this.at(delay);
    this.at(offscreenMs);
    this.#dueInView = this.env.now() + delay;
  }

  /** A poll stretched while the task was off screen is brought back to its in-view time. */
  backInView(): void {
    const due = this.#dueInView;
    if (due != null) this.at(Math.max(0, due - this.env.now()));
  }

  cancel(): void {
    if (this.#timer != null) this.env.clearTimeout(this.#timer);
    this.#timer = null;
    this.#purpose = null;
    this.#dueInView = null;
  }

  /** Nothing is scheduled but, at most, the stream's grace period: polling may start at once. */
  get free(): boolean {
    return this.#purpose == null || this.#purpose === 'grace';
  }

  get scheduled(): boolean {
    return this.#timer != null;
  }

  /** The last request left less than `ms` ago. */
  recent(ms: number): boolean {
    return this.env.now() - this.lastRequestAt < ms;
  }
}
