/**
 * What a follower does with an answer once it is in, beside reading it: read it whole or in two
 * tasks (`answer-reading.ts`), keep it quiet when it shows nothing new, and pace the next
 * request (`pace.ts`, with its ETA). None of it is needed before the first answer, so it is a
 * chunk that loads with the reader, in parallel (`load-reader.ts`), off every critical path.
 */
export { readAnswer, readerFor } from './answer-reading.js';
export { TaskPace } from './pace.js';
