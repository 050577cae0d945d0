import type { Subtask, TaskDurations, TaskView } from './view.js';

const span = (from: number | null, to: number | null) =>
  from != null && to != null ? Math.max(0, to - from) : null;

/**
 * Queue, processing and total durations. Unfinished stages run up to `now`, which the caller
 * passes already corrected to the server's clock (see `TaskSnapshot.serverOffsetMs`).
 */
export function taskDurations(
  task: Pick<TaskView, 'createdAt' | 'startedAt' | 'finishedAt' | 'status'>,
  now: number,
): TaskDurations {
  const { createdAt: c, startedAt: b, finishedAt: f } = task;
  const end = f ?? (task.status === 'FINISH' ? null : now);
  return {
    queueMs: span(c, b ?? (task.status === 'WAITING' ? now : null)),
    processingMs: span(b, end),
    totalMs: span(c, end),
  };
}

/** A subtask's duration where MPS reports its start: finished, or running up to `now`. */
export function subtaskDurationMs(
  subtask: Pick<Subtask, 'startedAt' | 'finishedAt'>,
  now: number,
): number | null {
  return span(subtask.startedAt, subtask.finishedAt ?? now);
}
