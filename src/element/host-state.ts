import type { TaskSnapshot } from '../core/watcher.js';

/** What the host reflects in its `state` attribute (and CSS custom state). */
export type HostState =
  'idle' | 'loading' | 'waiting' | 'processing' | 'success' | 'failed' | 'partial' | 'error';

/** What the host shows right now: the controllers that announce and reflect it read this. */
export interface HostView {
  taskId: string;
  state: HostState;
  snapshot: TaskSnapshot | null;
}

/** Derives the host state: an error that stopped polling wins over data; no data yet is loading. */
export function hostState(taskId: string, snapshot: TaskSnapshot | null): HostState {
  if (!taskId) return 'idle';
  if (!snapshot) return 'loading';
  if (snapshot.error && snapshot.connection === 'stopped') return 'error';
  const task = snapshot.task;
  if (!task) return 'loading'; // first answer pending, or retrying before any data
  if (task.status === 'WAITING') return 'waiting';
  if (task.status === 'FINISH') return task.outcome === 'pending' ? 'success' : task.outcome;
  return 'processing'; // PROCESSING and any status MPS adds later
}

/** Elapsed time, queue time or a retry countdown is on screen and must move every second. */
export function showsRunningClock(state: HostState, snapshot: TaskSnapshot | null): boolean {
  return state === 'waiting' || state === 'processing' || snapshot?.connection === 'retrying';
}

/** Showing last-known data while requests fail or the browser is offline. */
export function isStale(snapshot: TaskSnapshot | null): boolean {
  return (
    !!snapshot?.task &&
    (snapshot.connection === 'retrying' ||
      (snapshot.connection === 'paused' && snapshot.pauseReason === 'offline'))
  );
}
