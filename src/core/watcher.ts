import { TaskFollower } from './follower.js';
import { taskUrl, type TaskFetcher } from './request.js';
import type { TaskExchange, TaskWatcher, TaskWatcherOptions } from './watcher-options.js';

export type { ConnectionState, TaskSnapshot } from './snapshot.js';
export type { TaskExchange, TaskWatcher, TaskWatcherOptions } from './watcher-options.js';

const fetcherIds = new WeakMap<TaskFetcher | TaskExchange, number>();
let nextFetcherId = 0;

/**
 * What identifies a follower, in one place: where its answers come from (method and URL, or the
 * custom fetcher or exchange), the task, and how it is followed (the transport and the events
 * endpoint: switching a widget to polling gets a follower that polls). Everything else — the
 * request's headers and credentials, the intervals — is an option a follower takes as it changes.
 */
export function followerKey(o: TaskWatcherOptions): string {
  const method = o.method ?? 'GET';
  let target: string;
  const custom = o.exchange ?? o.fetcher;
  if (custom) {
    if (!fetcherIds.has(custom)) fetcherIds.set(custom, ++nextFetcherId);
    target = `custom#${fetcherIds.get(custom)}`;
  } else {
    target = taskUrl(o.endpoint, o.taskId, method);
  }
  return `${method} ${target} ${o.taskId} ${o.transport ?? 'auto'} ${o.eventsEndpoint ?? ''}`;
}

/** The followers of a page (or a test): one per `followerKey`, shared by every watcher of it. */
export class WatcherRegistry {
  readonly #followers = new Map<string, TaskFollower>();

  /** The follower for `opts`, made on first use; an existing one takes `opts` as its options. */
  acquire(opts: TaskWatcherOptions): TaskFollower {
    const key = followerKey(opts);
    let follower = this.#followers.get(key);
    if (follower) follower.update(opts);
    else {
      const created = new TaskFollower(key, opts, (k) => {
        if (this.#followers.get(k) === created) this.#followers.delete(k);
      });
      this.#followers.set(key, (follower = created));
    }
    return follower;
  }

  /** Followers alive. */
  get size(): number {
    return this.#followers.size;
  }
}

const defaultRegistry = new WatcherRegistry();

/**
 * Watches one MPS task. Watchers with the same `followerKey` share one follower (the latest
 * options win, for every request from then on), which stops a moment after its last subscriber
 * leaves.
 */
export function createTaskWatcher(
  options: TaskWatcherOptions,
  registry: WatcherRegistry = defaultRegistry,
): TaskWatcher {
  let opts = options;
  let follower = registry.acquire(opts);
  const mine = new Set<() => void>();
  let inView = true;
  const current = () => (follower.retired ? (follower = registry.acquire(opts)) : follower);
  return {
    getSnapshot: () => current().snapshot,
    subscribe(listener) {
      const wrapped = () => listener();
      mine.add(wrapped);
      current().addListener(wrapped, inView);
      return () => {
        if (mine.delete(wrapped)) follower.removeListener(wrapped);
      };
    },
    refresh: () => current().refresh(),
    setInView(value) {
      if (value === inView) return;
      inView = value;
      for (const l of mine) follower.setInView(l, value);
    },
    update(next) {
      opts = next;
      if (followerKey(next) === follower.key && !follower.retired) return follower.update(next);
      // Another task or source: the subscribers move, and hear the new follower's snapshot.
      const previous = follower;
      follower = registry.acquire(next);
      for (const l of mine) {
        previous.removeListener(l);
        follower.addListener(l, inView);
      }
      for (const l of mine) l();
    },
    dispose() {
      for (const l of mine) follower.removeListener(l);
      mine.clear();
    },
  };
}

/** Followers alive in the default registry (for tests and leak checks). */
export function activeFollowerCount(): number {
  return defaultRegistry.size;
}

/** @deprecated Counts followers (one per followed task), not connections: `activeFollowerCount`. */
export const activeStreamCount = activeFollowerCount;
