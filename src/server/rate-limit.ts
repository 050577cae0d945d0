/**
 * Token bucket for upstream calls: MPS allows 100 requests/s per account, shared by everything the
 * account runs, so the handler keeps its own share below that.
 *
 * A refused caller is given its own future slot, not "1 s" like everyone else: a page of 120
 * widgets loading at once is told 1 s, 1 s, 2 s, 2 s, … and comes back spread out instead of as
 * the same herd a second later. Slots are handed out at most `MAX_SPREAD_MS` ahead, so a storm
 * of refusals cannot push the next honest caller minutes into the future: the schedule wraps
 * back once it is that full, and it empties as time passes.
 */
const MAX_SPREAD_MS = 10_000;

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private nextSlot = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /**
   * Takes a token, or returns how long this caller should wait for its slot. `keep`: tokens this
   * caller must leave for others (a background poll leaves some for viewers asking now).
   */
  take(now: number, keep = 0): { ok: true } | { ok: false; retryAfterMs: number } {
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond,
    );
    this.updatedAt = now;
    if (this.tokens >= 1 + keep) {
      this.tokens -= 1;
      return { ok: true };
    }
    const interval = 1000 / this.perSecond;
    const earliest = now + (1 + keep - this.tokens) * interval;
    let slot = Math.max(this.nextSlot, earliest);
    if (slot - now > MAX_SPREAD_MS) slot = earliest; // full: start over from the earliest slot
    this.nextSlot = slot + interval;
    return { ok: false, retryAfterMs: Math.ceil(slot - now) };
  }
}
