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
 * The transport choice, in one place: whether a watcher joins the page's shared event stream —
 * not with `transport: 'poll'`, a custom fetcher or exchange, or in a runtime without streaming
 * fetch. (Where the stream is: `eventStreamUrl` in the stream client's chunk.)
 */
export function followsStream(o: TransportOptions): boolean {
  const g = globalThis as { ReadableStream?: unknown; TextDecoder?: unknown };
  return o.transport !== 'poll' && !o.custom && !!g.ReadableStream && !!g.TextDecoder;
}
