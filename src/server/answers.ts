import { classifyMpsError } from '../core/error-codes.js';
import { fingerprint, FNV_OFFSET, FNV_PRIME } from '../core/fingerprint.js';
import { stripSecrets } from '../core/secrets.js';
import type { Broadcaster, SharedAnswers } from './broadcaster.js';
import { LiveFindings } from './live-findings.js';
import { ShortCache } from './cache.js';
import { TokenBucket } from './rate-limit.js';
import { UpstreamError, type TaskSource } from './source.js';
import type { Answer } from './upstream-answer.js';
import { within, type ServerClock } from './clock.js';

export type { Answer } from './upstream-answer.js';

/** The upstream call budget is spent: the caller is told when to come back. */
export class BudgetSpent extends Error {
  constructor(readonly retryAfterMs: number) {
    super('Upstream call budget spent');
  }
}

export interface AnswersOptions {
  source: TaskSource;
  now: () => number;
  /** Timers for the waits and the upstream timeout (virtual in tests). */
  clock: ServerClock;
  cacheMs: number;
  finishedCacheMs: number;
  perSecond: number;
  burst: number;
  /** Shared between server instances (Redis): answers, one caller per task, the call budget. */
  shared?: SharedAnswers;
  /** Where notifications arrive: live-stream findings are heard on it (`LiveFindings`). */
  broadcaster?: Broadcaster;
}

/** How long one command to the shared store may take before the instance goes on alone. */
const SHARED_COMMAND_MS = 1000;

/** The shared store did not answer in time (Redis down, its offline queue holding commands). */
class SharedStoreSlow extends Error {}

/** After the shared store was too slow, how long this instance goes on alone before asking it again. */
const STORE_RETRY_MS = 5000;

/** How long a shared waiter polls for another instance's answer before calling upstream itself. */
const SHARED_WAIT_MS = 10_000;

/**
 * Where every answer comes from, for GET requests and event streams alike: a short in-process
 * cache (concurrent askers share one call), then — with several instances — a shared cache with
 * one caller per task, then MPS, within the call budget (this process's token bucket, and the
 * shared per-second budget across instances).
 */
export class Answers {
  /** Held answers weigh what their body does: 32 MB of them at most. */
  private readonly cache = new ShortCache<Answer>((answer) => answer.body.length);
  private readonly bucket: TokenBucket;
  /** Upstream calls this process made (for tests and benchmarks). */
  upstreamCalls = 0;
  /** What live-stream notifications reported, laid on the answers of their tasks. */
  readonly live: LiveFindings;
  /**
   * Until when the shared store is left alone (it was too slow): during an outage each request
   * would otherwise wait out a bounded command or two (2 s) before asking MPS alone.
   */
  private storeSlowUntil = -Infinity;

  constructor(private readonly opts: AnswersOptions) {
    this.bucket = new TokenBucket(opts.perSecond, opts.burst, opts.now());
    this.live = new LiveFindings(opts.broadcaster);
  }

  /**
   * The answer for `taskId`. `notBefore`: only an answer fetched at or after this time will do
   * (a notification said the task changed then). `background`: a feed's timed poll, which leaves
   * a quarter of the budget to viewers asking now (a 120-row page's feeds would spend it all).
   * Rejects with `BudgetSpent` or upstream errors.
   */
  async get(taskId: string, notBefore?: number, background = false): Promise<Answer> {
    if (notBefore != null) this.cache.forgetOlderThan(taskId, notBefore);
    const answer = await this.cache.get(
      taskId,
      this.opts.now,
      () => this.load(taskId, notBefore ?? -Infinity, background),
      ({ value, error }) => this.freshFor(value, error),
    );
    const body = this.live.merge(taskId, answer.body, answer.finished);
    return body === answer.body ? answer : { ...answer, body, etag: `"${hash(body)}"` };
  }

  /** The shared store, unless there is none or it was too slow a moment ago. */
  private usableStore(): SharedAnswers | undefined {
    return this.opts.now() < this.storeSlowUntil ? undefined : this.opts.shared;
  }

  private async load(taskId: string, notBefore: number, background: boolean): Promise<Answer> {
    const shared = this.usableStore();
    if (!shared) return this.call(taskId, background);
    const calling = { upstream: false };
    try {
      return await this.loadShared(shared, taskId, notBefore, background, calling);
    } catch (error) {
      if (calling.upstream) throw error; // MPS's answer (or the budget's): not a Redis problem
      return this.call(taskId, background); // the shared store is unreachable: asked alone
    }
  }

