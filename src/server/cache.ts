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
  /** What the value weighs (`sizeOf`), counted in the cache's total. */
  size: number;
}

/**
 * Bounded by entries and by bytes: 3,000 answers of 50 kB held 148 MB under an entry bound
 * alone. The oldest (least recently loaded) go first; expired ones are dropped as new ones come.
 */
export class ShortCache<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();
  private bytes = 0;

  constructor(
    private readonly sizeOf: (value: T) => number = () => 0,
    private readonly maxBytes = 32 * 1024 * 1024,
    private readonly maxEntries = 10_000,
  ) {}

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
      const next: CacheEntry<T> = { expiresAt: 0, startedAt: now(), size: 0 };
      next.inflight = load()
        .then(
          (value) => {
            next.value = value;
            next.expiresAt = now() + ttl({ value });
            if (this.entries.get(key) !== next) return; // dropped meanwhile: weighs nothing
            next.size = this.sizeOf(value);
            this.bytes += next.size;
            this.evict(now());
          },
          (error) => {
            next.error = error;
            next.expiresAt = now() + ttl({ error });
          },
        )
        .finally(() => {
          next.inflight = undefined;
        });
      this.drop(key); // re-insert: Map order doubles as LRU order
      this.entries.set(key, next);
      this.evict(now());
      entry = next;
    }
    await entry.inflight;
    return unwrap(entry);
  }

  /**
   * Drops `key`'s entry unless its load started after `since` (a change was reported at `since`:
   * only what was asked after it will do; a load started in the same millisecond may have read
   * the state before the change). Callers still waiting on a dropped load get its outcome; the
   * next `get` loads again.
   */
  forgetOlderThan(key: string, since: number): void {
    const entry = this.entries.get(key);
    if (entry && entry.startedAt <= since) this.drop(key);
  }

  /** Bytes held by settled values (for tests and operations). */
  get size(): number {
    return this.bytes;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.size;
    this.entries.delete(key);
  }

  /** Oldest first: expired entries, then whatever is over the bounds. */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      const over = this.entries.size > this.maxEntries || this.bytes > this.maxBytes;
      if (entry.inflight && !over) continue;
      if (!over && entry.expiresAt > now) break;
      if (!entry.inflight || over) this.drop(key);
    }
  }
}

function unwrap<T>(entry: CacheEntry<T>): T {
  if (entry.error !== undefined) throw entry.error;
  return entry.value as T;
}
