/**
 * `mps-task-status/server/web`: the backend pieces that need nothing but web standards (`Request`,
 * `Response`, streams, timers), for workers and edge runtimes: the status handler, the
 * broadcasters and the simulator. No Node built-in is imported from here (a test bundles it for a
 * neutral platform). The Node pieces are in `mps-task-status/server`: `toNodeListener`, the
 * official SDK's `tencentCloudSource`, and the notification receiver (MPS signs with MD5, which
 * Web Crypto does not offer).
 */
export { createTaskStatusHandler } from './handler.js';
export type { TaskStatusHandler, TaskStatusHandlerOptions } from './handler.js';
export type { EventStreamOptions } from './event-stream.js';
export type { Answer } from './answers.js';
export type { FetchHandler } from '../shared/http.js';
export { simulatorSource } from './sources/simulator.js';
export { UpstreamError } from './source.js';
export type { TaskSource } from './source.js';
export { MpsSimulator, createSimulatorHandler, frozenTask, SCENARIOS } from '../simulator/index.js';
export type { Scenario } from '../simulator/index.js';
export { memoryBroadcaster } from './broadcaster.js';
export { redisBroadcaster } from './redis.js';
export type { RedisBroadcasterOptions, RedisClient, RedisSubscriber } from './redis.js';
export type { Broadcaster, SharedAnswers, TaskEvent } from './broadcaster.js';
