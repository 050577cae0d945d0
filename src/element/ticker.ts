/**
 * One 1 Hz clock for every widget on the page: a table of 200 rows costs one timer, not 200.
 * It runs only while someone listens and the page is visible, and it ticks only the widgets that
 * are on screen (`viewport.ts`): in an admin table of 1,000 rows the twenty in view re-render
 * each second, not all of them. A widget scrolled into view catches up at once.
 */
import { watchViewport } from './viewport.js';

/** Each listener, and whether its element is in view (not until the observer has said so). */
const listeners = new Map<() => void, boolean>();
let timer: ReturnType<typeof setInterval> | null = null;
let watchingVisibility = false;

function tickVisible(): void {
  listeners.forEach((inView, listener) => inView && listener());
}

function sync(): void {
  const shouldRun = listeners.size > 0 && document.visibilityState !== 'hidden';
  if (shouldRun && timer == null) timer = setInterval(tickVisible, 1000);
  if (!shouldRun && timer != null) {
    clearInterval(timer);
    timer = null;
  }
  if (!watchingVisibility && listeners.size > 0) {
    watchingVisibility = true;
    document.addEventListener('visibilitychange', () => {
      sync();
      if (document.visibilityState === 'visible') tickVisible(); // catch up at once
    });
  }
}

/**
 * Calls `listener` every second while the page is visible and `element` is on (or near) the
 * screen; returns the unsubscribe.
 */
export function onTick(element: Element, listener: () => void): () => void {
  listeners.set(listener, false);
  const unwatch = watchViewport(element, (inView) => {
    listeners.set(listener, inView);
    if (inView) listener();
  });
  sync();
  return () => {
    listeners.delete(listener);
    unwatch();
    sync();
  };
}

/** For tests: is the shared timer running, and for how many listeners. */
export function tickerState(): { running: boolean; listeners: number } {
  return { running: timer != null, listeners: listeners.size };
}
