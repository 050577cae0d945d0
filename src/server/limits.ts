/**
 * A stream's request body: up to `maxTasks` (500) ids with their ETags. At real lengths that is
 * ~130 bytes a task (~67 kB); at the longest ids the handler accepts (128 characters, each named
 * in `TaskIds` and in `Known` with a 14-character ETag) ~300 bytes (~150 kB). `toNodeListener`
 * accepts this much by default, so what the widget sends always gets through (one set of limits).
 */
export const MAX_STREAM_BODY = 160 * 1024;
