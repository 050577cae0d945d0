import { EtaEstimator } from '../core/eta.js';
import { normalizeTask } from '../core/normalize.js';
import { parseTaskBody } from '../core/parse.js';
import { milestoneKey, nextPollDelay } from '../core/policy.js';
import type { TaskView } from '../core/view.js';
import type { Answer } from './upstream-answer.js';

/** The range a feed's timed polls stay in, ms. */
export interface PaceLimits {
  minMs: number;
  maxMs: number;
}

/**
 * When a feed asks MPS next: by the task's own pace, with the widget's policy (`nextPollDelay`):
 * a queue gently, a step with a known rate just after its predicted finish, a quiet task less
 * and less often. A fixed 2 s for every followed task cost 0.5 calls/s each, and a 120-row page
 * alone spent three times the default budget.
 */
export class FeedPace {
  private readonly eta = new EtaEstimator();
  private quiet = 0;
  private task: TaskView | null = null;
  private etag = '';
  /** The predicted finish from the progress seen so far (server clock), or null. */
  private predictedFinishAt: number | null = null;

  constructor(private readonly random: () => number) {}

  /** The delay before the next timed poll after `answer`, or false when the task is finished. */
  after(answer: Answer, now: number, limits: PaceLimits): number | false {
    if (answer.finished) return false;
    const before = this.task;
    if (answer.etag !== this.etag) {
      this.etag = answer.etag;
      try {
        this.task = normalizeTask(parseTaskBody(JSON.parse(answer.body)).detail);
      } catch {
        return limits.minMs; // a body the widget cannot read either: asked again soon
      }
      this.predictedFinishAt =
        this.task.status === 'PROCESSING'
          ? this.eta.add(now, this.task.progress, this.task.startedAt)
          : null;
    }
    const task = this.task!;
    const milestone = milestoneKey(task) !== milestoneKey(before);
    this.quiet = milestone ? 0 : this.quiet + 1;
    return nextPollDelay({
      status: task.status,
      milestone,
      quietCount: this.quiet,
      predictedFinishAt: this.predictedFinishAt,
      now,
      minMs: limits.minMs,
      maxMs: limits.maxMs,
      random: this.random(),
    });
  }
}
