import { defaultEnvironment } from './environment.js';
import { exchangeOnce } from './exchange.js';
import type { FetchResult } from './request.js';
import type { TaskWatcherOptions } from './watcher-options.js';

/** What a first request needs to be started before its widget exists: plain HTTP. @internal */
export type FirstRequestOptions = Pick<TaskWatcherOptions, 'endpoint' | 'taskId' | 'method'>;

/**
 * How many of a page's first followers poll at once for their first status beside joining the
 * event stream (`follower.ts`), and so how many first requests the page's script starts.
 * @internal
 */
export const FIRST_POLLS = 4;

const started = new Map<string, Promise<FetchResult>>();

/**
 * The request a set of options makes, as a key; null when it is not plain HTTP that the page's
 * script can start alone (a `fetcher`, an `exchange`, request headers, a fetch or a timeout of
 * its own: the follower's own request is the only right one then).
 */
function requestKey(o: TaskWatcherOptions): string | null {
  if (o.fetcher || o.exchange || o.requestInit || o.environment?.fetch || o.timeoutMs != null)
    return null;
  return JSON.stringify([o.method ?? 'GET', o.endpoint, o.taskId]);
}

/**
 * Starts a task's first status request now, before any widget asks: the page's script calls this
 * as it evaluates, for the widgets already in the HTML, so the request is in flight while Lit and
 * the element are still being evaluated and upgraded (on a phone, 0.1 s of CPU). The follower
 * whose first request it is takes it (`takeFirstRequest`) instead of asking again. Returns the
 * request (already started or new; undefined when it is not one the page can start): the CDN
 * file draws a first status from its answer before the element is defined.
 * @internal
 */
export function startFirstRequest(options: FirstRequestOptions): Promise<FetchResult> | undefined {
  const key = requestKey(options);
  if (!key) return undefined;
  let request = started.get(key);
  if (request) return request;
  request = exchangeOnce(options, defaultEnvironment, null, new AbortController().signal);
  request.catch(() => {}); // its failure belongs to the follower that takes it
  // At most a page's first few, each one answer: one a widget never takes is simply kept.
  started.set(key, request);
  return request;
}

/** The first request started for exactly these options, once; undefined when there is none. @internal */
export function takeFirstRequest(options: TaskWatcherOptions): Promise<FetchResult> | undefined {
  const key = requestKey(options);
  const request = key ? started.get(key) : undefined;
  if (key) started.delete(key);
  return request;
}
