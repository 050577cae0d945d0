/**
 * The framework-agnostic core: no Lit, no DOM at import time. Usable from React
 * (`useSyncExternalStore`), Vue, plain JS and Node.
 */
export {
  createTaskWatcher,
  activeFollowerCount,
  activeStreamCount,
  followerKey,
  WatcherRegistry,
} from './watcher.js';
export type {
  TaskWatcher,
  TaskWatcherOptions,
  TaskSnapshot,
  ConnectionState,
  TaskExchange,
} from './watcher.js';
export type { TransportMode } from './transport.js';
export type { EventStreamRegistry } from './event-streams.js';
export type { ConnectionAction } from './connection.js';
export type { WatcherEnvironment } from './environment.js';
export { TaskStatusError } from './errors.js';
export type { TaskErrorKind } from './errors.js';
export { parseTaskBody } from './parse.js';
export type { FieldIssue, ParsedTask } from './parse.js';
export { normalizeTask, overallProgress } from './normalize.js';
export { taskDurations, subtaskDurationMs } from './durations.js';
export { nextPollDelay, retryDelay } from './policy.js';
export { fetchTask, taskUrl, parseRetryAfter } from './request.js';
export type { RequestMethod, TaskFetcher, FetchResult } from './request.js';
export { parseMpsTime, NOT_YET } from './time.js';
export { stripSecrets, isSecretKey } from './secrets.js';
export type * from './view.js';
export type { TaskDetail, TaskObject } from './task-detail.js';
