import { SseParser, type SseMessage } from '../../src/core/sse.js';

/** A server-sent event stream read in Node through fetch, as a browser would read it. */
export interface OpenStream {
  response: Response;
  events: SseMessage[];
  /** Raw text received so far (comments included). */
  text: () => string;
  /** Resolves with the first event (from the start) matching `pred`, or rejects after `ms`. */
  next(pred: (e: SseMessage) => boolean, ms?: number): Promise<SseMessage>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens a stream with `fetchFn`: real HTTP by default, or a handler called in-process
 * (`(url, init) => handler(new Request(url, init))`) for tests in virtual time.
 */
export async function openStream(
  url: string,
  init: RequestInit = {},
  fetchFn: (url: string, init: RequestInit) => Promise<Response> = fetch,
): Promise<OpenStream> {
  const abort = new AbortController();
  const headers = new Headers(init.headers);
  headers.set('Accept', 'text/event-stream');
  const response = await fetchFn(url, { ...init, headers, signal: abort.signal });
  const events: SseMessage[] = [];
  const parser = new SseParser();
  let raw = '';
  const waiters = new Set<() => void>();
  const ended = (async () => {
    if (!response.body || !response.headers.get('Content-Type')?.includes('event-stream')) return;
    const decoder = new TextDecoder();
    try {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const text = decoder.decode(value, { stream: true });
        raw += text;
        events.push(...parser.push(text));
        for (const w of [...waiters]) w();
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    response,
    events,
    text: () => raw,
    ended,
    close: () => {
      abort.abort();
      void response.body?.cancel().catch(() => {}); // in-process: the body is not the socket's
    },
    next(pred, ms = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(pred);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching event within ${ms} ms; got ${JSON.stringify(events.map((e) => e.event))}`,
            ),
          );
        }, ms);
        if (!check()) {
          waiters.add(check);
          void ended.then(() => setTimeout(check, 0));
        }
      });
    },
  };
}

/** The task id and parsed body of a `task` / `task-error` event. */
export const dataOf = (e: SseMessage) =>
  JSON.parse(e.data) as { TaskId: string; Status?: number; Response: Record<string, any> };
