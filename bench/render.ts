/**
 * `npm run bench` (part 3): our built CDN file against a naive element (`naive-element.js`: fetch
 * every 2 s, innerHTML) in headless Chromium, side by side in the same run, on the simulator over
 * real HTTP. Main-thread figures come from the DevTools protocol (`Performance.getMetrics`
 * `TaskDuration`), heap after a full collection (`HeapProfiler.collectGarbage`), long tasks from a
 * `longtask` observer. Wall-clock: compare ratios within one run, not figures across machines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { createTaskStatusHandler } from '../src/server/handler.js';
import { toNodeListener } from '../src/server/node-adapter.js';
import { simulatorSource } from '../src/server/sources/simulator.js';
import { createSimulatorHandler } from '../src/simulator/http.js';
import { MpsSimulator, frozenTask } from '../src/simulator/simulator.js';
import { launchChromium } from '../test/support/chromium.js';

/** The built CDN files to measure (`CDN_DIR=…` measures another build, e.g. a baseline). */
const CDN_DIR = process.env.CDN_DIR ?? 'dist/cdn';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The simulated queue before a task starts processing (planFor's default, with a margin). */
const QUEUE_MS = 2500;
/** After mount, past the quick second poll that follows a first answer, before steady state. */
const SETTLE_MS = 15_000;

interface Figures {
  mountMs: number;
  mountWallMs: number;
  mountRequests: number;
  busyPerSecond: number;
  requestsPerSecond: number;
  longTasks: number;
  longestMs: number;
  heapMb: number;
}

const PAGE = `<!doctype html><html lang="en"><body><script type="module">
  window.longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.longTasks.push({ at: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  window.mount = async (tag, ids, variant, endpoint, transport) => {
    if (tag === 'mps-task-status') await import('/cdn/mps-task-status.js');
    else await import('/bench/naive-element.js');
    for (const id of ids) {
      const el = document.createElement(tag);
      el.setAttribute('endpoint', endpoint);
      el.setAttribute('task-id', id);
      if (variant) el.setAttribute('variant', variant);
      if (transport) el.setAttribute('transport', transport);
      document.body.append(el);
    }
  };
  window.allShow = (tag, state) => [...document.querySelectorAll(tag)].every((e) => e.getAttribute('state') === state);
</script></body></html>`;

/**
 * `/mps/task`: the simulator answering polls; `/push/task`: our handler in front of it (event
 * streams, one upstream poll per task every 2 s like the naive element's); `fixed` answers
 * `/fixed/task` with one body and its ETag, as the server handler would for an unchanging task.
 */
async function serve(sim: MpsSimulator, fixed?: string) {
  let requests = 0;
  const simulator = toNodeListener(createSimulatorHandler(sim), { fallthrough: true });
  const push = toNodeListener(
    createTaskStatusHandler({
      source: simulatorSource(sim),
      allowAnyTask: true,
      upstreamRate: { perSecond: 5000 },
      events: { pollMs: 2000 },
    }),
  );
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/mps/task') || req.url?.startsWith('/push/task')) requests++;
    if (req.url?.startsWith('/push/task')) return void push(req, res);
    if (fixed && req.url?.startsWith('/fixed/task')) {
      // With an ETag, as the server handler answers: unchanged polls are 304s.
      res.setHeader('ETag', '"fixed"');
      res.setHeader('Content-Type', 'application/json');
      res.statusCode = req.headers['if-none-match'] === '"fixed"' ? 304 : 200;
      res.end(res.statusCode === 200 ? fixed : undefined);
      return;
    }
    void simulator(req, res, () => {
      const path = req.url!.split('?')[0];
      const file = path.startsWith('/cdn/')
        ? join(CDN_DIR, basename(path))
        : path === '/bench/naive-element.js'
          ? 'bench/naive-element.js'
          : null;
      res.setHeader('Content-Type', file ? 'text/javascript' : 'text/html');
      res.end(file ? readFileSync(file) : PAGE);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { server, url, requests: () => requests };
}

const taskMs = async (cdp: CDPSession) => {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)!.value;
  return { busy: get('TaskDuration') * 1000, at: get('Timestamp') * 1000 };
};

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1e6;
}

/** Mounts `n` widgets of one kind on fresh tasks, then watches them poll for `steadyMs`. */
async function measureRows(
  browser: Browser,
  site: Awaited<ReturnType<typeof serve>>,
  sim: MpsSimulator,
  tag: string,
  n: number,
  steadyMs: number,
  how: { endpoint: string; transport?: string } = { endpoint: '/mps/task' },
): Promise<Figures> {
  // Ten-minute transcodes: every row stays PROCESSING, with a real percentage, while measured.
  const ids = Array.from({ length: n }, () =>
    sim.createTask({ scenario: 'transcode', durationMs: 600_000 }),
  );
  const page: Page = await browser.newPage();
  if (process.env.REDUCED)
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
  await sleep(QUEUE_MS); // past the simulated queue: mount measures rendering, not waiting
  await page.goto(site.url);
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const before = await taskMs(cdp);
  const requestsAtStart = site.requests();
  await page.evaluate(
    (t, i, v, e, tr) =>
      (window as unknown as { mount: (...a: unknown[]) => Promise<void> }).mount(t, i, v, e, tr),
    tag,
    ids,
    tag === 'mps-task-status' ? 'compact' : '',
    how.endpoint,
    how.transport ?? '',
  );
  await page.waitForFunction(`allShow('${tag}', 'processing')`, { timeout: 120_000, polling: 50 });
  const mounted = await taskMs(cdp);
  const mountRequests = site.requests() - requestsAtStart;
  await sleep(SETTLE_MS);
  const start = await taskMs(cdp);
  const steadyFrom = (await page.evaluate('performance.now()')) as number;
  const requestsBefore = site.requests();
  await sleep(steadyMs);
  const end = await taskMs(cdp);
  const seconds = (end.at - start.at) / 1000;
  const longTasks = (await page.evaluate('window.longTasks')) as { at: number; ms: number }[];
  const steady = longTasks.filter((t) => t.at >= steadyFrom);
  const figures = {
    mountMs: mounted.busy - before.busy,
    mountWallMs: mounted.at - before.at,
    mountRequests,
    busyPerSecond: (end.busy - start.busy) / seconds,
    requestsPerSecond: (site.requests() - requestsBefore) / seconds,
    longTasks: steady.length,
    longestMs: Math.max(0, ...steady.map((t) => t.ms)),
    heapMb: await heapAfterGc(cdp),
  };
  await page.close();
  return figures;
}

const ratio = (ours: number, naive: number) => (naive ? (ours / naive).toFixed(2) : '–');

async function rowsBench(browser: Browser, counts: number[], steadyMs: number): Promise<string[]> {
  const sim = new MpsSimulator({ seed: 5 });
  const site = await serve(sim);
  const lines = [
    '| widgets | element | main thread to mount (wall, requests) | steady: main thread per second | requests per second | long tasks > 50 ms (steady) | heap after GC |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const n of counts) {
    const polled = { endpoint: '/mps/task', transport: 'poll' };
    const ours = await measureRows(browser, site, sim, 'mps-task-status', n, steadyMs, polled);
    const pushed = await measureRows(browser, site, sim, 'mps-task-status', n, steadyMs, {
      endpoint: '/push/task',
    });
    const naive = await measureRows(browser, site, sim, 'naive-task-status', n, steadyMs);
    const row = (label: string, f: Figures) =>
      `| ${n} | ${label} | ${f.mountMs.toFixed(0)} ms (${(f.mountWallMs / 1000).toFixed(1)} s, ${f.mountRequests}) | ${f.busyPerSecond.toFixed(0)} ms | ${f.requestsPerSecond.toFixed(1)} | ${f.longTasks} (longest ${f.longestMs.toFixed(0)} ms) | ${f.heapMb.toFixed(1)} MB |`;
    const ratios = (label: string, f: Figures) =>
      `| ${n} | **${label}** | **${ratio(f.mountMs, naive.mountMs)}** | **${ratio(f.busyPerSecond, naive.busyPerSecond)}** | ${ratio(f.requestsPerSecond, naive.requestsPerSecond)} | | **${ratio(f.heapMb, naive.heapMb)}** |`;
    lines.push(
      row('ours (compact, polling)', ours),
      row('ours (compact, push: one event stream)', pushed),
      row('naive innerHTML', naive),
      ratios('ours polling ÷ naive', ours),
      ratios('ours push ÷ naive', pushed),
    );
  }
  site.server.close();
  return lines;
}

/** A processing workflow whose transcode list is `outputs` long (one widget, full variant). */
function manyOutputsBody(outputs: number): unknown {
  const body = frozenTask('success', 12_000).body as {
    Response: { WorkflowTask: { MediaProcessResultSet: unknown[] } };
  };
  const set = body.Response.WorkflowTask.MediaProcessResultSet;
  const transcode = set.find((r) => (r as { Type: string }).Type === 'Transcode');
  body.Response.WorkflowTask.MediaProcessResultSet = Array.from({ length: outputs }, (_, i) =>
    i < set.length ? set[i] : structuredClone(transcode),
  );
  return body;
}

async function outputsBench(browser: Browser): Promise<string[]> {
  const lines = [
    '| outputs | first render: longest task | steady (clock ticking, polls): main thread per second |',
    '|---|---|---|',
  ];
  for (const outputs of [5, 5000]) {
    const site = await serve(
      new MpsSimulator({ seed: 5 }),
      JSON.stringify(manyOutputsBody(outputs)),
    );
    const page = await browser.newPage();
    await page.goto(site.url);
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable');
    await page.evaluate(async () => {
      await import('/cdn/mps-task-status.js' as string);
      const el = document.createElement('mps-task-status');
      el.setAttribute('endpoint', '/fixed/task');
      el.setAttribute('task-id', 'many-outputs');
      document.body.append(el);
    });
    await page.waitForFunction(
      `document.querySelector('mps-task-status').getAttribute('state') === 'processing'`,
      {
        timeout: 60_000,
      },
    );
    await sleep(1500);
    const longTasks = (await page.evaluate('window.longTasks')) as { ms: number }[];
    const a = await taskMs(cdp);
    await sleep(8000);
    const b = await taskMs(cdp);
    lines.push(
      `| ${outputs} | ${Math.max(0, ...longTasks.map((t) => t.ms)).toFixed(0)} ms | ${(((b.busy - a.busy) / (b.at - a.at)) * 1000).toFixed(1)} ms |`,
    );
    await page.close();
    site.server.close();
  }
  return lines;
}

// The steady window is longer than `offscreen-interval` (60 s): rows off screen are asked once a
// minute, so a shorter window would miss their polls and flatter us.
export async function renderBench(counts = [100, 1000], steadyMs = 65_000): Promise<string> {
  if (!existsSync(join(CDN_DIR, 'mps-task-status.js')))
    throw new Error('run `npm run build` first');
  const browser = await launchChromium();
  try {
    const rows = await rowsBench(browser, counts, steadyMs);
    const outputs = await outputsBench(browser);
    return [...rows, '', ...outputs].join('\n');
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await renderBench());
