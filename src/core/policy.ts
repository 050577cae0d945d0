// When to ask again: pure functions of the latest state, so the schedule can be tested (and
// benchmarked) without a network or a clock.

import type { TaskView } from './view.js';

/** Compact fingerprint of what makes a milestone: status, outcome, each subtask's status. */
export const milestoneKey = (t: TaskView | null) =>
  t ? `${t.status}|${t.outcome}|${t.subtasks.map((s) => s.status).join(',')}` : '';

export interface PollPolicyInput {
  status: string;
  /** A milestone just happened: status, outcome or a subtask's status changed. */
  milestone: boolean;
  /** Responses in a row that changed no milestone. */
  quietCount: number;
  /** Predicted finish (local clock, ms) from the progress rate, or null. */
  predictedFinishAt: number | null;
  now: number;
  minMs: number;
  maxMs: number;
  /** 0 ≤ r < 1, for jitter. */
  random: number;
}

/** Aim this long after the predicted finish, so the poll lands just after the server gets there. */
const AIM_AFTER_MS = 300;

/**
 * The next poll delay in ms, or `false` to stop (FINISH).
 * - WAITING: gentle — starts at 3 s and stretches ×1.5 per quiet answer (queues are slow and
 *   carry no progress).
 * - PROCESSING right after a milestone: quick (2 × min) — more tends to follow.
 * - PROCESSING with a known rate: aimed at the predicted finish — long steps while it is far,
 *   one poll just after it, then min-interval polls while overdue (decaying if very late).
 * - Otherwise decaying: 2 s × 1.5^quiet.
 * Always within [min, max], with ±10 % jitter on the unaimed delays.
 */
export function nextPollDelay(p: PollPolicyInput): number | false {
  if (p.status === 'FINISH') return false;
  const clamp = (ms: number) => Math.round(Math.min(p.maxMs, Math.max(p.minMs, ms)));
  const jitter = (ms: number) => ms * (0.9 + 0.2 * p.random);

  if (p.status === 'WAITING') return clamp(jitter(3000 * 1.5 ** p.quietCount));
  if (p.milestone) return clamp(jitter(2 * p.minMs));
  if (p.predictedFinishAt != null) {
    const remaining = p.predictedFinishAt - p.now;
    if (remaining > p.maxMs) {
      // Split the approach into equal max-sized steps so the last one lands right after the finish.
      const steps = Math.ceil((remaining + AIM_AFTER_MS) / p.maxMs);
      return clamp((remaining + AIM_AFTER_MS) / steps);
    }
    if (remaining > -AIM_AFTER_MS) return clamp(remaining + AIM_AFTER_MS);
    // Overdue: the estimate was early. Stay close, but back off if it is far off.
    return clamp(p.minMs + -remaining * 0.1);
  }
  return clamp(jitter(2000 * 1.5 ** p.quietCount));
}

/** Retry delay after the n-th consecutive failure (n ≥ 1): min(1000·2^(n-1), 30000) × 0.5–1.5, or Retry-After. */
export function retryDelay(attempt: number, random: number, retryAfterMs?: number): number {
  if (retryAfterMs != null) return Math.max(retryAfterMs, 250);
  return Math.round(Math.min(1000 * 2 ** (attempt - 1), 30_000) * (0.5 + random));
}
