/** The response reader as a watcher uses it, once loaded: its two chunks (see each). */
export type ReaderChunk = typeof import('./reader-chunk.js') & typeof import('./answer-chunk.js');

export type { TaskReader } from './answer-reading.js';

let loading: Promise<ReaderChunk> | null = null;

/**
 * The response reader (`reader-chunk.ts`, and `answer-chunk.ts` beside it), loaded once per page
 * on first use. A watcher asks for it when it starts, so the chunks download while the first
 * status request is in flight and are ready by the time the answer lands: the critical path of
 * the page's script stays small.
 */
export function loadTaskReader(): Promise<ReaderChunk> {
  loading ??= Promise.all([import('./reader-chunk.js'), import('./answer-chunk.js')]).then(
    ([reader, answers]) => ({ ...reader, ...answers }),
  );
  return loading;
}
