/**
 * Server rendering end to end: `renderTaskStatusHTML` draws the widget into the page's HTML
 * (Node, Lit's server rendering), the built CDN file takes it over in Chromium — no flash, no
 * duplicate first request — and follows the task live to its end.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { createTaskStatusHandler } from '../../src/server/handler.js';
import { toNodeListener } from '../../src/server/node-adapter.js';
import { renderTaskStatusHTML } from '../../src/server/render-html.js';
import { simulatorSource } from '../../src/server/sources/simulator.js';
import { frozenTask, MpsSimulator } from '../../src/simulator/simulator.js';
import { launchChromium } from '../support/chromium.js';

const sim = new MpsSimulator();
const simulated = simulatorSource(sim);
/** A task finished an hour ago, from a simulator of its own (the shared one runs in real time). */
const finished = frozenTask('success', 3_600_000, 7);
const handler = createTaskStatusHandler({
  source: async (taskId, ctx) =>
    taskId === finished.taskId
      ? structuredClone((finished.body as { Response: Record<string, unknown> }).Response)
      : simulated(taskId, ctx),
  allowAnyTask: true,
  events: { pollMs: 300 },
});
/** What the page's widgets asked the backend: polls (with their If-None-Match) and streams. */
let requests: { url: string; etag: string | null; stream: boolean }[] = [];
let server: Server;
let browser: Browser;
let origin = '';
const pages = new Map<string, string>();
/** While set, the response reader's chunk is held back until it settles. */
let readerHeld: Promise<void> | null = null;

