import { innerOf, isRecord } from './request.js';
import type { TaskView } from './view.js';

/**
 * A first status from a body's `Status` alone, for the moment before the response reader (its
 * chunk: zod, the schema, normalizing) is in: on a phone on Slow 4G that chunk arrives after
 * the answer. Only `WAITING` and `PROCESSING`, which the reader reads the same way whatever else
 * the body holds (a string `Status` wins over a task object's, and no field's type makes it
 * `FINISH`); a finished task's outcome, an error envelope, anything else: null, and the widget
 * waits for the reader. Nothing but the status: no progress, steps or outputs until the reader
 * has checked them.
 * @internal
 */
export function provisionalTask(body: unknown): TaskView | null {
  const inner = isRecord(body) ? innerOf(body) : null;
  if (!isRecord(inner) || inner.Error !== undefined) return null;
  const status = inner.Status;
  if (status !== 'WAITING' && status !== 'PROCESSING') return null;
  return {
    taskId: null,
    taskType: '',
    status,
    outcome: 'pending',
    progress: null,
    createdAt: null,
    startedAt: null,
    finishedAt: null,
    error: null,
    subtasks: [],
    outputs: [],
    primaryOutput: null,
    facts: [],
    source: null,
    requestId: null,
    issues: [],
  };
}
