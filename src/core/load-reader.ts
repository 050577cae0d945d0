import type { isBehind, readTask, validateTask } from './reader-chunk.js';

export type TaskReader = typeof readTask;

/**
 * The reader chunk's two ways in (all at once, or validation first and normalizing after), and
 * whether a read answer is behind what is shown.
 */
export interface ReaderChunk {
  readTask: typeof readTask;
  validateTask: typeof validateTask;
  isBehind: typeof isBehind;
}

let loading: Promise<ReaderChunk> | null = null;

/**
 * The response reader (`reader-chunk.ts`), loaded once per page on first use. A watcher asks for it
 * when it starts, so the chunk downloads while the first status request is in flight and is
 * ready by the time the answer lands: the critical path of the page's script stays small.
 */
export function loadTaskReader(): Promise<ReaderChunk> {
  loading ??= import('./reader-chunk.js');
  return loading;
}
