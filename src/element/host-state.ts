import type { TaskSnapshot } from '../core/watcher.js';

/** What the host reflects in its `state` attribute (and CSS custom state). */
export type HostState =
  'idle' | 'loading' | 'waiting' | 'processing' | 'success' | 'failed' | 'partial' | 'error';

/** Derives the host state: an error that stopped polling wins over data; no data yet is loading. */
export function hostState(taskId: string, snap: TaskSnapshot | null): HostState {
  if (!taskId) return 'idle';
  if (!snap) return 'loading';
  if (snap.error && snap.connection === 'stopped') return 'error';
  const task = snap.task;
  if (!task) return 'loading'; // first answer pending, or retrying before any data
  if (task.status === 'WAITING') return 'waiting';
  if (task.status === 'FINISH') return task.outcome === 'pending' ? 'success' : task.outcome;
  return 'processing'; // PROCESSING and any status MPS adds later
}

/** Showing last-known data while requests fail or the browser is offline. */
export function isStale(snap: TaskSnapshot | null): boolean {
  return (
    !!snap?.task &&
    (snap.connection === 'retrying' ||
      (snap.connection === 'paused' && snap.pauseReason === 'offline'))
  );
}
