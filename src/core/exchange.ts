import type { WatcherEnvironment } from './environment.js';
import { fetchTask, type FetchResult } from './request.js';
import type { TaskWatcherOptions } from './watcher-options.js';

/**
 * One exchange for a task, by whatever the options name: the `exchange` seam, a custom `fetcher`
 * (a body, polled), or HTTP to the endpoint with the options' request init, timeout and the
 * page's connection slots.
 */
export function exchangeOnce(
  o: TaskWatcherOptions,
  env: WatcherEnvironment,
  etag: string | null,
  signal: AbortSignal,
): Promise<FetchResult> {
  if (o.exchange) return o.exchange(o.taskId, { signal, etag });
  if (o.fetcher)
    return o
      .fetcher(o.taskId, { signal })
      .then((body) => ({ body, serverOffsetMs: 0, etag: null }));
  return fetchTask(o.taskId, {
    endpoint: o.endpoint,
    method: o.method,
    requestInit: o.requestInit,
    timeoutMs: o.timeoutMs,
    signal,
    etag,
    fetch: (input, init) => env.fetch(String(input), init),
    now: env.now,
    requestSlot: env.requestSlot,
  });
}
