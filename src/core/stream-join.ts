import type { StreamMember, WatcherEnvironment } from './environment.js';
import { TaskStatusError } from './errors.js';
import { followsStream } from './transport.js';
import type { TaskWatcherOptions } from './watcher-options.js';

let streamClient: Promise<typeof import('./event-streams.js')> | null = null;
/** The stream client is a chunk of its own, fetched when the first follower joins a stream. @internal */
export const loadStreamClient = () => (streamClient ??= import('./event-streams.js'));

/** What a follower in `sse` mode shows while the stream is down. */
export const streamUnavailable = () =>
  new TaskStatusError({
    kind: 'network',
    retryable: true,
    message: 'Status stream unavailable',
  });

/** What makes a stream another one: its URL and the credentials it carries. */
export function streamIdentity(o: TaskWatcherOptions): string {
  const init = o.requestInit;
  return `${o.eventsEndpoint ?? o.endpoint} ${JSON.stringify([...new Headers(init?.headers)])} ${init?.credentials ?? ''}`;
}

/** What a membership tells and asks its follower. */
export interface MembershipHost {
  member: StreamMember;
  env: WatcherEnvironment;
  options(): TaskWatcherOptions;
  /** The follower still wants to join (not retired, not stopped, still joining). */
  stillJoining(): boolean;
  joining(): void;
  joined(member: boolean): void;
  /** It could not join: the chunk did not load (`failed`), or no usable stream (`refused`). */
  lost(reason: 'failed' | 'refused'): void;
}

/**
 * A follower's membership of the page's shared event stream: loading the stream client, joining
 * with the current credentials, leaving, and joining again when the credentials change (a rotated
 * token must not ride a stream opened with the old one).
 */
export class StreamMembership {
  #leave: (() => void) | null = null;
  #joinedWith = '';

  readonly #host: MembershipHost;

  constructor(host: MembershipHost) {
    this.#host = host;
  }

  /** Whether this task is followed on the stream at all (else it is only polled). */
  get wanted(): boolean {
    const o = this.#host.options();
    return followsStream({ ...o, custom: o.exchange ?? o.fetcher });
  }

  /** Starts joining (the follower is not a member yet). */
  join(): void {
    this.#host.joining();
    loadStreamClient().then(
      (client) => this.#joinWith(client),
      () => this.#host.lost('failed'), // the chunk did not load: polling it is
    );
  }

  #joinWith(client: typeof import('./event-streams.js')): void {
    if (!this.#host.stillJoining()) return;
    const o = this.#host.options();
    // The environment's registry (tests give their own), else the page's.
    const registry = this.#host.env.eventStreams ?? client.pageEventStreams;
    try {
      this.#leave = registry.join(
        o,
        o.requestInit,
        this.#host.env,
        o.taskId,
        this.#host.member,
        (this.#joinedWith = streamIdentity(o)),
      );
    } catch {
      this.#leave = null; // headers a request cannot carry: polling says why
    }
    this.#host.joined(this.#leave != null);
    if (!this.#leave) this.#host.lost('refused'); // no usable stream URL: polled
  }

  leave(): void {
    this.#leave?.();
    this.#leave = null;
    this.#host.joined(false);
  }

  /** Joins again when the options now name another stream (URL or credentials). */
  rejoinIfChanged(): void {
    if (!this.#leave || streamIdentity(this.#host.options()) === this.#joinedWith) return;
    this.leave();
    this.join();
  }
}
