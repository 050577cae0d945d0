/**
 * `npm run bench` (first status): how long an end user on a phone waits for the first status.
 * One `variant="minimal"` widget loaded from the built CDN folder, against a naive element (one
 * `fetch`, one `textContent`, written here) on the same page shape and backend, in the same run.
 * Chromium throttled through the DevTools protocol as its "Slow 4G" profile: 150 ms round trip,
 * 1.6 Mbps down, 0.75 Mbps up, CPU 4x slower. The CDN folder is served with gzip and without (a
 * CMS's static server often sends none). Timed from navigation to the first frame that shows a
 * status (ours: the minimal card's headline of a known state; naive: its text). Also: the
 * critical path as a waterfall (which request waited on which) and main-thread time until then.
 * Wall-clock: compare within one run.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, CDPSession } from 'puppeteer-core';
import { createTaskStatusHandler } from '../src/server/handler.js';
import { toNodeListener } from '../src/server/node-adapter.js';
import type { renderTaskStatusHTML as RenderTaskStatusHTML } from '../src/server/index.js';
import { frozenTask } from '../src/simulator/simulator.js';
import { launchChromium } from '../test/support/chromium.js';

const CDN_DIR = process.env.CDN_DIR ?? 'dist/cdn';
const RUNS = Number(process.env.FIRST_STATUS_RUNS ?? 5);
// FIRST_STATUS_TASK=running|finished: only that task's rows.
/** Chrome DevTools' "Slow 4G" preset. */
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const CPU_SLOWDOWN = 4;

/** The naive element: what a page would write by hand. */
const NAIVE = `customElements.define('naive-task-status', class extends HTMLElement {
  async connectedCallback() {
    const url = this.getAttribute('endpoint') + '?TaskId=' + encodeURIComponent(this.getAttribute('task-id'));
    const body = await (await fetch(url)).json();
    const status = String((body.Response ?? body).Status ?? 'UNKNOWN');
    this.textContent = status;
    this.setAttribute('state', status.toLowerCase());
  }
});`;

/**
 * The build's `modulepreload.html` lines the README advises for this page: zh-CN on a Chinese
 * page, no view (the first module draws the minimal one; `PRELOAD_CHUNKS`, a regex of chunk
 * names, tries others).
 */
function preloads(lang: 'en' | 'zh-CN'): string {
  const snippet = readFileSync(join(CDN_DIR, 'modulepreload.html'), 'utf8');
  return snippet
    .split('\n')
    .filter(
      (line) =>
        (process.env.PRELOAD_CHUNKS ? new RegExp(process.env.PRELOAD_CHUNKS).test(line) : false) ||
        (lang === 'zh-CN' && /zh-CN-/.test(line)),
    )
    .map((line) => line.replace('{base}', '/cdn'))
    .join('');
}

/** The page knows the task: its status request can start with the HTML, as the widget will ask it. */
const statusPreload = (taskId: string) =>
  `<link rel="preload" as="fetch" crossorigin href="/mps/task?TaskId=${taskId}" />`;

/** What the naive element shows once it has the answer, for the static page. */
const STATUS_TEXT = { running: 'PROCESSING', finished: 'FINISH' };

/**
 * The page: a headline, a line of text and the widget, as the demo's waiting page. `shown()`
 * is true from the first frame where a status is on screen.
 */
function page(kind: Kind, lang: 'en' | 'zh-CN', task: TaskName, taskId: string, rendered = '') {
  const attributes = `task-id="${taskId}" endpoint="/mps/task"`;
  const widget = {
    ssr: rendered,
    ours: `<mps-task-status variant="minimal" ${attributes}></mps-task-status>`,
    preload: `<mps-task-status variant="minimal" ${attributes}></mps-task-status>`,
    naive: `<naive-task-status ${attributes}></naive-task-status>`,
    static: `<naive-task-status state="${STATUS_TEXT[task].toLowerCase()}">${STATUS_TEXT[task]}</naive-task-status>`,
  }[kind];
  const script =
    {
      naive: `<script type="module" src="/naive.js"></script>`,
      static: '',
    }[kind as 'naive'] ?? `<script type="module" src="/cdn/mps-task-status.js"></script>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your video</title>${kind === 'preload' ? preloads(lang) + statusPreload(taskId) : ''}${script}
<script>
  window.shown = () => {
    const el = document.querySelector('mps-task-status, naive-task-status');
    if (!el || !el.getAttribute('state') || el.getAttribute('state') === 'loading') return false;
    return el.localName === 'naive-task-status' || !!el.shadowRoot?.querySelector('[part="headline"]');
  };
  const frame = () => (window.shown() ? (window.firstStatusAt = performance.now()) : requestAnimationFrame(frame));
  requestAnimationFrame(frame);
</script></head>
<body><main><h1>${lang === 'en' ? 'Your video is being processed' : '视频处理中'}</h1>${widget}</main></body></html>`;
}

