/** `mps-task-status/element`: the class and its types, without registering anything. */
export { MpsTaskStatus } from './mps-task-status.js';
export { defineMpsTaskStatus } from './define.js';
export {
  MpsTaskUpdateEvent,
  MpsTaskStateChangeEvent,
  MpsTaskFinishEvent,
  MpsTaskErrorEvent,
} from './events.js';
export type { HostState } from './host-state.js';
export type { Strings } from './i18n/index.js';
export type { OutputUrlResolver } from './output-url.js';