  /** Another instance's fresh answer, or this instance's call as the one caller for the task. */
  private async loadShared(
    shared: SharedAnswers,
    taskId: string,
    notBefore: number,
    background: boolean,
    calling: { upstream: boolean },
  ): Promise<Answer> {
    const deadline = this.opts.now() + SHARED_WAIT_MS;
    for (let wait = 20; ; wait = Math.min(wait * 1.5, 200)) {
      const known = await this.bounded(shared.get(taskId));
      // Asked in the same millisecond as the change was reported: maybe before it, not good enough.
      if (known && known.fetchedAt > notBefore) return known;
      const mine =
        this.opts.now() > deadline || (await this.bounded(shared.claim(taskId, SHARED_WAIT_MS)));
      if (mine) {
        // This instance calls (the one caller, or the caller it waited for vanished).
        calling.upstream = true;
        try {
          const answer = await this.call(taskId, background);
          await this.bounded(shared.set(taskId, answer, this.freshFor(answer, undefined))).catch(
            () => {},
          );
          return answer;
        } finally {
          await this.bounded(shared.release(taskId)).catch(() => {});
        }
      }
      await new Promise((resolve) => this.opts.clock.setTimeout(() => resolve(null), wait));
    }
  }

  /** One DescribeTaskDetail, within this process's and the shared budget. */
  private async call(taskId: string, background: boolean): Promise<Answer> {
    const keep = background ? this.opts.burst / 4 : 0;
    const token = this.bucket.take(this.opts.now(), keep);
    if (!token.ok) throw new BudgetSpent(token.retryAfterMs);
    // The shared budget when Redis answers; when it does not, this instance's own bucket decides.
    const shared = this.usableStore();
    const limit = background ? this.opts.perSecond * 0.75 : this.opts.perSecond;
    // Refused callers come back spread over the next second or two, not as one herd.
    if (shared && !(await this.bounded(shared.spend(limit)).catch(() => true)))
      throw new BudgetSpent(1000 - (this.opts.now() % 1000) + Math.floor(Math.random() * 1000));
    const fetchedAt = this.opts.now();
    this.upstreamCalls++;
    const inner = await this.ask(taskId);
    const clean = stripSecrets(inner);
    const { RequestId: _drop, ...content } = clean;
    const body = JSON.stringify(content);
    return { body, etag: `"${hash(body)}"`, finished: clean.Status === 'FINISH', fetchedAt };
  }

  /**
   * A command to the shared store, or `SharedStoreSlow` after `SHARED_COMMAND_MS`: Redis is an
   * accelerator, never a dependency (with ioredis's offline queue a command waits for the whole
   * outage, and so would every viewer).
   */
  private bounded<T>(command: Promise<T>): Promise<T> {
    return within(this.opts.clock, SHARED_COMMAND_MS, command, () => {
      this.storeSlowUntil = this.opts.now() + STORE_RETRY_MS;
      return new SharedStoreSlow();
    });
  }

  /**
   * One source call, bounded by MPS's own 10 s: a source that honours the signal gives up then,
   * and one that ignores it is not waited for (its task would stay stuck until a restart). What
   * comes back must be an object about the asked task, or it is not served under its id.
   */
  private async ask(taskId: string): Promise<Record<string, unknown>> {
    const timeout = new AbortController();
    const inner = await within(
      this.opts.clock,
      10_000,
      this.opts.source(taskId, { signal: timeout.signal }),
      () => {
        timeout.abort(new Error('timeout'));
        return new UpstreamError('Timeout', 'MPS did not answer within 10 s.');
      },
    );
    if (!inner || typeof inner !== 'object' || Array.isArray(inner))
      throw new UpstreamError('InvalidResponse', 'The source answered with no task object.');
    const named = taskIdsIn(inner);
    if (named.length > 0 && !named.includes(taskId))
      throw new UpstreamError('InvalidResponse', `The source answered for ${named[0]}.`);
    return inner;
  }

  /** How long an outcome is reused: FINISH long, running briefly, not-found briefly, errors not at all. */
  freshFor(value: Answer | undefined, error: unknown): number {
    if (value) return value.finished ? this.opts.finishedCacheMs : this.opts.cacheMs;
    const notFound = error instanceof UpstreamError && classifyMpsError(error.code) === 'not-found';
    return notFound ? this.opts.cacheMs : 0;
  }
}

/** The task ids a DescribeTaskDetail body names in its task objects (`WorkflowTask.TaskId`, …). */
function taskIdsIn(inner: Record<string, unknown>): string[] {
  return Object.values(inner).flatMap((value) => {
    const id = value && typeof value === 'object' ? (value as { TaskId?: unknown }).TaskId : null;
    return typeof id === 'string' && id ? [id] : [];
  });
}

/** A cheap, stable ETag for a body: its FNV-1a fingerprint and length. */
export function hash(text: string): string {
  return fingerprint(text, FNV_OFFSET, FNV_PRIME).padStart(8, '0') + text.length.toString(16);
}
