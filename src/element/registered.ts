/** Registers `<mps-task-status>` and re-exports the element's API (both entries end here). */
import { defineMpsTaskStatus } from './define.js';

defineMpsTaskStatus();

export * from './index.js';
