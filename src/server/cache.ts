/**
 * What one TaskId's last upstream answer was, and the call in flight if any: concurrent and
 * repeated viewer requests within the freshness window share one upstream call.
 */
export interface CacheEntry<T> {
  value?: T;
  error?: unknown;
  expiresAt: number;
  /** When the load that fills it started. */
  startedAt: number;
  inflight?: Promise<void>;
}

export class ShortCache<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();

  constructor(private readonly maxEntries = 10_000) {}

  /**
   * The fresh value for `key`, or the result of `load()` — started once however many callers ask.
   * `ttl(value | error)` says how long the answer stays fresh.
   */
  async get(
    key: string,
    now: () => number,
    load: () => Promise<T>,
    ttl: (outcome: { value?: T; error?: unknown }) => number,
  ): Promise<T> {
    let entry = this.entries.get(key);
    if (entry && !entry.inflight && entry.expiresAt > now()) return unwrap(entry);
    if (!entry?.inflight) {
      const next: CacheEntry<T> = { expiresAt: 0, startedAt: now() };
      next.inflight = load()
        .then(
          (value) => {
            next.value = value;
            next.expiresAt = now() + ttl({ value });
          },
          (error) => {
            next.error = error;
            next.expiresAt = now() + ttl({ error });
          },
        )
        .finally(() => {
          next.inflight = undefined;
        });
      this.entries.delete(key); // re-insert: Map order doubles as LRU order
      this.entries.set(key, next);
      this.evict();
      entry = next;
    }
    await entry.inflight;
    return unwrap(entry);
  }

  /**
   * Drops `key`'s entry unless its load started at or after `since` (a change was reported at
   * `since`: only what was asked after it will do). Callers still waiting on a dropped load get
   * its outcome; the next `get` loads again.
   */
  forgetOlderThan(key: string, since: number): void {
    const entry = this.entries.get(key);
    if (entry && entry.startedAt < since) this.entries.delete(key);
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

function unwrap<T>(entry: CacheEntry<T>): T {
  if (entry.error !== undefined) throw entry.error;
  return entry.value as T;
}
