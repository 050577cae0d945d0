import type { ReaderChunk } from './load-reader.js';

/**
 * Everything the watcher needs from its surroundings, injectable so tests and benchmarks drive it
 * in virtual time. The defaults read browser globals lazily (at call time, never at import), so
 * the core imports cleanly in Node, workers and SSR.
 */
export interface WatcherEnvironment {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
  fetch(input: string, init?: RequestInit): Promise<Response>;
  /**
   * A free connection slot to `origin` (see `RequestSlots`): the function that frees it, or a
   * promise of it when the request must wait. Widgets of one page share the default slots.
   */
  requestSlot(origin: string, signal?: AbortSignal): (() => void) | Promise<() => void>;
  /** The page is hidden (a background tab). */
  isHidden(): boolean;
  isOnline(): boolean;
  /** Calls `listener` when visibility or connectivity changes; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  /** The shared event streams (default: the page's `EventStreamRegistry`). Tests give their own. */
  eventStreams?: EventStreamJoiner;
  /**
   * Resolves on a later turn of the event loop, letting the page render and handle input
   * (default: `scheduler.yield()` where there is one, else a `MessageChannel` message).
   */
  nextTurn?(): Promise<void>;
  /** How long past two heartbeats a silent stream is given before it counts as dead (5000 ms). */
  watchdogGraceMs?: number;
  /**
   * Loads the response reader (default: its chunk, once per page). Tests hold it back to land
   * an answer first.
   */
  loadReader?(): Promise<ReaderChunk>;
  /**
   * Whether a follower joining the event stream also polls at once for its first status: > 0
   * yes. Default: the page's first four followers do (`follower.ts`).
   */
  firstPolls?: number;
}

/** What joins a follower to the page's shared event stream (`EventStreamRegistry`). */
export interface EventStreamJoiner {
  /**
   * Joins the stream of `endpoint` (`identity`: what makes a stream another one, the URL and
   * credentials, `streamIdentity`); returns the leave, or null when it has no usable URL.
   */
  join(
    endpoint: { endpoint: string; eventsEndpoint?: string },
    init: RequestInit | undefined,
    env: WatcherEnvironment,
    taskId: string,
    member: StreamMember,
    identity: string,
  ): (() => void) | null;
}

/** A watcher's side of the shared stream. */
export interface StreamMember {
  /** The ETag of the body it shows: sent as `Known`, so an unchanged task is not sent again. */
  etag(): string | null;
  /** The stream is open and carries this task: no polls needed. */
  opened(): void;
  received(result: FetchResult): void;
  failed(error: TaskStatusError): void;
  /** The stream stopped carrying it: `refused` by the server, `failed`, or `paused` (hidden, offline). */
  lost(reason: 'refused' | 'failed' | 'paused'): void;
}

import type { TaskStatusError } from './errors.js';
import type { FetchResult } from './request.js';
import { RequestSlots } from './request-slots.js';

type Doc = {
  visibilityState?: string;
  addEventListener(t: string, l: () => void): void;
  removeEventListener(t: string, l: () => void): void;
};
const g = globalThis as unknown as {
  document?: Doc;
  navigator?: { onLine?: boolean };
  addEventListener?: Doc['addEventListener'];
  removeEventListener?: Doc['removeEventListener'];
};

const pageSlots = new RequestSlots();

export const defaultEnvironment: WatcherEnvironment = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
  fetch: (input, init) => globalThis.fetch(input, init),
  requestSlot: (origin, signal) => pageSlots.acquire(origin, signal),
  isHidden: () => g.document?.visibilityState === 'hidden',
  isOnline: () => g.navigator?.onLine !== false,
  onChange(listener) {
    const doc = g.document;
    doc?.addEventListener('visibilitychange', listener);
    g.addEventListener?.('online', listener);
    g.addEventListener?.('offline', listener);
    return () => {
      doc?.removeEventListener('visibilitychange', listener);
      g.removeEventListener?.('online', listener);
      g.removeEventListener?.('offline', listener);
    };
  },
};
