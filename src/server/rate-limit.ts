/**
 * Token bucket for upstream calls: MPS allows 100 requests/s per account, shared by everything the
 * account runs, so the handler keeps its own share below that.
 *
 * A refused caller is given its own future slot, not "1 s" like everyone else: a page of 120
 * widgets loading at once is told 1 s, 1 s, 2 s, 2 s, … and comes back spread out instead of as
 * the same herd a second later.
 */
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

  /** Takes a token, or returns how long this caller should wait for its slot. */
  take(now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond,
    );
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const interval = 1000 / this.perSecond;
    this.nextSlot = Math.max(this.nextSlot, now + (1 - this.tokens) * interval);
    const retryAfterMs = Math.ceil(this.nextSlot - now);
    this.nextSlot += interval;
    return { ok: false, retryAfterMs };
  }
}
