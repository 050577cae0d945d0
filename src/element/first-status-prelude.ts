import { FIRST_POLLS, startFirstRequest } from '../core/first-requests.js';
import { loadTaskReader } from '../core/load-reader.js';
import { isChinese, languageOf, loadChinese } from './i18n/index.js';
import { compactPart, detailsPart, minimalPart } from './render/parts.js';

/** Set before the element was defined, these make a widget's request one the page must make. */
const OWN_REQUEST = ['fetcher', 'requestInit', 'endpoint', 'taskId', 'method', 'transport'];

/**
 * Starts what the widgets already in the HTML need for their first status, all at once, as the
 * page's script evaluates: the entry imports this module first, so it runs before Lit and the
 * element class are evaluated, the element defined and the widgets upgraded (on a phone with a 4×
 * slower CPU that was 0.1 s before the first request). The first few widgets' status requests
 * (taken by their followers, `takeFirstRequest`), the response reader, each variant's view chunk,
 * the Chinese strings: none waits for another.
 * @internal
 */
export function startFirstStatuses(): void {
  const doc = globalThis.document;
  const lang = doc?.documentElement?.lang || globalThis.navigator?.language || '';
  // Another copy of the script defined the element first: its widgets are its own.
  const widgets =
    doc && !globalThis.customElements?.get('mps-task-status')
      ? [...doc.querySelectorAll('mps-task-status[task-id]')]
      : [];
  const attr = (widget: Element, name: string) => widget.getAttribute(name) ?? '';
  // The requests first: on a phone, the answer is what the first status waits for longest.
  // Not a server-rendered widget (its declarative shadow root is attached as the HTML parses):
  // its first answer is in the page already.
  const asked = widgets
    .filter((w) => attr(w, 'endpoint') && attr(w, 'transport') !== 'sse' && !w.shadowRoot)
    .filter((w) => !OWN_REQUEST.some((key) => Object.hasOwn(w, key)))
    .slice(0, FIRST_POLLS);
  for (const widget of asked) {
    const method = attr(widget, 'method') === 'POST' ? 'POST' : 'GET';
    startFirstRequest({
      endpoint: attr(widget, 'endpoint'),
      taskId: attr(widget, 'task-id'),
      method,
    });
  }
  if (widgets.length) void loadTaskReader();
  for (const widget of widgets) {
    const variant = attr(widget, 'variant');
    void (
      variant === 'minimal' ? minimalPart : variant === 'compact' ? compactPart : detailsPart
    ).load();
  }
  // A Chinese page, or a Chinese widget: its strings too (widgets added later find them loaded).
  if (isChinese(lang) || widgets.some((w) => isChinese(languageOf(attr(w, 'locale'), w))))
    void loadChinese();
}

startFirstStatuses();
