/** `mps-task-status`: registers `<mps-task-status>` and re-exports the element's API. */
import { defineMpsTaskStatus } from './element/define.js';
import { preloadLanguage } from './element/i18n/index.js';

preloadLanguage();
defineMpsTaskStatus();

export * from './element/index.js';
