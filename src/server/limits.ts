/**
 * A stream's request body: up to `maxTasks` (500) ids with their ETags, ~130 bytes each at real
 * lengths (~67 kB). `toNodeListener` accepts this much by default, so what the widget sends
 * always gets through (one set of limits).
 */
export const MAX_STREAM_BODY = 128 * 1024;
