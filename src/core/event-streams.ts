import type { EventStreamJoiner } from './environment.js';
import { MAX_TASKS, SharedEventStream } from './shared-event-stream.js';

export type { StreamMember } from './environment.js';

/**
 * The stream's URL: `eventsEndpoint`, else the status endpoint without its `{taskId}` part
 * (`/api/task/{taskId}` → `/api/task`, `/api?id={taskId}` → `/api`); null when unusable.
 */
export function eventStreamUrl(endpoint: string, eventsEndpoint?: string, baseUrl?: string) {
  let url = eventsEndpoint || endpoint;
  const at = url.indexOf('{taskId}');
  if (at >= 0) url = url.slice(0, at).replace(/\/$|[?&][^?&/]*=$/, '');
  const base =
    baseUrl ??
    (globalThis as { location?: { href: string } }).location?.href ??
    'http://localhost/';
  try {
    return new URL(url || '/', base).href;
  } catch {
    return null;
  }
}

/** The page's shared streams: one per identity, URL and credentials (another per 500 tasks). */
export class EventStreamRegistry implements EventStreamJoiner {
  private readonly streams = new Map<string, SharedEventStream[]>();

  /** Joins the stream of `endpoint` (see `eventStreamUrl`); null when it has no usable URL. */
  join: EventStreamJoiner['join'] = (endpoint, init, env, taskId, member, key) => {
    const url = eventStreamUrl(endpoint.endpoint, endpoint.eventsEndpoint);
    if (!url) return null;
    const list = this.streams.get(key) ?? [];
    this.streams.set(key, list);
    // A table longer than one stream carries gets a second connection, not polling.
    let stream = list.find((s) => s.size < MAX_TASKS);
    if (!stream) {
      const created = new SharedEventStream(url, init, env, () => {
        list.splice(list.indexOf(created), 1);
        if (list.length === 0 && this.streams.get(key) === list) this.streams.delete(key);
      });
      list.push((stream = created));
    }
    return stream.join(taskId, member);
  };

  /** Connections (open or retrying) right now. */
  get size(): number {
    let n = 0;
    for (const list of this.streams.values()) n += list.length;
    return n;
  }
}

/** The page's streams (the default registry). */
export const pageEventStreams = new EventStreamRegistry();
