/** `mps-task-status/server`: the backend half (Node ≥ 20, web-standard Request/Response). */
export * from './web.js';
export { toNodeListener } from './node-adapter.js';
export { tencentCloudSource } from './sources/tencent-cloud.js';
export type { TencentCloudSourceOptions } from './sources/tencent-cloud.js';
export { createNotificationHandler } from './notifications.js';
export type { NotificationHandlerOptions } from './notifications.js';
export { startSimulatorNotifier, simulatedNotification } from './notifier.js';
export type { SimulatorNotifierOptions } from './notifier.js';
export { renderTaskStatusHTML } from './render-html.js';
export type { RenderTaskStatusOptions } from './render-html.js';
