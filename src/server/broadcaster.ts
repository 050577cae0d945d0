import type { Answer } from './upstream-answer.js';

/** A task's state change, as an MPS event notification reported it (secrets stripped). */
export interface TaskEvent {
  taskId: string;
  /** `WorkflowTask`, `EditMediaTask`, `ScheduleTask`, `LiveScheduleTask`, … */
  eventType: string;
  /** The `*TaskEvent` object: the same shape as the task object of DescribeTaskDetail. */
  task: Record<string, unknown>;
  /** When this server received it (ms since the epoch). */
  receivedAt: number;
}

/**
 * Carries task events from where notifications arrive to whoever follows the task. The in-memory
 * one serves a single process; one on a shared engine (Redis pub/sub) serves several.
 */
export interface Broadcaster {
  publish(event: TaskEvent): Promise<void> | void;
  /** Calls `listener` for each event of `taskId`; returns the unsubscribe. */
  subscribe(taskId: string, listener: (event: TaskEvent) => void): () => void;
  /**
   * Whether events can arrive now (absent: always). While they cannot (Redis down), feeds poll
   * at the pace they use without notifications.
   */
  healthy?(): boolean;
  /**
   * What several server instances share so that together they make about one DescribeTaskDetail
   * call per task per interval (absent in one process: its own cache does that).
   */
  answers?: SharedAnswers;
}

/** A short cache of upstream answers, one caller per task, and a per-second call budget, shared. */
export interface SharedAnswers {
  /** The shared answer for `taskId` while it is fresh, else null. */
  get(taskId: string): Promise<Answer | null>;
  /** Becomes the one instance calling upstream for `taskId` (for at most `ms`); false if another is. */
  claim(taskId: string, ms: number): Promise<boolean>;
  release(taskId: string): Promise<void>;
  /** Shares `answer` for `ttlMs`. */
  set(taskId: string, answer: Answer, ttlMs: number): Promise<void>;
  /** Takes one upstream call from the budget of `perSecond` shared by all instances; false when spent. */
  spend(perSecond: number): Promise<boolean>;
}

/** One process: listeners per task id, called in order; a throwing listener harms no other. */
export function memoryBroadcaster(): Broadcaster {
  const listeners = new Map<string, Set<(event: TaskEvent) => void>>();
  return {
    publish(event) {
      for (const listener of [...(listeners.get(event.taskId) ?? [])]) {
        try {
          listener(event);
        } catch {
          // One subscriber's failure is its own; the others still hear the event.
        }
      }
    },
    subscribe(taskId, listener) {
      let set = listeners.get(taskId);
      if (!set) listeners.set(taskId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(taskId) === set) listeners.delete(taskId);
      };
    },
  };
}