/**
 * Our widget; the same with the build's `modulepreload.html` lines for its chunks in the page's
 * head; the naive element; ours server-rendered into the HTML (`renderTaskStatusHTML`); and the
 * floor no page can beat: the same HTML with the status written in it and no script (its first
 * frame).
 */
type Kind = 'ours' | 'preload' | 'naive' | 'ssr' | 'static';
const KINDS = ['ours', 'preload', 'naive', 'ssr', 'static'] as const;

/** A task still running (the minimal view's first module draws it), and one finished. */
type TaskName = 'running' | 'finished';

interface Request {
  url: string;
  start: number;
  end: number;
  initiator: string;
  bytes: number;
}

interface Run {
  firstStatusMs: number;
  mainThreadMs: number;
  requests: Request[];
}

/**
 * The shipped server code (its element styles minified, as a page would get them), from the
 * build this bench measures; a path in a variable, so the type check needs no build.
 */
async function shippedRenderer(): Promise<typeof RenderTaskStatusHTML> {
  const built = '../dist/server/index.js';
  return ((await import(built)) as { renderTaskStatusHTML: typeof RenderTaskStatusHTML })
    .renderTaskStatusHTML;
}

/**
 * The CDN folder, the naive script, the pages, and a processing task behind our server handler
 * (answers with an ETag, event streams): the backend both elements ask.
 */
