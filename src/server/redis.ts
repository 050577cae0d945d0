import type { Answer } from './upstream-answer.js';
import type { Broadcaster, SharedAnswers, TaskEvent } from './broadcaster.js';

/** The part of an ioredis client this uses (structural, so the package stays an optional peer). */
export interface RedisClient {
  publish(channel: string, message: string): Promise<unknown>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, px: 'PX', ms: number): Promise<unknown>;
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<'OK' | null>;
  incr(key: string): Promise<number>;
  pexpire(key: string, ms: number): Promise<unknown>;
  eval(script: string, keys: number, ...args: string[]): Promise<unknown>;
  /** A second connection: a subscribed one can do nothing else. */
  duplicate(): RedisSubscriber;
}

export interface RedisSubscriber {
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  quit(): Promise<unknown>;
}

export interface RedisBroadcasterOptions {
  /** An `ioredis` client (`new Redis(url)`); a duplicate of it subscribes. */
  redis: RedisClient;
  /** Key and channel prefix, so several deployments can share one Redis (default `mts:`). */
  prefix?: string;
  /** Clock for the per-second call budget (injectable for tests; default `Date.now`). */
  now?: () => number;
}

/** Deletes the lock only if it is still ours (it may have expired and been taken since). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** The shared answers on Redis: a short cache, a lock per task, a per-second call budget. */
function sharedAnswersOn(redis: RedisClient, prefix: string, now: () => number): SharedAnswers {
  const instance = Math.random().toString(36).slice(2);
  return {
    async get(taskId) {
      const text = await redis.get(`${prefix}answer:${taskId}`);
      try {
        return text ? (JSON.parse(text) as Answer) : null;
      } catch {
        return null;
      }
    },
    async claim(taskId, ms) {
      return (await redis.set(`${prefix}lock:${taskId}`, instance, 'PX', ms, 'NX')) === 'OK';
    },
    async release(taskId) {
      await redis.eval(RELEASE, 1, `${prefix}lock:${taskId}`, instance);
    },
    async set(taskId, answer, ttlMs) {
      if (ttlMs > 0)
        await redis.set(`${prefix}answer:${taskId}`, JSON.stringify(answer), 'PX', ttlMs);
    },
    async spend(perSecond) {
      const key = `${prefix}budget:${Math.floor(now() / 1000)}`;
      const used = await redis.incr(key);
      if (used === 1) await redis.pexpire(key, 2000);
      return used <= perSecond;
    },
  };
}

/** Calls this instance's listeners for the events arriving on one subscribed connection. */
function deliverTo(listeners: Map<string, Set<(event: TaskEvent) => void>>) {
  return (_channel: string, message: string) => {
    let event: TaskEvent;
    try {
      event = JSON.parse(message) as TaskEvent;
    } catch {
      return; // not ours
    }
    for (const listener of [...(listeners.get(event.taskId) ?? [])]) {
      try {
        listener(event);
      } catch {
        // One subscriber's failure is its own.
      }
    }
  };
}

/**
 * A `Broadcaster` on Redis, for several server instances: events on pub/sub (one channel per
 * followed task, subscribed while this instance has viewers of it), and `answers` — the shared
 * short cache, one upstream caller per task at a time, and a per-second budget of upstream calls
 * shared by every instance — so that N instances together make about one DescribeTaskDetail call
 * per task per interval and stay under the account's MPS rate limit. `close()` ends the
 * subscription connection (the client you passed is yours to quit).
 */
export function redisBroadcaster(opts: RedisBroadcasterOptions): Broadcaster & {
  answers: SharedAnswers;
  close(): Promise<void>;
} {
  const { redis } = opts;
  const prefix = opts.prefix ?? 'mts:';
  const channel = (taskId: string) => `${prefix}event:${taskId}`;
  const listeners = new Map<string, Set<(event: TaskEvent) => void>>();
  let subscriber: RedisSubscriber | null = null;
  const connection = () => {
    if (!subscriber) {
      subscriber = redis.duplicate();
      subscriber.on('message', deliverTo(listeners));
    }
    return subscriber;
  };
  return {
    async publish(event) {
      await redis.publish(channel(event.taskId), JSON.stringify(event));
    },
    subscribe(taskId, listener) {
      let set = listeners.get(taskId);
      if (!set) {
        listeners.set(taskId, (set = new Set()));
        // Redis unreachable: no events, and the feed's timed poll still follows the task.
        connection()
          .subscribe(channel(taskId))
          .catch(() => {});
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size > 0 || listeners.get(taskId) !== set) return;
        listeners.delete(taskId);
        connection()
          .unsubscribe(channel(taskId))
          .catch(() => {});
      };
    },
    answers: sharedAnswersOn(redis, prefix, opts.now ?? Date.now),
    async close() {
      await subscriber?.quit();
      subscriber = null;
    },
  };
}
