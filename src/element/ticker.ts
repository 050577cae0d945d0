/**
 * One 1 Hz clock for every widget on the page: a table of 200 rows costs one timer, not 200.
 * It runs only while someone listens and the page is visible, and it ticks only the widgets that
 * are on screen (one shared IntersectionObserver): in an admin table of 1,000 rows the twenty in
 * view re-render each second, not all of them. A widget scrolled into view catches up at once.
 */
const listeners = new Map<() => void, Element>();
const onScreen = new WeakSet<Element>();
let observer: IntersectionObserver | null = null;
let timer: ReturnType<typeof setInterval> | null = null;
let watchingVisibility = false;

function tickVisible(): void {
  listeners.forEach((element, listener) => {
    if (onScreen.has(element)) listener();
  });
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

function observe(element: Element): void {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) {
          onScreen.delete(entry.target);
          continue;
        }
        onScreen.add(entry.target);
        listeners.forEach((element, listener) => element === entry.target && listener());
      }
    },
    // A margin of a screen's worth: rows about to scroll in are already current.
    { rootMargin: '100% 0px' },
  );
  observer.observe(element);
}

/**
 * Calls `listener` every second while the page is visible and `element` is on (or near) the
 * screen; returns the unsubscribe.
 */
export function onTick(element: Element, listener: () => void): () => void {
  listeners.set(listener, element);
  observe(element);
  sync();
  return () => {
    listeners.delete(listener);
    observer?.unobserve(element);
    onScreen.delete(element);
    sync();
  };
}

/** For tests: is the shared timer running, and for how many listeners. */
export function tickerState(): { running: boolean; listeners: number } {
  return { running: timer != null, listeners: listeners.size };
}
