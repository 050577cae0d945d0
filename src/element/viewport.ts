/**
 * Which widgets are on (or near) the screen, from one IntersectionObserver shared by the page:
 * a table of 1,000 rows costs one observer, not 1,000. The shared clock ticks only these
 * widgets, and the watcher polls the others less often.
 */
type ViewListener = (inView: boolean) => void;

const listeners = new Map<Element, Set<ViewListener>>();
/**
 * What the observer last said of each element (it says it only on a change): a second listener
 * of an element gets it at once. Observed again later, the element is told anew by `observe`.
 */
const lastSeen = new WeakMap<Element, boolean>();
let observer: IntersectionObserver | null = null;

function onIntersection(entries: IntersectionObserverEntry[]): void {
  for (const { target, isIntersecting } of entries) {
    lastSeen.set(target, isIntersecting);
    listeners.get(target)?.forEach((listener) => listener(isIntersecting));
  }
}

/**
 * Calls `listener` with `true`/`false` as `element` comes near the screen or leaves it (first
 * with where it is now); returns the unsubscribe.
 */
export function watchViewport(element: Element, listener: ViewListener): () => void {
  // A margin of a screen's worth: rows about to scroll in are already current.
  observer ??= new IntersectionObserver(onIntersection, { rootMargin: '100% 0px' });
  let set = listeners.get(element);
  if (!set) {
    listeners.set(element, (set = new Set()));
    observer.observe(element);
  }
  set.add(listener);
  const seen = lastSeen.get(element);
  if (seen != null) listener(seen);
  return () => {
    if (!set.delete(listener) || set.size > 0) return;
    listeners.delete(element);
    observer?.unobserve(element);
  };
}
