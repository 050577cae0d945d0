import { bodyKey } from './body-key.js';
import type * as Reader from './reader-chunk.js';
import type { FetchResult } from './request.js';
import type { TaskView } from './view.js';

/** The reader chunk, which reads the bodies. */
type ReaderChunk = typeof Reader;
/** Reads one body into the view model (`readTask`, or the second half of `validateTask`). */
export type TaskReader = (body: unknown) => TaskView;

/** Bodies this long (a task with thousands of outputs) are read in a task after their arrival. */
const LARGE_BODY_CHARS = 500_000;

/**
 * How to read an answer. A body of thousands of steps is validated in a task after the one that
 * received it, and normalized (then rendered) in the next, so that none of them blocks input for
 * long; `wanted(key)` says whether its content is still worth reading then.
 */
export async function readerFor(
  result: FetchResult,
  reader: ReaderChunk,
  nextTask: () => Promise<void>,
  wanted: (key: string) => boolean,
): Promise<{ readTask: TaskReader; key?: string }> {
  if ((result.text?.length ?? 0) <= LARGE_BODY_CHARS) return { readTask: reader.readTask };
  await nextTask();
  const key = bodyKey(result);
  if (!wanted(key)) return { readTask: reader.readTask, key };
  const normalize = reader.validateTask(result.body); // what it throws is a TaskStatusError
  await nextTask();
  return { readTask: () => normalize(), key };
}

/**
 * The task an answer shows, with its body key; null when it shows nothing new: the same content
 * as the body shown (a RequestId aside), or an answer behind what is shown — a lagging replica or
 * a late event (PROCESSING after FINISH, 80 % after 90 %) never moves the screen backwards.
 */
export function readAnswer(
  result: FetchResult,
  reader: ReaderChunk,
  shown: TaskView | null,
  lastBody: string,
  knownKey?: string,
): { task: TaskView; key: string } | null {
  const key = result.body === undefined ? lastBody : (knownKey ?? bodyKey(result));
  if (key === lastBody && shown) return null;
  const task = reader.readTask(result.body);
  return !shown || !reader.isBehind(task, shown) ? { task, key } : null;
}
