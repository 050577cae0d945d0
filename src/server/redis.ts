import { stripSecrets } from '../core/secrets.js';
import { hash } from './answers.js';
import type { Answer } from './upstream-answer.js';
import type { Broadcaster, SharedAnswers, TaskEvent } from './broadcaster.js';
import { systemClock, within, type ServerClock } from './clock.js';

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
  on(event: 'error', listener: (error: unknown) => void): unknown;
  /** `ready`: (re)connected; `close`/`end`: the connection is gone (ioredis retries). */
  on(event: 'ready' | 'close' | 'end', listener: () => void): unknown;
  quit(): Promise<unknown>;
}

export interface RedisBroadcasterOptions {
  /** An `ioredis` client (`new Redis(url)`); a duplicate of it subscribes. */
  redis: RedisClient;
  /** Key and channel prefix, so several deployments can share one Redis (default `mts:`). */
  prefix?: string;
  /** Clock for the per-second call budget (injectable for tests; default `Date.now`). */
  now?: () => number;
  /** Timers for the bound on `publish` (default real ones). */
  clock?: ServerClock;
}

/** How long a publish may take before this instance delivers the event to its own viewers. */
const PUBLISH_MS = 1000;
/** Tasks whose latest unpublished event is kept for when Redis is back (beyond: their polls). */
const MAX_UNPUBLISHED = 10_000;

