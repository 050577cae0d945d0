/** How a watcher follows its task: the shared event stream when it can (`auto`), only polling, or only the stream. */
export type TransportMode = 'auto' | 'poll' | 'sse';

interface TransportOptions {
  endpoint: string;
  eventsEndpoint?: string;
  transport?: TransportMode;
  /** A custom fetcher or exchange replaces HTTP: then there is no stream to open. */
  custom?: unknown;
}

/**
 * The transport choice, in one place: the URL of the shared event stream for these options, or
 * null when the task is polled — `transport: 'poll'`, a custom fetcher, or a runtime without
 * streaming fetch. The stream's URL is `eventsEndpoint`, else the status endpoint without its
 * `{taskId}` part (`/api/task/{taskId}` → `/api/task`, `/api?id={taskId}` → `/api`).
 */
export function eventStreamUrl(o: TransportOptions, baseUrl?: string): string | null {
  if (o.transport === 'poll' || o.custom) return null;
  const g = globalThis as { ReadableStream?: unknown; TextDecoder?: unknown };
  if (!g.ReadableStream || !g.TextDecoder) return null;
  let endpoint = o.eventsEndpoint ?? o.endpoint;
  const at = endpoint.indexOf('{taskId}');
  if (at >= 0) endpoint = endpoint.slice(0, at).replace(/\/$|[?&][^?&/]*=$/, '');
  const base =
    baseUrl ??
    (globalThis as { location?: { href: string } }).location?.href ??
    'http://localhost/';
  try {
    return new URL(endpoint || '/', base).href;
  } catch {
    return null;
  }
}
