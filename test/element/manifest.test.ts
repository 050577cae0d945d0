import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import { MpsTaskStatus } from '../../src/element/index.js';
import { frozen, STATES } from '../support/bodies.js';
import { scriptedServer, stateIs } from '../support/browser.js';

interface Decl {
  tagName?: string;
  attributes?: { name: string }[];
  events?: { name: string }[];
  slots?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
}

/** Renders the element in every state that shows something different and collects what it exposes. */
async function exposed() {
  const parts = new Set<string>();
  const slots = new Set<string>();
  const events = new Set<string>();
  const hostAttrs = new Set<string>();
  const collect = (el: Element) => {
    el.shadowRoot!.querySelectorAll('[part]').forEach((e) =>
      e
        .getAttribute('part')!
        .split(/\s+/)
        .forEach((p) => parts.add(p)),
    );
    el.shadowRoot!.querySelectorAll('slot[name]').forEach((s) =>
      slots.add(s.getAttribute('name')!),
    );
    // Attributes the element sets on itself for the page's CSS (`state`, `stale`), besides the
    // ones it observes.
    for (const name of el.getAttributeNames()) hostAttrs.add(name);
  };
  const listen = (el: Element) => {
    for (const type of [
      'mps-task-update',
      'mps-task-state-change',
      'mps-task-finish',
      'mps-task-error',
    ])
      el.addEventListener(type, () => events.add(type));
    const original = el.dispatchEvent.bind(el);
    el.dispatchEvent = (e: Event) => {
      if (e.type.startsWith('mps-')) events.add(e.type);
      return original(e);
    };
  };
  const idle = await fixture(html`<mps-task-status></mps-task-status>`);
  collect(idle);
  for (const [scenario, at, state] of [
    ['success', 9000, 'processing'],
    ['subtask-failure', 120_000, 'partial'],
    ['source-failure', 120_000, 'failed'],
    ['long-queue', 1000, 'waiting'],
    ['degraded', 120_000, 'success'],
    ['ai-workflow', 120_000, 'partial'],
  ] as const) {
    const { taskId, fetcher } = frozen(scenario, at);
    const el = document.createElement('mps-task-status');
    listen(el);
    el.taskId = taskId;
    el.fetcher = fetcher;
    el.outputUrl = 'https://{bucket}.example{path}';
    (await fixture(html`<div></div>`)).append(el);
    await stateIs(el, state);
    await el.updateComplete;
    collect(el);
    el.variant = 'compact';
    await el.updateComplete;
    collect(el);
    // Its details popover, open (the close button).
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="expand-button"]')?.click();
    await el.updateComplete;
    collect(el);
  }
  // A task of more steps than one page of the lists shows: the "Show more" button.
  const long = (await frozen('success', 120_000).fetcher()) as {
    Response: { WorkflowTask: { MediaProcessResultSet: unknown[] } };
  };
  const steps = long.Response.WorkflowTask.MediaProcessResultSet;
  long.Response.WorkflowTask.MediaProcessResultSet = Array.from({ length: 60 }, (_, i) =>
    structuredClone(steps[i % steps.length]),
  );
  const longList = await fixture<MpsTaskStatus>(
    html`<mps-task-status task-id="long" .fetcher=${async () => long}></mps-task-status>`,
  );
  await stateIs(longList, 'success');
  collect(longList);
  // The minimal variant: ready (its call to action) and failed (its technical details).
  for (const [scenario, state] of [
    ['success', 'success'],
    ['source-failure', 'failed'],
  ] as const) {
    const { taskId, fetcher } = frozen(scenario, 120_000);
    const minimal = await fixture<MpsTaskStatus>(
      html`<mps-task-status
        variant="minimal"
        task-id=${taskId}
        .fetcher=${fetcher}
        output-url="https://{bucket}.example{path}"
      ></mps-task-status>`,
    );
    await stateIs(minimal, state);
    minimal.shadowRoot!.querySelector<HTMLButtonElement>('[part="technical-button"]')?.click();
    await minimal.updateComplete;
    collect(minimal);
  }
  // The minimal variant's notify control: offered, then refused by the reader.
  const running = frozen(...STATES.processing);
  const notifying = await fixture<MpsTaskStatus>(
    html`<mps-task-status
      variant="minimal"
      notify
      task-id=${running.taskId}
      .fetcher=${running.fetcher}
    ></mps-task-status>`,
  );
  await stateIs(notifying, 'processing');
  const control = () => notifying.shadowRoot!.querySelector('[part="notify-button"]');
  await waitUntil(control, 'the notify chunk', { timeout: 10_000 });
  collect(notifying);
  const notifications = Object.getOwnPropertyDescriptor(window, 'Notification')!;
  Object.defineProperty(window, 'Notification', {
    configurable: true,
    value: { permission: 'denied' },
  });
  notifying.requestUpdate();
  await notifying.updateComplete;
  collect(notifying);
  Object.defineProperty(window, 'Notification', notifications);
  const err = document.createElement('mps-task-status');
  listen(err);
  err.taskId = 'x';
  err.fetcher = async () => 'junk';
  (await fixture(html`<div></div>`)).append(err);
  await stateIs(err, 'error');
  collect(err);
  const body = await frozen('success', 9000).fetcher();
  const url = await scriptedServer([{ status: 200, body: JSON.stringify(body) }], {
    status: 503,
    headers: { 'Retry-After': '30' },
  });
  const retrying = await fixture<MpsTaskStatus>(
    html`<mps-task-status task-id="r" endpoint=${url} max-interval="1000"></mps-task-status>`,
  );
  await stateIs(retrying, 'processing');
  await new Promise((r) => setTimeout(r, 2500));
  collect(retrying);
  // A widget whose next request fails keeps its data, marked stale while it retries.
  const stale = document.createElement('mps-task-status');
  let asked = 0;
  stale.taskId = 's';
  stale.fetcher = async () => {
    if (asked++ === 0) return body;
    throw new TypeError('Failed to fetch');
  };
  (await fixture(html`<div></div>`)).append(stale);
  await stateIs(stale, 'processing', 'success');
  stale.refresh();
  await waitUntil(() => stale.hasAttribute('stale'), 'stale while retrying', { timeout: 10_000 });
  collect(stale);
  const cssProps = new Set(
    (MpsTaskStatus.styles as { cssText: string }).cssText.match(/--mps-task-status-[a-z-]+/g),
  );
  const attrs = new Set([
    ...(MpsTaskStatus as unknown as { observedAttributes: string[] }).observedAttributes,
    ...hostAttrs,
  ]);
  return { parts, slots, events, cssProps, attrs };
}

describe('custom-elements.json', () => {
  it('documents exactly what the element has: attributes, events, slots, parts, CSS properties', async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as {
      modules: { declarations?: Decl[] }[];
    };
    const decl = manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .find((d) => d.tagName === 'mps-task-status')!;
    expect(decl, 'manifest declares <mps-task-status>').to.exist;
    const doc = (xs?: { name: string }[]) => new Set((xs ?? []).map((x) => x.name));
    const actual = await exposed();
    const compare = (what: string, documented: Set<string>, has: Set<string>) => {
      expect(
        [...has].filter((x) => !documented.has(x)),
        `${what} the element has but the manifest misses`,
      ).to.deep.equal([]);
      expect(
        [...documented].filter((x) => !has.has(x)),
        `${what} documented but never seen`,
      ).to.deep.equal([]);
    };
    compare('attributes', doc(decl.attributes), actual.attrs);
    compare('events', doc(decl.events), actual.events);
    compare('slots', doc(decl.slots), actual.slots);
    compare('parts', doc(decl.cssParts), actual.parts);
    compare('CSS properties', doc(decl.cssProperties), actual.cssProps);
  });
});
