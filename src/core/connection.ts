import type { TaskStatusError } from './errors.js';
import type { TaskSnapshot } from './snapshot.js';
import type { TaskView } from './view.js';

/** Everything that changes a watcher's snapshot, by name (one reducer, as TanStack Query's `dispatch`). */
export type ConnectionAction =
  /** A request left: `loading` until the first data. (`joining`, below, shows loading too.) */
  | { type: 'requested' }
  /** Task data arrived (a poll or the stream). `done`: FINISH, nothing more will come. */
  | {
      type: 'received';
      task: TaskView;
      predictedFinishAt: number | null;
      serverOffsetMs: number;
      done: boolean;
      streaming: boolean;
    }
  /**
   * A first status read from the answer's `Status` alone (`provisionalTask`), shown while the
   * reader chunk loads; the request still counts as in flight until the answer is `received`.
   */
  | { type: 'previewed'; task: TaskView }
  /** An exchange failed: retried at `nextRetryAt`, or `stop`ped. */
  | { type: 'failed'; error: TaskStatusError; attempt: number; nextRetryAt: number | null }
  | { type: 'stopped'; error: TaskStatusError; attempt: number }
  /** Hidden or offline: held back until the page is back (`error`: what the last attempt hit). */
  | { type: 'paused'; reason: 'hidden' | 'offline'; error?: TaskStatusError }
  /** `refresh()`: the failure count starts over. */
  | { type: 'refreshed' }
  /** The shared event stream now carries this task; the poll schedule is off. */
  | { type: 'streamOpened' }
  /**
   * The stream stopped carrying it: polling takes over, or (`transport: 'sse'`, nothing polls)
   * the outage shows as `error` — one action, so listeners hear it once.
   */
  | { type: 'streamLost'; error?: TaskStatusError; attempt?: number }
  /** A request in flight was abandoned (a newer one, the stream's answer, a retired follower). */
  | { type: 'cancelled' }
  /** The follower is joining the page's shared stream (its chunk loading, its connection due). */
  | { type: 'joining' }
  /** The follower joined the stream (it carries the task once open), or polls only (`false`). */
  | { type: 'joined'; member: boolean };

/**
 * Everything a follower decides on, reduced in one place (query-core keeps `status` and
 * `fetchStatus` as two axes): the public snapshot; how the task is followed (`polled` only,
 * `joining` the stream, `joined` it and waiting for it to carry the task, `streaming`); and
 * whether a request is in flight.
 */
export interface FollowerState {
  snapshot: TaskSnapshot;
  transport: 'polled' | 'joining' | 'joined' | 'streaming';
  fetching: boolean;
}

/** The next follower state for `action`; the same object when nothing changed. */
export function reduceFollower(state: FollowerState, action: ConnectionAction): FollowerState {
  const snapshot = reduceConnection(state.snapshot, action);
  const transport = transportAfter(state.transport, action);
  const fetching =
    action.type === 'requested' ? true : SETTLED_BY.has(action.type) ? false : state.fetching;
  return snapshot === state.snapshot && transport === state.transport && fetching === state.fetching
    ? state
    : { snapshot, transport, fetching };
}

/** The actions after which no request is in flight (an answer, a failure, a cancel). */
const SETTLED_BY = new Set<ConnectionAction['type']>([
  'received',
  'failed',
  'stopped',
  'cancelled',
]);

function transportAfter(
  transport: FollowerState['transport'],
  action: ConnectionAction,
): FollowerState['transport'] {
  switch (action.type) {
    case 'joining':
      return 'joining';
    case 'joined':
      return action.member ? 'joined' : 'polled';
    case 'streamOpened':
      return transport === 'polled' ? transport : 'streaming';
    case 'received':
      return action.streaming ? 'streaming' : transport;
    case 'streamLost':
      return transport === 'streaming' ? 'joined' : transport;
    default:
      return transport;
  }
}

/** The next snapshot for `action`; the same object when nothing changed. */
export function reduceConnection(s: TaskSnapshot, action: ConnectionAction): TaskSnapshot {
  switch (action.type) {
    case 'requested':
    case 'joining':
      return !s.task && s.connection !== 'retrying'
        ? patch(s, { connection: 'loading', pauseReason: null })
        : s;
    case 'received':
      return patch(s, {
        ...NO_TROUBLE,
        task: action.task,
        predictedFinishAt: action.predictedFinishAt,
        serverOffsetMs: action.serverOffsetMs || s.serverOffsetMs,
        connection: action.done ? 'stopped' : action.streaming ? 'streaming' : 'polling',
      });
    case 'previewed':
      return s.task ? s : patch(s, { ...NO_TROUBLE, task: action.task, connection: 'polling' });
    case 'failed':
    case 'stopped': {
      const retrying = action.type === 'failed';
      return patch(s, {
        error: action.error,
        attempt: action.attempt,
        nextRetryAt: retrying ? action.nextRetryAt : null,
        connection: retrying ? 'retrying' : 'stopped',
      });
    }
    case 'paused':
      return patch(s, {
        connection: 'paused',
        pauseReason: action.reason,
        error: action.error ?? s.error,
      });
    case 'refreshed':
      return patch(s, {
        attempt: 0,
        nextRetryAt: null,
        connection: s.task ? 'polling' : 'loading',
      });
    case 'streamOpened':
      return s.task && !s.error && (s.connection === 'polling' || s.connection === 'paused')
        ? patch(s, { connection: 'streaming', pauseReason: null })
        : s;
    case 'streamLost':
      if (action.error)
        return patch(s, {
          error: action.error,
          attempt: action.attempt ?? s.attempt + 1,
          nextRetryAt: null,
          connection: 'retrying',
        });
      return s.connection === 'streaming' ? patch(s, { connection: 'polling' }) : s;
    case 'cancelled':
    case 'joined':
      return s;
  }
}

/** What a good answer clears. */
const NO_TROUBLE = { error: null, attempt: 0, nextRetryAt: null, pauseReason: null } as const;

/** `s` with `changes`, or `s` itself when no field actually changes (no render, no event). */
function patch(s: TaskSnapshot, changes: Partial<TaskSnapshot>): TaskSnapshot {
  for (const k in changes)
    if (changes[k as keyof TaskSnapshot] !== s[k as keyof TaskSnapshot])
      return { ...s, ...changes };
  return s;
}
