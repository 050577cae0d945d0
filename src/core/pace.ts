import { EtaEstimator } from './eta.js';
import { milestoneKey, nextPollDelay } from './policy.js';
import type { TaskView } from './view.js';

/**
 * When to ask about one followed task next, by its own pace: the ETA from its progress, and how
 * many answers in a row changed no milestone. The widget's follower and the server's feeds both
 * use it, so a page and its backend agree on when a task is worth asking about.
 */
export class TaskPace {
  readonly #eta = new EtaEstimator();
  #quiet = 0;
  #task: TaskView | null = null;
  /** When the task should finish, on the caller's clock, or null while no rate is known. */
  predictedFinishAt: number | null = null;

  /**
   * The delay before the next poll after an answer about `task`, or false once it is finished.
   * Only a changed body moves the ETA (`startedAt` on the caller's clock); every answer counts
   * towards the quiet stretch.
   */
  after(
    task: TaskView,
    changed: boolean,
    now: number,
    startedAt: number | null,
    limits: { minMs: number; maxMs: number },
    random: number,
  ): number | false {
    if (changed)
      this.predictedFinishAt =
        task.status === 'PROCESSING' ? this.#eta.add(now, task.progress, startedAt) : null;
    const milestone = milestoneKey(task) !== milestoneKey(this.#task);
    this.#task = task;
    this.#quiet = milestone ? 0 : this.#quiet + 1;
    return nextPollDelay({
      status: task.status,
      milestone,
      quietCount: this.#quiet,
      predictedFinishAt: this.predictedFinishAt,
      now,
      ...limits,
      random,
    });
  }
}
