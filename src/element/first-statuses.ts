import { FIRST_POLLS, startFirstRequest } from '../core/first-requests.js';
import { loadTaskReader } from '../core/load-reader.js';
import { provisionalTask } from '../core/provisional.js';
import { drawFirstStatus } from './first-status-view.js';
import { isChinese, languageOf, loadChinese, tableLanguage } from './i18n/index.js';
import { compactPart, detailsPart, minimalPart } from './render/parts.js';

/** Set before the element was defined, these make a widget's request one the page must make. */
const OWN_REQUEST = ['fetcher', 'requestInit', 'endpoint', 'taskId', 'method', 'transport'];

const attr = (widget: Element, name: string) => widget.getAttribute(name) ?? '';

/** The widgets in the HTML, unless another copy of the script defined the element first. */
function widgetsInPage(): HTMLElement[] {
  const doc = globalThis.document;
  return doc && !globalThis.customElements?.get('mps-task-status')
    ? [...doc.querySelectorAll<HTMLElement>('mps-task-status[task-id]')]
    : [];
}

/** The language a widget will show (`LocaleController`): its `locale`, the page's `lang`. */
const widgetLanguage = (widget: Element) =>
  tableLanguage(languageOf(attr(widget, 'locale'), widget));

/**
 * A `minimal` widget's first status drawn from its first answer, if the element is still not
 * defined when it lands (`first-status-view.ts`). A `notify` widget, or one given its own
 * `strings`, waits for the element: its first status would not be the element's.
 */
async function drawWhenAnswered(
  widget: HTMLElement,
  answer: Promise<{ body: unknown }>,
): Promise<void> {
  if (attr(widget, 'variant') !== 'minimal' || widget.hasAttribute('notify')) return;
  if (Object.hasOwn(widget, 'strings')) return;
  const task = provisionalTask((await answer).body);
  const language = widgetLanguage(widget);
  if (task && language === 'zh-CN') await loadChinese();
  if (task && !customElements.get('mps-task-status') && !widget.shadowRoot && widget.isConnected)
    drawFirstStatus(widget, task, language);
}

/**
 * Starts what the widgets already in the HTML need for their first status, as the page's script
 * evaluates, before Lit and the element class are (on a phone with a 4× slower CPU that was 0.1 s
 * before the first request): the first few widgets' status requests (taken by their followers,
 * `takeFirstRequest`) and, on a Chinese page, the Chinese strings. With `draw` (the CDN file, whose
 * element is not loaded yet), a `minimal` widget's first status is drawn from its answer if that
 * lands before the element: `drawn` settles once those answers are drawn (or found not drawable),
 * `strings` once the strings they are drawn with are in (at once for English).
 * @internal
 */
export function startFirstStatuses({ draw = false } = {}): {
  drawn: Promise<void>;
  strings: Promise<void>;
} {
  const widgets = widgetsInPage();
  // Not a server-rendered widget (its declarative shadow root is attached as the HTML parses):
  // its first answer is in the page already.
  const asked = widgets
    .filter((w) => attr(w, 'endpoint') && attr(w, 'transport') !== 'sse' && !w.shadowRoot)
    .filter((w) => !OWN_REQUEST.some((key) => Object.hasOwn(w, key)))
    .slice(0, FIRST_POLLS);
  const drawn: Promise<void>[] = [];
  for (const widget of asked) {
    const request = startFirstRequest({
      endpoint: attr(widget, 'endpoint'),
      taskId: attr(widget, 'task-id'),
      method: attr(widget, 'method') === 'POST' ? 'POST' : 'GET',
    });
    if (draw && request) drawn.push(drawWhenAnswered(widget, request).catch(() => {}));
  }
  // A Chinese page, or a Chinese widget: its strings too (widgets added later find them loaded).
  const lang = globalThis.document?.documentElement?.lang || globalThis.navigator?.language || '';
  const chinese = isChinese(lang) || widgets.some((w) => widgetLanguage(w) === 'zh-CN');
  return {
    drawn: Promise.all(drawn).then(() => {}),
    strings: chinese ? loadChinese().catch(() => {}) : Promise.resolve(),
  };
}

/** Starts the chunks the widgets in the HTML need: the response reader, each variant's view. */
export function loadWidgetChunks(): void {
  const widgets = widgetsInPage();
  if (widgets.length) void loadTaskReader();
  for (const widget of widgets) {
    const variant = attr(widget, 'variant');
    void (
      variant === 'minimal' ? minimalPart : variant === 'compact' ? compactPart : detailsPart
    ).load();
  }
}
