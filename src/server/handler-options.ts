import type { ServerClock } from './clock.js';
import type { Answers } from './answers.js';
import type { Broadcaster } from './broadcaster.js';
import type { Log, Transform } from './responses.js';
import type { TaskSource } from './source.js';

export interface TaskStatusHandlerOptions {
  /** Where task details come from: `tencentCloudSource(...)`, `simulatorSource(...)`, or your own. */
  source: TaskSource;
  /** Who may see which task. Return false (or throw) to answer 403. Required unless `allowAnyTask`. */
  authorize?: (request: Request, taskId: string) => boolean | Promise<boolean>;
  /** Serve any task to anyone. Must be set explicitly: task details can name buckets and paths. */
  allowAnyTask?: boolean;
  /** Shapes the forwarded `Response` object further (after secrets are removed). */
  transform?: Transform;
  /** Requests for one TaskId within this window share one upstream call (default 1000 ms). */
  cacheMs?: number;
  /** How long a FINISH answer is reused (default 60 000 ms): it no longer changes. */
  finishedCacheMs?: number;
  /** Upstream calls per second this handler may make (default 20, burst 40); beyond it viewers get 429. */
  upstreamRate?: { perSecond: number; burst?: number };
  /** Allowed browser origin(s) for cross-origin pages; `*` for any (no credentials). Default: none (same origin). */
  corsOrigin?: string | string[];
  /** Server-side log of upstream problems (credential errors are only ever told here). Default: console.error. */
  log?: Log;
  /**
   * Where task events arrive from (the broadcaster your `createNotificationHandler` publishes
   * to): each event refreshes its task for every open event stream at once. With a shared
   * engine (`redisBroadcaster`), server instances also share upstream answers and the call budget.
   */
  broadcaster?: Broadcaster;
  /** Server-sent events (`Accept: text/event-stream`): caps, heartbeat, poll interval. */
  events?: EventStreamOptions;
  /** Clock, injectable for tests (`clock.now` wins). */
  now?: () => number;
  /**
   * Time for everything the handler schedules — feeds' polls, heartbeats, waits for another
   * instance's answer, the upstream timeout — injectable so tests run in virtual time.
   */
  clock?: ServerClock;
}

/** The status handler, with counters for tests and operations. */
export type TaskStatusHandler = ((request: Request) => Promise<Response>) & {
  /** Upstream (DescribeTaskDetail) calls this handler made. */
  readonly upstreamCalls: number;
  /** Event streams open right now. */
  readonly openStreams: number;
};

/** The options with their defaults, and the per-handler state. */
export interface HandlerContext {
  options: TaskStatusHandlerOptions;
  now: () => number;
  clock: ServerClock;
  cacheMs: number;
  finishedCacheMs: number;
  answers: Answers;
  log: Log;
  /** A shared (public) cache may only hold answers when every viewer may see every task. */
  shareable: boolean;
}

export interface EventStreamOptions {
  /** A comment line this often keeps proxies from closing an idle stream and tells the client it is alive (default 15 000 ms). */
  heartbeatMs?: number;
  /** The reconnection delay suggested to clients (`retry:`), ms (default 2000). */
  retryMs?: number;
  /**
   * The shortest time between two timed asks of MPS for a followed task; within it the task's
   * own pace decides (its predicted finish, how long it has been quiet), up to 15 s. Default
   * 2000 ms; with a `broadcaster`, 30 000 ms (up to 2 min: notifications do the rest).
   */
  pollMs?: number;
  /** Open streams per client (default 6); beyond it, 429. */
  maxPerClient?: number;
  /** Open streams per handler (default 2000); beyond it, 503. */
  maxTotal?: number;
  /** Tasks one stream may follow (default 500); beyond it, 400. */
  maxTasks?: number;
  /**
   * Who a client is, for `maxPerClient`. Default: the socket's address as `toNodeListener`
   * recorded it, out of band (no header a client could send). Mounted directly (Next.js, Hono,
   * a worker) there is none: pass a session id, or a header only your proxy sets; without any,
   * there is no per-client cap, and the handler says so once in its log.
   */
  clientKey?: (request: Request) => string | null;
}
