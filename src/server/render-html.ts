import type { TaskSnapshot } from '../core/snapshot.js';
import type { FetchResult } from '../core/request.js';
import { taskUrl } from '../core/request.js';
import { createTaskWatcher, WatcherRegistry } from '../core/watcher.js';

export interface RenderTaskStatusOptions {
  /** The task to show. */
  taskId: string;
  /**
   * The widget's attributes as the page would write them (`endpoint` is required; `variant`,
   * `locale`, `output-url`, `theme`, `notify`, …). `true` writes a boolean attribute.
   */
  attributes: { endpoint: string } & Record<string, string | boolean | undefined>;
  /**
   * Your status handler (`createTaskStatusHandler`): asked exactly as the widget would ask it, so
   * the page gets the same answer, secrets stripped, and its ETag.
   */
  handler: (request: Request) => Promise<Response>;
  /** What a relative `endpoint` is resolved against (default `http://localhost`). */
  origin?: string;
  /**
   * Your Content-Security-Policy's style nonce: the rendered `<style>` elements carry it. (The
   * progress bar's fill is a `style` attribute, which a strict policy blocks: the bar then fills
   * when the script takes over.)
   */
  nonce?: string;
}

const ATTRIBUTE_NAME = /^[a-z][a-z0-9-]*$/;
const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
/** JSON that cannot end its `<script>` element or start a comment there. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** The markup of the element without a rendered state: what a page writes without this. */
function plainElement(opts: RenderTaskStatusOptions, extra = ''): string {
  const all: Record<string, string | boolean | undefined> = {
    ...opts.attributes,
    'task-id': opts.taskId,
  };
  const attributes = Object.entries(all)
    .filter(([name, value]) => ATTRIBUTE_NAME.test(name) && value !== false && value != null)
    .map(([name, value]) =>
      value === true ? name : `${name}="${escapeAttribute(String(value))}"`,
    );
  return `<mps-task-status ${attributes.join(' ')}>${extra}</mps-task-status>`;
}

/**
 * What the widget would show for this answer, computed by the core as the widget computes it
 * (the same reader, the same state): a watcher given the answer as its first, never asking.
 */
async function snapshotOf(taskId: string, endpoint: string, answer: FetchResult) {
  const watcher = createTaskWatcher(
    {
      taskId,
      endpoint,
      transport: 'poll',
      initial: answer,
      fetcher: () => new Promise(() => {}), // never asked: the next poll is never due
      environment: { setTimeout: () => 0, clearTimeout: () => {}, isHidden: () => false },
    },
    new WatcherRegistry(),
  );
  try {
    return await new Promise<TaskSnapshot>((resolve) => {
      const settle = () => {
        const snapshot = watcher.getSnapshot();
        if (snapshot.task || snapshot.error) resolve(snapshot);
      };
      watcher.subscribe(settle);
      settle();
    });
  } finally {
    watcher.dispose();
  }
}

/**
 * The widget with its current state already drawn, for a page's HTML: a declarative shadow root
 * with the same templates and styles the browser would render, and the answer it was drawn from
 * (with its ETag). The browser shows it as the HTML arrives, before any script; the widget then
 * takes it over with no flash and no first request (its next request is conditional on that
 * ETag) and follows the task live. When the handler cannot answer (an unknown task, MPS down),
 * the element is written without a state and asks for itself, as usual.
 *
 * Needs `@lit-labs/ssr` (an optional peer dependency). Node only.
 */
export async function renderTaskStatusHTML(opts: RenderTaskStatusOptions): Promise<string> {
  const { taskId } = opts;
  const endpoint = opts.attributes.endpoint;
  const url = new URL(taskUrl(endpoint, taskId), opts.origin ?? 'http://localhost');
  const response = await opts.handler(
    new Request(url, { headers: { Accept: 'application/json' } }),
  );
  if (!response.ok) return plainElement(opts);
  const answer: FetchResult = {
    body: await response.json(),
    etag: response.headers.get('ETag'),
    serverOffsetMs: 0,
  };
  const snapshot = await snapshotOf(taskId, endpoint, answer);
  if (!snapshot.task) return plainElement(opts);
  const { renderElement } = await import('./render-element.js');
  const script = `<script type="application/json">${scriptJson(answer)}</script>`;
  return renderElement(plainElement(opts), snapshot, script, opts.nonce);
}
