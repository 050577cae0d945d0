import { normalizeTask } from './normalize.js';
import { parseTaskBody } from './parse.js';
import type { TaskView } from './view.js';

// Judged where answers are read, so its bytes load with the reader, off the critical path.
export { isBehind } from './ordering.js';

/**
 * Response body → view model: validation (zod), secrets stripped, normalization. The heavier half
 * of the core (zod alone is ~6 kB), so the watcher loads it as a chunk of its own, in parallel
 * with the first status request (see `load-reader.ts`). The chunk as built stays under 32 kB: the
 * npm tarball holds two copies (with and without Lit), and gzip's 32 kB window finds the second
 * only then (at 33.2 kB the tarball grew by 14 kB).
 */
export function readTask(body: unknown): TaskView {
  const parsed = parseTaskBody(body);
  return normalizeTask(parsed.detail, parsed.issues);
}

/**
 * The same in two steps, for bodies of thousands of steps: validates now and returns the
 * normalizing half, so a caller can run the two in separate tasks (neither blocks input long).
 */
export function validateTask(body: unknown): () => TaskView {
  const parsed = parseTaskBody(body);
  return () => normalizeTask(parsed.detail, parsed.issues);
}
