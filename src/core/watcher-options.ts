import type { WatcherEnvironment } from './environment.js';
import type { FetchResult, RequestMethod, TaskFetcher } from './request.js';
import type { TaskSnapshot } from './snapshot.js';
import type { TransportMode } from './transport.js';

/** One exchange with whatever delivers task bodies (the lowest seam, below HTTP). */
export type TaskExchange = (
  taskId: string,
  ctx: { signal: AbortSignal; etag: string | null },
) => Promise<FetchResult>;

export interface TaskWatcherOptions {
  /** Backend URL, absolute or relative; `{taskId}` placeholder or `?TaskId=` (see README). */
  endpoint: string;
  taskId: string;
  method?: RequestMethod;
  requestInit?: RequestInit;
  /** Replaces HTTP entirely; resolves to a body (envelope or bare object). Polled. */
  fetcher?: TaskFetcher;
  /**
   * The lowest seam: one exchange returning `{body, serverOffsetMs, etag}`. Wins over `fetcher`
   * and HTTP (a shared worker, a test double). Polled.
   */
  exchange?: TaskExchange;
  /**
   * `auto` (default): follow the task on the page's shared event stream (server-sent events from
   * `eventsEndpoint`), polling only until it is open and whenever it is refused, fails or goes
   * silent. `poll`: only polling. `sse`: only the stream (no polls; its outages show as errors).
   */
  transport?: TransportMode;
  /** The event stream URL, when it is not the status endpoint without its `{taskId}` part. */
  eventsEndpoint?: string;
  /** Shortest poll interval, ms (default 1000). */
  minInterval?: number;
  /** Longest poll interval, ms (default 15000). */
  maxInterval?: number;
  /**
   * Shortest poll interval while none of the task's subscribers is in view (`setInView`), ms
   * (default 60000; 0 polls them as if in view). Back in view, the task is asked when it would
   * have been had it stayed there.
   */
  offscreenInterval?: number;
  /** Failed requests in a row before giving up into `stopped` with the error (default 8). */
  maxAttempts?: number;
  /** Per-request timeout, ms (default 15000). */
  timeoutMs?: number;
  /** Keep polling while the page is hidden (default false). */
  pollInBackground?: boolean;
  /**
   * An answer the page already has (server rendering: `renderTaskStatusHTML` puts it in the HTML),
   * shown as if it were the first: no first request, and the next one is conditional on its ETag.
   */
  initial?: FetchResult | null;
  /**
   * Show a first status read from the answer's `Status` alone (waiting or processing, nothing
   * else) while the response reader's chunk is still loading; the full reading replaces it as
   * soon as it is in. For views whose first status is a headline (the element's `minimal`).
   */
  provisional?: boolean;
  /** How long a follower outlives its last subscriber, ms (default 250) — a DOM move keeps it. */
  lingerMs?: number;
  environment?: Partial<WatcherEnvironment>;
}

export interface TaskWatcher {
  getSnapshot(): TaskSnapshot;
  /** Starts polling on the first subscriber; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Polls now; restarts a stream that gave up or hit a terminal error. */
  refresh(): void;
  /**
   * Whether this watcher's subscribers are on (or near) the screen (default true). A task none
   * of whose watchers is in view is polled at most every `offscreenInterval`.
   */
  setInView(inView: boolean): void;
  /**
   * New options for this watcher's task: the next request uses them (a rotated bearer token, new
   * intervals). When they name another task or source (`followerKey` differs), the watcher moves
   * its subscribers to that task's follower.
   */
  update(options: TaskWatcherOptions): void;
  /** Unsubscribes everything this watcher subscribed. */
  dispose(): void;
}

/**
 * An interval option as given, when it is a number ≥ `floor` that a timer can hold; else
 * `fallback`. An attribute like `interval="2s"` arrives as NaN, and a NaN delay (or one past
 * 2^31 ms) is a timer of 0 ms: a request storm.
 */
const option = (value: number | undefined, fallback: number, floor: number) =>
  (value as number) >= floor && (value as number) < 2 ** 31 ? (value as number) : fallback;

/** The options with usable intervals (the defaults where a value is not one). */
export const withIntervals = (opts: TaskWatcherOptions): TaskWatcherOptions => ({
  ...opts,
  minInterval: option(opts.minInterval, 1000, 100),
  maxInterval: option(opts.maxInterval, 15_000, 100),
  offscreenInterval: option(opts.offscreenInterval, 60_000, 0),
});
