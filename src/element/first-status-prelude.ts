import { startFirstRequest } from '../core/first-requests.js';
import { loadTaskReader } from '../core/load-reader.js';
import { isChinese, loadChinese } from './i18n/index.js';
import { compactPart, detailsPart, minimalPart } from './render/parts.js';

/** As many as the core's followers poll at once for their first status (`follower.ts`). */
const FIRST_WIDGETS = 4;

/** Set before the element was defined, these make a widget's request one the page must make. */
const OWN_REQUEST = ['fetcher', 'requestInit', 'endpoint', 'taskId', 'method', 'transport'];

/**
 * Starts what the widgets already in the HTML need for their first status, all at once, as the
 * page's script evaluates: the entry imports this module first, so it runs before Lit and the
 * element class are evaluated, the element defined and the widgets upgraded (on a phone with a 4×
 * slower CPU that was 0.1 s before the first request). The first few widgets' status requests
 * (taken by their followers, `takeFirstRequest`), the response reader, each variant's view chunk,
 * the Chinese strings: none waits for another.
 */
export function startFirstStatuses(): void {
  const doc = globalThis.document;
  const lang = doc?.documentElement?.lang || globalThis.navigator?.language || '';
  if (!doc || globalThis.customElements?.get('mps-task-status')) {
    if (isChinese(lang)) void loadChinese();
    return;
  }
  const widgets = [...doc.querySelectorAll('mps-task-status[task-id]')];
  const attr = (widget: Element, name: string) => widget.getAttribute(name) ?? '';
  // The requests first: on a phone, the answer is what the first status waits for longest.
  // Not a server-rendered widget (its declarative shadow root is attached as the HTML parses):
  // its first answer is in the page already.
  const asked = widgets
    .filter((w) => attr(w, 'endpoint') && attr(w, 'transport') !== 'sse' && !w.shadowRoot)
    .filter((w) => !OWN_REQUEST.some((key) => Object.hasOwn(w, key)))
    .slice(0, FIRST_WIDGETS);
  for (const widget of asked) {
    const method = attr(widget, 'method') === 'POST' ? 'POST' : 'GET';
    startFirstRequest({
      endpoint: attr(widget, 'endpoint'),
      taskId: attr(widget, 'task-id'),
      method,
    });
  }
  if (!widgets.length) return void (isChinese(lang) && loadChinese());
  void loadTaskReader();
  for (const widget of widgets) {
    const variant = attr(widget, 'variant');
    void (
      variant === 'minimal' ? minimalPart : variant === 'compact' ? compactPart : detailsPart
    ).load();
  }
  const langs = widgets.map((w) => attr(w, 'locale') || w.closest('[lang]')?.getAttribute('lang'));
  if ([lang, ...langs].some((l) => isChinese(l || ''))) void loadChinese();
}

startFirstStatuses();
