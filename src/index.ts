/** `mps-task-status`: registers `<mps-task-status>` and re-exports the element's API. */
import { defineMpsTaskStatus } from './element/define.js';

defineMpsTaskStatus();

export * from './element/index.js';
