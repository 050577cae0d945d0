import type { readTask } from './read-task.js';

export type TaskReader = typeof readTask;

let loading: Promise<TaskReader> | null = null;

/**
 * The response reader (`read-task.ts`), loaded once per page on first use. A watcher asks for it
 * when it starts, so the chunk downloads while the first status request is in flight and is
 * ready by the time the answer lands: the critical path of the page's script stays small.
 */
export function loadTaskReader(): Promise<TaskReader> {
  loading ??= import('./read-task.js').then((module) => module.readTask);
  return loading;
}
