import type { WatcherEnvironment } from './environment.js';
import type { ConnectionState } from './snapshot.js';

/**
 * When a follower asks next, as query-core's `QueryObserver` keeps refetch timing apart from the
 * query: one timer, what it is for (`poll`, a `backoff` the backend asked for, or the stream's
 * `grace` period), a poll stretched while the task is off screen, and a poll held back while the
 * page is hidden or offline. It decides nothing about answers; the follower tells it what to do.
 * @internal
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

  readonly #env: WatcherEnvironment;
  readonly #fire: () => void;

  constructor(env: WatcherEnvironment, fire: () => void) {
    this.#env = env;
    this.#fire = fire;
  }

  /** Asks in `ms`, replacing whatever was scheduled. */
  at(ms: number, purpose: 'poll' | 'backoff' | 'grace' = 'poll'): void {
    this.cancel();
    this.#purpose = purpose;
    this.#timer = this.#env.setTimeout(() => {
      this.#timer = null;
      this.#purpose = null;
      this.#fire();
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
    this.#dueInView = this.#env.now() + delay;
  }

  /** A poll stretched while the task was off screen is brought back to its in-view time. */
  backInView(): void {
    const due = this.#dueInView;
    if (due != null) this.at(Math.max(0, due - this.#env.now()));
  }

  cancel(): void {
    if (this.#timer != null) this.#env.clearTimeout(this.#timer);
    this.#timer = null;
    this.#purpose = null;
    this.#dueInView = null;
  }

  /** Nothing is scheduled but, at most, the stream's grace period: polling may start at once. */
  get free(): boolean {
    return this.#purpose == null || this.#purpose === 'grace';
  }

  get #scheduled(): boolean {
    return this.#timer != null;
  }

  /** The last request left less than `ms` ago. */
  #recent(ms: number): boolean {
    return this.#env.now() - this.lastRequestAt < ms;
  }

  /**
   * What to do when the page's visibility or connectivity changed. Offline is shown at once
   * ("will resume automatically"); a hidden tab shows nobody anything, so it is marked paused
   * only when a poll is actually held back. Back to visible and online: a follower the shared
   * stream carried waits for it to reconnect, not a poll; else it asks at once if anything was
   * held back, or if a poll is scheduled and the last request is older than the shortest
   * interval (tab flipping must not spam requests) — not for a task nobody sees: a table's
   * off-screen rows keep their schedule, else coming back to the tab would cost a request a row.
   */
  onEnvironmentChange(now: EnvironmentChange): 'show-offline' | 'await-stream' | 'poll' | null {
    if (now.reason)
      return now.reason === 'offline' && now.connection !== 'stopped' && !now.fetching
        ? 'show-offline'
        : null;
    if (now.connection === 'stopped') return null;
    if (now.awaitsStream) {
      this.held = false;
      return 'await-stream';
    }
    const due = this.held || now.connection === 'paused';
    return due || (this.#scheduled && !this.#recent(now.minInterval) && now.inView) ? 'poll' : null;
  }
}

/**
 * The follower's situation when the environment changed.
 * @internal
 */
export interface EnvironmentChange {
  reason: 'hidden' | 'offline' | null;
  connection: ConnectionState;
  fetching: boolean;
  /** It rides the shared stream, which reconnects by itself. */
  awaitsStream: boolean;
  minInterval: number;
  inView: boolean;
}

/**
 * Why polls are held back now: offline, or hidden (unless polling in the background).
 * @internal
 */
export function pauseReason(
  env: WatcherEnvironment,
  pollInBackground?: boolean,
): 'hidden' | 'offline' | null {
  if (!env.isOnline()) return 'offline';
  if (env.isHidden() && !pollInBackground) return 'hidden';
  return null;
}
