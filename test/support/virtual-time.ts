import type { WatcherEnvironment } from '../../src/core/environment.js';
import { loadStreamClient } from '../../src/core/stream-join.js';
import { loadTaskReader } from '../../src/core/load-reader.js';
import type { ServerClock } from '../../src/server/clock.js';

// The response reader and the stream client are lazily loaded chunks; in a browser they load
// while the first request is in flight. A dynamic import takes real time (the module loader
// resolves it), which virtual time cannot drain: load them for real before any test runs.
await Promise.all([loadTaskReader(), loadStreamClient()]);

interface Timer {
  id: number;
  at: number;
  fn: () => void;
  /** Repeats every this many ms (`setInterval`). */
  every?: number;
}

/** A turn of the real event loop: `setImmediate` in Node, a message in a browser. */
const realTurn: (done: () => void) => void =
  typeof setImmediate === 'function'
    ? (done) => setImmediate(done)
    : (done) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => done();
        channel.port2.postMessage(0);
      };

type PageTimers = Pick<
  typeof globalThis,
  'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval'
>;

/**
 * Virtual time for the watcher: timers fire only when a test advances the clock, and the
 * microtask queue (fetch promises) is drained between timers, so minutes of polling run in ms.
 */
export class VirtualTime {
  now = 1_700_000_000_000;
  hidden = false;
  online = true;
  private timers: Timer[] = [];
  private seq = 0;
  private listeners = new Set<() => void>();
  randomValue = 0.5;

  env(fetch?: WatcherEnvironment['fetch']): Partial<WatcherEnvironment> {
    return {
      now: () => this.now,
      setTimeout: (fn, ms) => {
        const t = { id: ++this.seq, at: this.now + Math.max(0, ms), fn };
        this.timers.push(t);
        return t.id;
      },
      clearTimeout: (id) => {
        this.timers = this.timers.filter((t) => t.id !== id);
      },
      random: () => this.randomValue,
      isHidden: () => this.hidden,
      isOnline: () => this.online,
      onChange: (l) => {
        this.listeners.add(l);
        return () => this.listeners.delete(l);
      },
      ...(fetch ? { fetch } : {}),
    };
  }

  /** The same time for server code (`createTaskStatusHandler({clock})`). */
  clock(): ServerClock {
    const env = this.env();
    return { now: env.now!, setTimeout: env.setTimeout!, clearTimeout: env.clearTimeout! };
  }

  /** Lets pending promises (fetch, json, parse) settle. */
  async flush(): Promise<void> {
    for (let i = 0; i < 20; i++) await new Promise<void>(realTurn);
  }

  /** Advances the clock by `ms`, firing due timers in order. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    await this.flush();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.now = next.at;
      if (next.every != null) this.timers.push(Object.assign(next, { at: next.at + next.every }));
      next.fn();
      await this.flush();
    }
    this.now = end;
    await this.flush();
  }

  /** Runs timer by timer until `done()`, no timer is left, or `limitMs` of virtual time has passed. */
  async runUntil(done: () => boolean, limitMs: number): Promise<void> {
    const end = this.now + limitMs;
    await this.flush();
    while (!done() && this.now < end) {
      const next = Math.min(...this.timers.map((t) => t.at));
      if (!Number.isFinite(next)) break;
      await this.advance(Math.max(0, Math.min(next, end) - this.now));
    }
  }

  /**
   * Puts this clock in place of the page's own timers and `Date.now` (browser tests: the element
   * reads them at call time); returns the undo. Rendering, microtasks and the network stay real.
   */
  install(): () => void {
    const page = globalThis as unknown as PageTimers;
    const { setTimeout, clearTimeout, setInterval, clearInterval } = page;
    const saved: PageTimers = { setTimeout, clearTimeout, setInterval, clearInterval };
    const realNow = Date.now;
    const schedule = (fn: () => void, ms: number, every?: number) => {
      const t: Timer = { id: ++this.seq, at: this.now + Math.max(0, ms || 0), fn, every };
      this.timers.push(t);
      // The timer itself is the handle: a real clearTimeout given it after the undo is a no-op,
      // where a number could clear one of the page's real timers.
      return t;
    };
    const clear = (handle: unknown) => {
      this.timers = this.timers.filter((t) => t !== handle);
    };
    Object.assign(page, {
      setTimeout: (fn: () => void, ms?: number) => schedule(fn, ms ?? 0),
      setInterval: (fn: () => void, ms?: number) => schedule(fn, ms ?? 0, Math.max(1, ms ?? 0)),
      clearTimeout: clear,
      clearInterval: clear,
    });
    Date.now = () => this.now;
    return () => {
      Object.assign(page, saved);
      Date.now = realNow;
    };
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  setHidden(hidden: boolean): void {
    this.hidden = hidden;
    this.listeners.forEach((l) => l());
  }

  setOnline(online: boolean): void {
    this.online = online;
    this.listeners.forEach((l) => l());
  }

  listenerCount(): number {
    return this.listeners.size;
  }
}
