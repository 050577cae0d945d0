/** `mps-task-status/server`: the backend half (Node ≥ 20, web-standard Request/Response). */
export { createTaskStatusHandler } from './handler.js';
export type { TaskStatusHandlerOptions } from './handler.js';
export { toNodeListener } from './node-adapter.js';
export type { FetchHandler } from './node-adapter.js';
export { tencentCloudSource } from './sources/tencent-cloud.js';
export type { TencentCloudSourceOptions } from './sources/tencent-cloud.js';
export { simulatorSource } from './sources/simulator.js';
export { UpstreamError } from './source.js';
export type { TaskSource } from './source.js';
export { MpsSimulator, createSimulatorHandler, frozenTask, SCENARIOS } from '../simulator/index.js';
export type { Scenario } from '../simulator/index.js';
export { createNotificationHandler } from './notifications.js';
export type { NotificationHandlerOptions } from './notifications.js';
export { memoryBroadcaster } from './broadcaster.js';
export type { Broadcaster, TaskEvent } from './broadcaster.js';
export { startSimulatorNotifier, simulatedNotification } from './notifier.js';
export type { SimulatorNotifierOptions } from './notifier.js';
