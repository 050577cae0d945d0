import type { TaskStatusError } from './errors.js';
import { retryDelay } from './policy.js';

/** Attempts at an unreadable (non-JSON) body before giving up. */
const INVALID_ATTEMPTS = 3;

/** What to do after a failed exchange. */
export type FailureOutcome =
  | { do: 'pause' }
  | { do: 'stop'; attempt: number }
  | { do: 'retry'; attempt: number; delayMs: number };

/**
 * The retry bookkeeping in one place: a network failure while offline is a pause (resumed when
 * the browser is back); an error that cannot get better stops; the rest are retried with backoff
 * (or at `Retry-After`) until `maxAttempts` failures in a row — except rate limiting, which only
 * ever slows down. An unreadable body is worth a retry or two (a transfer cut short), not eight:
 * a backend that keeps sending one should show its error within seconds.
 */
export function afterFailure(
  error: TaskStatusError,
  previousAttempts: number,
  opts: { maxAttempts: number; online: boolean; random: number },
): FailureOutcome {
  if (error.kind === 'network' && !opts.online) return { do: 'pause' };
  const attempt = previousAttempts + 1;
  const max = Math.min(opts.maxAttempts, error.kind === 'invalid' ? INVALID_ATTEMPTS : Infinity);
  if (!error.retryable || (attempt >= max && !error.paced)) return { do: 'stop', attempt };
  return { do: 'retry', attempt, delayMs: retryDelay(attempt, opts.random, error.retryAfterMs) };
}
