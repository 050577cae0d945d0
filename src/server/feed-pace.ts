import { normalizeTask } from '../core/normalize.js';
import { parseTaskBody } from '../core/parse.js';
import { TaskPace } from '../core/pace.js';
import type { TaskView } from '../core/view.js';
import type { Answer } from './upstream-answer.js';

/** The range a feed's timed polls stay in, ms. */
export interface PaceLimits {
  minMs: number;
  maxMs: number;
}

/**
 * When a feed asks MPS next: by the task's own pace, as the widget asks (`TaskPace`):
 * a queue gently, a step with a known rate just after its predicted finish, a quiet task less
 * and less often. A fixed 2 s for every followed task cost 0.5 calls/s each, and a 120-row page
 * alone spent three times the default budget.
 */
export class FeedPace {
  private readonly pace = new TaskPace();
  private task: TaskView | null = null;
  private etag = '';

  constructor(private readonly random: () => number) {}

  /** The delay before the next timed poll after `answer`, or false when the task is finished. */
  after(answer: Answer, now: number, limits: PaceLimits): number | false {
    if (answer.finished) return false;
    const changed = answer.etag !== this.etag;
    if (changed) {
      this.etag = answer.etag;
      try {
        this.task = normalizeTask(parseTaskBody(JSON.parse(answer.body)).detail);
      } catch {
        return limits.minMs; // a body the widget cannot read either: asked again soon
      }
    }
    const task = this.task!;
    return this.pace.after(task, changed, now, task.startedAt, limits, this.random());
  }
}