before(async () => {
  const api = toNodeListener(handler);
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/task') {
      const stream = String(req.headers.accept).includes('text/event-stream');
      const etag = (req.headers['if-none-match'] as string | undefined) ?? null;
      requests.push({ url: req.url ?? '', etag, stream });
      return void api(req, res);
    }
    if (url.pathname.startsWith('/cdn/')) {
      res.setHeader('Content-Type', 'text/javascript');
      const send = () => res.end(readFileSync(`dist/cdn/${url.pathname.slice(5)}`));
      if (readerHeld && url.pathname.includes('/reader-chunk-')) return void readerHeld.then(send);
      return send();
    }
    const page = pages.get(url.pathname);
    res.statusCode = page ? 200 : 404;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

/** A page holding one server-rendered widget of a task running for `durationMs`. */
async function serverRenderedPage(
  path: string,
  attributes: Record<string, string>,
  { script = true, durationMs = 8000, lang = 'en', taskId = '' } = {},
) {
  if (!taskId) {
    taskId = sim.createTask({ scenario: 'success', durationMs });
    // Past the queue: processing when the page is rendered.
    await new Promise((r) => setTimeout(r, 2600));
  }
  const widget = await renderTaskStatusHTML({
    taskId,
    handler,
    attributes: { endpoint: '/api/task', ...attributes },
  });
  pages.set(
    path,
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Your video</title>
    ${script ? '<script type="module" src="/cdn/mps-task-status.js"></script>' : ''}
    </head><body><main>${widget}</main></body></html>`,
  );
  return { taskId, widget };
}

/**
 * Samples, on every frame once the HTML is parsed, what the widget shows: its headline or badge.
 * (While the parser is still streaming the shadow root in, a frame may show part of it: that is
 * the browser painting the HTML as it arrives, before any script, not a flash of ours.)
 */
const SAMPLER = `window.samples = [];
  const sample = () => {
    const parsed = document.readyState !== 'loading';
    // (null, not false, while parsing: \`false?.querySelector()\` throws, which ended the loop on a
    // busy machine whose first frame came before the HTML was parsed)
    const root = parsed ? document.querySelector('mps-task-status')?.shadowRoot : null;
    const shown = root?.querySelector('[part="headline"], [part="badge"]')?.textContent?.trim();
    if (root) window.samples.push(shown ?? '');
    requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);`;

describe('server rendering (renderTaskStatusHTML)', () => {
  it('writes the state into a declarative shadow root, with the answer and its ETag', async () => {
    const { taskId, widget } = await serverRenderedPage('/markup', { variant: 'minimal' });
    assert.match(widget, /<mps-task-status [^>]*state="processing"/);
    assert.match(widget, /<template shadowroot="open" shadowrootmode="open"><style>/);
    assert.match(
      widget,
      /<\/template>(<!--[^>]*-->)?<script type="application\/json">/,
      'the answer after it',
    );
    assert.match(widget, /Processing your video/);
    assert.match(widget, /role="progressbar"[^>]*aria-valuenow="\d+"/);
    const json = /<script type="application\/json">(.*?)<\/script>/s.exec(widget)![1];
    const answer = JSON.parse(json);
    assert.equal(answer.body.Response.WorkflowTask.TaskId, taskId);
    assert.match(answer.etag, /^"[^"]+"$/);
    assert.ok(!json.includes('</'), 'nothing in the JSON can end its script element');
  });

  it('hostile strings stay data, and no secret reaches the page', async () => {
    const taskId = sim.createTask({ scenario: 'success', durationMs: 60_000 });
    await new Promise((r) => setTimeout(r, 2600));
    const hostile = '</script><script>alert(1)</script><!--\u2028';
    const source = simulatorSource(sim);
    const html = await renderTaskStatusHTML({
      taskId,
      attributes: { endpoint: '/api/task' },
      handler: createTaskStatusHandler({
        allowAnyTask: true,
        source: async (id, signal) => {
          const body = (await source(id, signal)) as Record<string, unknown>;
          const task = body.WorkflowTask as Record<string, unknown>;
          task.Message = hostile;
          body.TaskNotifyConfig = { NotifyKey: 's3cr3t-notify-key', NotifyUrl: 'https://x/y' };
          return body;
        },
      }),
    });
    assert.equal(html.split('</script>').length, 2, 'one script element: the answer');
    assert.ok(!html.includes('<script>alert'), 'the message is not markup');
    assert.ok(!html.includes('s3cr3t'), 'secrets are stripped before the page');
    const json = /<script type="application\/json">(.*?)<\/script>/s.exec(html)![1];
    assert.equal(JSON.parse(json).body.Response.WorkflowTask.Message, hostile);
  });

  it('an unknown task: the plain element, which asks for itself', async () => {
    const html = await renderTaskStatusHTML({
      taskId: 'no-such-task',
      handler,
      attributes: { endpoint: '/api/task', variant: 'minimal', 'output-url': '"><script>' },
    });
    assert.equal(
      html,
      '<mps-task-status endpoint="/api/task" variant="minimal" output-url="&quot;>&lt;script>" task-id="no-such-task"></mps-task-status>',
    );
  });

  it('shows the status from the HTML alone, before any script', async () => {
    await serverRenderedPage('/no-script', { variant: 'minimal' }, { script: false });
    const page = await browser.newPage();
    await page.goto(`${origin}/no-script`, { waitUntil: 'domcontentloaded' });
    const shown = await page.evaluate(() => {
      const root = document.querySelector('mps-task-status')!.shadowRoot!;
      const fill = root.querySelector<HTMLElement>('[part="progress-indicator"]')!;
      return {
        headline: root.querySelector('[part="headline"]')?.textContent?.trim(),
        fill: getComputedStyle(fill).getPropertyValue('--_value'),
        defined: !!customElements.get('mps-task-status'),
      };
    });
    await page.close();
    assert.deepEqual(shown, {
      headline: 'Processing your video',
      fill: shown.fill,
      defined: false,
    });
    assert.match(shown.fill, /^\d+(\.\d+)?%$/, 'the bar is filled as the server saw it');
  });

  for (const [name, attributes, lang, headline] of [
    ['minimal, English', { variant: 'minimal' }, 'en', 'Processing your video'],
    ['full card, Chinese', { locale: 'zh-CN' }, 'zh-CN', '处理中'],
  ] as const) {
    it(`${name}: taken over with no flash and no first request, then followed to the end`, async () => {
      requests = [];
      const path = `/live-${lang}`;
      const { widget } = await serverRenderedPage(path, attributes, { durationMs: 6000, lang });
      const etag = JSON.parse(/<script type="application\/json">(.*?)<\/script>/s.exec(widget)![1])
        .etag as string;
      const page = await browser.newPage();
      await page.evaluateOnNewDocument(SAMPLER);
      await page.goto(`${origin}${path}`, { waitUntil: 'load' });
      // Taken over: the server's nodes (their inline styles) and the answer are gone.
      await page.waitForFunction(
        () => {
          const el = document.querySelector('mps-task-status');
          const root = el?.shadowRoot;
          return !!root && !root.querySelector('style') && !el!.querySelector('script');
        },
        { timeout: 20_000 },
      );
      await page.waitForFunction(
        () => document.querySelector('mps-task-status')?.getAttribute('state') === 'success',
        { timeout: 60_000 },
      );
      const samples = (await page.evaluate('window.samples')) as string[];
      await page.close();
      assert.equal(samples[0], headline, 'the first frame already shows the status');
      const blank = samples.findIndex((text) => !text);
      assert.equal(blank, -1, `a frame without a status (${samples.slice(0, 5).join(' | ')})`);
      // No first request: whatever the widget asked the backend carried the server's ETag (or a
      // later one), and it followed the task live to its end.
      const polls = requests.filter((r) => !r.stream);
      assert.ok(
        polls.every((r) => r.etag !== null),
        `a poll without If-None-Match: ${JSON.stringify(polls)}`,
      );
      if (polls.length) assert.equal(polls[0].etag, etag);
    });
  }

  it('a finished task keeps its rendered state while the reader is still on its way', async () => {
    const { widget } = await serverRenderedPage(
      '/finished',
      { variant: 'minimal' },
      { taskId: finished.taskId },
    );
    assert.match(widget, /<mps-task-status [^>]*state="success"/);
    let release = () => {};
    readerHeld = new Promise((r) => (release = r));
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(`window.states = [];
      new MutationObserver((records) => {
        for (const r of records) window.states.push(r.target.getAttribute('state'));
      }).observe(document, { subtree: true, attributeFilter: ['state'] });`);
    try {
      await page.goto(`${origin}/finished`, { waitUntil: 'load' });
      // The element has taken the widget and rendered with the answer not yet read: a finished
      // task has no first status without the reader.
      await page.waitForFunction(
        async () => {
          const el = document.querySelector('mps-task-status') as HTMLElement & {
            updateComplete?: Promise<boolean>;
          };
          return !!customElements.get('mps-task-status') && (await el.updateComplete);
        },
        { timeout: 20_000 },
      );
      const held = await page.evaluate(() => ({
        state: document.querySelector('mps-task-status')!.getAttribute('state'),
        headline: document
          .querySelector('mps-task-status')!
          .shadowRoot!.querySelector('[part="headline"]')
          ?.textContent?.trim(),
      }));
      assert.deepEqual(held, { state: 'success', headline: 'Your video is ready' });
      release();
      await page.waitForFunction(
        () => !document.querySelector('mps-task-status')!.shadowRoot!.querySelector('style'),
        { timeout: 20_000 },
      );
      const states = (await page.evaluate('window.states')) as string[];
      assert.ok(!states.includes('loading'), `the host went back to loading: ${states.join(' ')}`);
    } finally {
      release();
      readerHeld = null;
      await page.close();
    }
  });
});
