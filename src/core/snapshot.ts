import type { TaskStatusError } from './errors.js';
import type { TaskView } from './view.js';

/**
 * - `idle`: nobody subscribed yet; `loading`: first request in flight, no data;
 * - `polling`: data shown, next poll scheduled or in flight; `streaming`: data shown, the shared
 *   event stream delivers each change (no polls);
 * - `retrying`: the last request failed and another is scheduled (`attempt`, `nextRetryAt`);
 *   `paused`: hidden or offline (`pauseReason`);
 * - `stopped`: no more requests — the task finished, a terminal error, or retries gave up.
 */
export type ConnectionState =
  'idle' | 'loading' | 'polling' | 'streaming' | 'retrying' | 'paused' | 'stopped';

export interface TaskSnapshot {
  taskId: string;
  connection: ConnectionState;
  pauseReason: 'hidden' | 'offline' | null;
  /** Consecutive failed requests. */
  attempt: number;
  /** When the next retry is due (local clock), while `retrying`. */
  nextRetryAt: number | null;
  /** Last known task data, kept through errors so a UI can show it as stale. */
  task: TaskView | null;
  /** The last error; null after a successful response. */
  error: TaskStatusError | null;
  /** Predicted finish (local clock) from the progress rate, or null. */
  predictedFinishAt: number | null;
  /** Add to `Date.now()` to get the server's clock (from the `Date` header). */
  serverOffsetMs: number;
}

export const initialSnapshot = (taskId: string): TaskSnapshot => ({
  taskId,
  connection: 'idle',
  pauseReason: null,
  attempt: 0,
  nextRetryAt: null,
  task: null,
  error: null,
  predictedFinishAt: null,
  serverOffsetMs: 0,
});
