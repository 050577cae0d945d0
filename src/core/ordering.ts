import type { TaskView } from './view.js';

/** WAITING → PROCESSING → FINISH; statuses MPS adds later rank with PROCESSING. */
const rank = (status: string) => (status === 'WAITING' ? 0 : status === 'FINISH' ? 2 : 1);

/**
 * Whether an answer is behind what is shown, so that showing it would move the screen backwards:
 * a lagging replica (PROCESSING after FINISH, or 80 % → 40 %), or an older event a buffering
 * proxy delivers after a newer poll (8 % → 5 %). It is behind when its status ranks lower, or
 * when no step is further along and some step is behind (the same status, less progress, or a
 * step shown before and missing now). A change of course still shows: a new step, or a step
 * whose status changed (a restart).
 */
export function isBehind(next: TaskView, shown: TaskView): boolean {
  if (rank(next.status) !== rank(shown.status)) return rank(next.status) < rank(shown.status);
  let behind = next.subtasks.length < shown.subtasks.length;
  const before = new Map(shown.subtasks.map((s) => [s.id, s]));
  for (const step of next.subtasks) {
    const was = before.get(step.id);
    const delta = (step.progress ?? 0) - (was?.progress ?? 0);
    if (!was || was.status !== step.status || delta > 0) return false;
    behind ||= delta < 0;
  }
  return behind;
}
