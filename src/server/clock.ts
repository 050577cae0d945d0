/** The server's time: the current instant and timers (default: `Date.now` and global timers). */
export interface ServerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Real time. */
export const systemClock: ServerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    (handle as { unref?: () => void }).unref?.(); // a timer of ours never keeps a process alive
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * `work`, or a rejection with what `late()` returns once `ms` have passed on `clock` (whichever
 * comes first; the timer is cleared either way). `late` runs only if the time runs out: it may
 * abort the work or note that its target is slow.
 */
export function within<T>(
  clock: ServerClock,
  ms: number,
  work: Promise<T>,
  late: () => Error,
): Promise<T> {
  let timer: unknown;
  const timeout = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(() => reject(late()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clock.clearTimeout(timer));
}
