import type { WatcherEnvironment } from './environment.js';

/**
 * A follower's subscribers and whether each is on (or near) the screen, with the linger that
 * keeps the follower a moment after the last one leaves (a row re-rendered, a widget moved in the
 * DOM, comes back to the same follower and its data).
 */
export class Subscribers {
  readonly #listeners = new Map<() => void, boolean>();
  #lingerTimer: unknown = null;

  readonly #env: WatcherEnvironment;
  /** Called once the last subscriber has been gone for the linger. */
  readonly #onEmpty: () => void;

  constructor(env: WatcherEnvironment, onEmpty: () => void) {
    this.#env = env;
    this.#onEmpty = onEmpty;
  }

  add(listener: () => void, inView: boolean): void {
    this.#listeners.set(listener, inView);
    if (this.#lingerTimer != null) this.#env.clearTimeout(this.#lingerTimer);
    this.#lingerTimer = null;
  }

  remove(listener: () => void, lingerMs: number): void {
    if (!this.#listeners.delete(listener) || this.#listeners.size > 0 || this.#lingerTimer != null)
      return;
    this.#lingerTimer = this.#env.setTimeout(() => {
      this.#lingerTimer = null;
      if (this.#listeners.size === 0) this.#onEmpty();
    }, lingerMs);
  }

  /** Marks a subscriber in or out of view; false when it is not one. */
  setInView(listener: () => void, inView: boolean): boolean {
    if (!this.#listeners.has(listener)) return false;
    this.#listeners.set(listener, inView);
    return true;
  }

  /** Some subscriber is in view (or there is none to say otherwise). */
  get inView(): boolean {
    return !this.#listeners.size || [...this.#listeners.values()].includes(true);
  }

  notify(): void {
    for (const listener of [...this.#listeners.keys()]) listener();
  }
}