/** Deletes the lock only if it is still ours (it may have expired and been taken since). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** The shared answers on Redis: a short cache, a lock per task, a per-second call budget. */
function sharedAnswersOn(redis: RedisClient, prefix: string, now: () => number): SharedAnswers {
  const instance = Math.random().toString(36).slice(2);
  return {
    async get(taskId) {
      return answerFrom(await redis.get(`${prefix}answer:${taskId}`));
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

/**
 * An answer read from Redis, checked like any input (Redis is shared, and not ours alone): a JSON
 * object with a body that parses to an object, its secrets stripped again, the ETag recomputed
 * from what is served (a stored ETag with a line break would forge an SSE frame); else null.
 */
export function answerFrom(text: string | null): Answer | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<Answer> | null;
    if (!value || typeof value.body !== 'string' || typeof value.fetchedAt !== 'number')
      return null;
    const content = JSON.parse(value.body) as unknown;
    if (!content || typeof content !== 'object' || Array.isArray(content)) return null;
    const body = JSON.stringify(stripSecrets(content));
    return {
      body,
      etag: `"${hash(body)}"`,
      finished: value.finished === true,
      fetchedAt: value.fetchedAt,
    };
  } catch {
    return null;
  }
}

/** An event from the channel, when it is one: an object naming a task, with a task object. */
function eventFrom(message: string): TaskEvent | null {
  try {
    const event = JSON.parse(message) as Partial<TaskEvent> | null;
    if (!event || typeof event.taskId !== 'string' || !event.task || typeof event.task !== 'object')
      return null;
    return {
      taskId: event.taskId,
      eventType: typeof event.eventType === 'string' ? event.eventType : '',
      task: stripSecrets(event.task),
      receivedAt: typeof event.receivedAt === 'number' ? event.receivedAt : 0,
    };
  } catch {
    return null;
  }
}

/** Calls this instance's listeners for the events arriving on one subscribed connection. */
function deliverTo(listeners: Map<string, Set<(event: TaskEvent) => void>>) {
  return (_channel: string, message: string) => {
    const event = eventFrom(message);
    if (!event) return; // not ours, or not an event (a `null` would have thrown for every viewer)
    for (const listener of [...(listeners.get(event.taskId) ?? [])]) {
      try {
        listener(event);
      } catch {
        // One subscriber's failure is its own.
      }
    }
  };
}

/** A wake-up for a task when Redis goes or comes back: not an MPS event, just "ask again". */
const resync = (taskId: string) =>
  JSON.stringify({ taskId, eventType: 'Resync', task: {}, receivedAt: Date.now() });

/**
 * This instance's subscriptions on one subscribed connection: a channel per followed task, taken
 * up again on each `ready` (a subscription asked for while Redis was down failed, and ioredis
 * restores only those it had), and whether events can arrive now.
 */
class Subscriptions {
  readonly listeners = new Map<string, Set<(event: TaskEvent) => void>>();
  readonly deliver = deliverTo(this.listeners);
  /** The subscription connection is down: events from other instances cannot arrive. */
  down = false;
  private subscriber: RedisSubscriber | null = null;

  constructor(
    private readonly redis: RedisClient,
    private readonly channel: (taskId: string) => string,
    /** Redis is back (the subscription connection is ready again after being down). */
    private readonly onBack: () => void,
  ) {}

  add(taskId: string, listener: (event: TaskEvent) => void): () => void {
    let set = this.listeners.get(taskId);
    if (!set) {
      this.listeners.set(taskId, (set = new Set()));
      // Redis unreachable: no events, and the feed's timed poll still follows the task.
      this.subscribe(taskId);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size > 0 || this.listeners.get(taskId) !== set) return;
      this.listeners.delete(taskId);
      this.connection()
        .unsubscribe(this.channel(taskId))
        .catch(() => {});
    };
  }

  async close(): Promise<void> {
    await this.subscriber?.quit();
    this.subscriber = null;
  }

  /**
   * A publish failed: Redis is down. The subscription connection, opened now if this instance
   * follows nothing, says when it is back (to publish again what it could not).
   */
  publishFailed(): void {
    this.connection();
    this.turn(true);
  }

  private subscribe(taskId: string): void {
    this.connection()
      .subscribe(this.channel(taskId))
      .catch(() => this.turn(true)); // taken up again on `ready`
  }

  /**
   * Events stop or start arriving: each followed task is asked for once more (its feed's
   * wake-up). Going down, so that its feed polls from now at the pace without notifications
   * instead of waiting out a safety poll set for minutes; back up, because what other instances
   * were told meanwhile never reached this one.
   */
  private turn(down: boolean): void {
    if (this.down === down) return;
    this.down = down;
    for (const taskId of this.listeners.keys()) this.deliver(this.channel(taskId), resync(taskId));
    if (!down) this.onBack();
  }

  private connection(): RedisSubscriber {
    if (this.subscriber) return this.subscriber;
    const subscriber = (this.subscriber = this.redis.duplicate());
    subscriber.on('message', this.deliver);
    // Without a listener, ioredis turns every connection error into an unhandled error event.
    const lost = () => this.turn(true);
    subscriber.on('error', lost);
    subscriber.on('close', lost);
    subscriber.on('end', lost);
    subscriber.on('ready', () => {
      for (const taskId of this.listeners.keys()) this.subscribe(taskId);
      this.turn(false);
    });
    return subscriber;
  }
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
  const clock = opts.clock ?? systemClock;
  const prefix = opts.prefix ?? 'mts:';
  const channel = (taskId: string) => `${prefix}event:${taskId}`;
  /** Per task, the latest event Redis did not take: published again when it is back. */
  const unpublished = new Map<string, string>();
  const republish = () => {
    for (const [taskId, message] of unpublished)
      redis.publish(channel(taskId), message).catch(() => {});
    unpublished.clear();
  };
  // A moment after Redis is back, so that the other instances have subscribed again.
  const subscriptions = new Subscriptions(redis, channel, () =>
    clock.setTimeout(republish, PUBLISH_MS),
  );
  return {
    /**
     * Publishes to every instance. When Redis does not take it in time (down, or its offline
     * queue holding it), this instance's own viewers hear the event at once, and the other
     * instances when Redis is back: a notification is never lost.
     */
    async publish(event) {
      const message = JSON.stringify(event);
      try {
        const published = redis.publish(channel(event.taskId), message);
        await within(clock, PUBLISH_MS, published, () => new Error('Redis is slow'));
      } catch {
        subscriptions.deliver(channel(event.taskId), message);
        subscriptions.publishFailed();
        if (unpublished.size < MAX_UNPUBLISHED || unpublished.has(event.taskId))
          unpublished.set(event.taskId, message);
      }
    },
    subscribe: (taskId, listener) => subscriptions.add(taskId, listener),
    healthy: () => !subscriptions.down,
    answers: sharedAnswersOn(redis, prefix, opts.now ?? Date.now),
    close: () => subscriptions.close(),
  };
}