export async function serve(cdnDir = CDN_DIR) {
  const tasks = {
    running: frozenTask('success', 9000),
    finished: frozenTask('success', 3_600_000, 4),
  };
  const byId = new Map(
    Object.values(tasks).map(({ taskId, body }) => [
      taskId,
      (body as { Response: Record<string, unknown> }).Response,
    ]),
  );
  const handler = createTaskStatusHandler({
    source: async (taskId) => structuredClone(byId.get(taskId) ?? {}),
    allowAnyTask: true,
  });
  const backend = toNodeListener(handler);
  const renderTaskStatusHTML = await shippedRenderer();
  const files = new Map<string, Buffer>();
  for (const dir of [cdnDir]) {
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.js')) files.set(`/cdn/${name}`, readFileSync(join(dir, name)));
    }
  }
  files.set('/naive.js', Buffer.from(NAIVE));
  let gzip = true;
  const send = (req: IncomingMessage, res: ServerResponse, type: string, data: Buffer) => {
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', 'no-store');
    if (gzip && /\bgzip\b/.test(String(req.headers['accept-encoding']))) {
      res.setHeader('Content-Encoding', 'gzip');
      data = gzipSync(data);
    }
    res.end(data);
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const match = /^\/(ours|preload|naive|ssr|static)-(en|zh-CN)(-finished)?\.html$/.exec(
      url.pathname,
    );
    if (match) {
      const [kind, lang] = [match[1] as Kind, match[2] as 'en' | 'zh-CN'];
      const { taskId } = match[3] ? tasks.finished : tasks.running;
      const rendered =
        kind === 'ssr'
          ? await renderTaskStatusHTML({
              taskId,
              handler,
              attributes: { endpoint: '/mps/task', variant: 'minimal', locale: lang },
            })
          : '';
      const html = page(kind, lang, match[3] ? 'finished' : 'running', taskId, rendered);
      return send(req, res, 'text/html; charset=utf-8', Buffer.from(html));
    }
    if (url.pathname === '/mps/task') return void backend(req, res);
    const file = files.get(url.pathname);
    if (file) return send(req, res, 'text/javascript', file);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setGzip: (on: boolean) => void (gzip = on),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** One cold load of a page on the throttled profile, in a fresh browser context (no cache). */
async function load(browser: Browser, url: string): Promise<Run> {
  const context = await browser.createBrowserContext();
  const tab = await context.newPage();
  const cdp: CDPSession = await tab.createCDPSession();
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await cdp.send('Performance.enable');
  const requests = new Map<string, Request & { wallStart: number }>();
  let navigationWall = 0;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!navigationWall) navigationWall = e.timestamp;
    const initiator = e.initiator.url ?? e.initiator.stack?.callFrames[0]?.url ?? e.initiator.type;
    requests.set(e.requestId, {
      url: e.request.url,
      start: 0,
      end: 0,
      initiator: initiator ?? '',
      bytes: 0,
      wallStart: e.timestamp,
    });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { end: e.timestamp, bytes: e.encodedDataLength });
  });
  await tab.goto(url, { waitUntil: 'domcontentloaded' });
  await tab
    .waitForFunction('window.firstStatusAt', { timeout: 60_000, polling: 250 })
    .catch(async (error: Error) => {
      const state = await tab.evaluate(`document.body.innerHTML.slice(0, 300)`);
      throw new Error(`${url}: no status in 60 s (${error.message}); the page: ${state}`);
    });
  const firstStatusMs = (await tab.evaluate('window.firstStatusAt')) as number;
  const { metrics } = await cdp.send('Performance.getMetrics');
  const taskSeconds = metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  await context.close();
  const path = (u: string) => (u ? new URL(u).pathname.replace(/-[\w-]{8}\.js$/, '.js') : '');
  return {
    firstStatusMs,
    mainThreadMs: taskSeconds * 1000,
    requests: [...requests.values()]
      .map((r) => ({
        url: path(r.url) + (r.url.includes('?') ? '?…' : ''),
        start: (r.wallStart - navigationWall) * 1000,
        end: r.end ? (r.end - navigationWall) * 1000 : NaN,
        initiator: r.initiator.startsWith('http') ? path(r.initiator) : r.initiator,
        bytes: r.bytes,
      }))
      .sort((a, b) => a.start - b.start),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function waterfall(title: string, run: Run): string {
  const rows = run.requests.map(
    (r) =>
      `| ${r.url} | ${r.initiator || '—'} | ${Math.round(r.start)} | ${Math.round(r.end)} | ${(r.bytes / 1024).toFixed(1)} kB |`,
  );
  return [
    `\n${title} (first status at ${Math.round(run.firstStatusMs)} ms, main thread ${Math.round(run.mainThreadMs)} ms)`,
    '',
    '| request | asked by | start ms | end ms | transferred |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The rows: both transfers and languages for a running task; English for a finished one. */
const ROWS = [
  ...[true, false].flatMap((gzip) =>
    (['en', 'zh-CN'] as const).map((lang) => ({ gzip, lang, task: 'running' as TaskName })),
  ),
  ...[true, false].map((gzip) => ({ gzip, lang: 'en' as const, task: 'finished' as TaskName })),
];

/**
 * Every configuration `RUNS` times, ours and the naive element interleaved so that both see the
 * same noise; then the table, and the waterfalls of our median runs.
 */
export async function firstStatusBench(): Promise<string> {
  if (!existsSync(join(CDN_DIR, 'mps-task-status.js'))) return '(run `npm run build` first)';
  const server = await serve();
  const browser = await launchChromium();
  const lines = [
    `Slow 4G (150 ms RTT, 1.6 Mbps down), CPU ${CPU_SLOWDOWN}x slower; median of ${RUNS} cold loads (min–max). Static: the same page with the status written in its HTML and no script, the floor.`,
    '',
    '| task | page | transfer | naive | ours | ÷ naive | ours + modulepreload | ÷ naive | server-rendered | ÷ naive | static HTML | ÷ naive | main thread to first status (ours / preload / SSR / naive) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const waterfalls: string[] = [];
  try {
    const only = process.env.FIRST_STATUS_TASK;
    for (const { gzip, lang, task } of ROWS.filter((row) => !only || row.task === only)) {
      server.setGzip(gzip);
      const runs = Object.fromEntries(KINDS.map((kind) => [kind, [] as Run[]])) as Record<
        Kind,
        Run[]
      >;
      const suffix = task === 'finished' ? '-finished' : '';
      for (let i = 0; i < RUNS; i++) {
        for (const kind of KINDS)
          runs[kind].push(await load(browser, `${server.origin}/${kind}-${lang}${suffix}.html`));
      }
      const first = (kind: Kind) => runs[kind].map((r) => r.firstStatusMs);
      const medians = Object.fromEntries(
        KINDS.map((kind) => [kind, median(first(kind))]),
      ) as Record<Kind, number>;
      const naive = medians.naive;
      const spread = (xs: number[]) => `${s(Math.min(...xs))}–${s(Math.max(...xs))}`;
      const cell = (kind: Kind) =>
        `${s(medians[kind])} (${spread(first(kind))}) | ${(medians[kind] / naive).toFixed(2)}x`;
      const main = (kind: Kind) => Math.round(median(runs[kind].map((r) => r.mainThreadMs)));
      lines.push(
        `| ${task} | ${lang === 'en' ? 'English' : 'Chinese'} | ${gzip ? 'gzip' : 'none'} | ${s(naive)} (${spread(first('naive'))}) | ${cell('ours')} | ${cell('preload')} | ${cell('ssr')} | ${cell('static')} | ${main('ours')} / ${main('preload')} / ${main('ssr')} / ${main('naive')} ms |`,
      );
      const medianRun = (kind: Kind) => runs[kind].find((r) => r.firstStatusMs === medians[kind])!;
      const name = `${task}, ${lang}, ${gzip ? 'gzip' : 'no gzip'}`;
      waterfalls.push(waterfall(`Ours, ${name}`, medianRun('ours')));
      waterfalls.push(waterfall(`Ours + modulepreload, ${name}`, medianRun('preload')));
      if (lang === 'en' && gzip) {
        waterfalls.push(waterfall(`Naive, ${name}`, medianRun('naive')));
        waterfalls.push(waterfall(`Server-rendered, ${name}`, medianRun('ssr')));
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return [...lines, ...waterfalls].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await firstStatusBench());
