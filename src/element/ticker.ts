/**
 * One 1 Hz clock for every widget on the page: a table of 200 rows costs one timer, not 200.
 * It runs only while someone listens and the page is visible.
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let watchingVisibility = false;

function sync(): void {
  const shouldRun = listeners.size > 0 && document.visibilityState !== 'hidden';
  if (shouldRun && timer == null) timer = setInterval(() => listeners.forEach((l) => l()), 1000);
  if (!shouldRun && timer != null) {
    clearInterval(timer);
    timer = null;
  }
  if (!watchingVisibility && listeners.size > 0) {
    watchingVisibility = true;
    document.addEventListener('visibilitychange', () => {
      sync();
      if (document.visibilityState === 'visible') listeners.forEach((l) => l()); // catch up at once
    });
  }
}

/** Calls `listener` every second while the page is visible; returns the unsubscribe. */
export function onTick(listener: () => void): () => void {
  listeners.add(listener);
  sync();
  return () => {
    listeners.delete(listener);
    sync();
  };
}

/** For tests: is the shared timer running, and for how many listeners. */
export function tickerState(): { running: boolean; listeners: number } {
  return { running: timer != null, listeners: listeners.size };
}
