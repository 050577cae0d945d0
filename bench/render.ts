/**
 * Hundreds of widgets on one page, in headless Chromium, from the built CDN file: time to mount
 * and render, main-thread time per second while their clocks tick, heap. Wall-clock figures:
 * compare runs on the same machine only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHROMIUM_ARGS, findChromium } from '../test/support/chromium.js';
import puppeteer from 'puppeteer-core';
import { frozenTask } from '../src/simulator/simulator.js';

export async function renderBench(
  counts = [100, 300],
  motions: ('full' | 'reduced')[] = ['full'],
): Promise<string> {
  const cdn = 'dist/cdn/mps-task-status.js';
  if (!existsSync(cdn)) throw new Error('run `npm run build` first');
  const bodies = {
    processing: frozenTask('success', 12_000).body,
    waiting: frozenTask('long-queue', 5000).body,
  };
  const server = createServer((req, res) => {
    if (req.url === '/cdn.js') {
      res.setHeader('Content-Type', 'text/javascript');
      res.end(readFileSync(cdn));
      return;
    }
    res.setHeader('Content-Type', 'text/html');
    res.end(`<!doctype html><html lang="en"><body><script type="module">
      import '/cdn.js';
      const bodies = ${JSON.stringify(bodies)};
      window.mount = async (n, variant) => {
        const t0 = performance.now();
        const els = [];
        for (let i = 0; i < n; i++) {
          const el = document.createElement('mps-task-status');
          const body = i % 2 ? bodies.waiting : bodies.processing;
          el.fetcher = async () => structuredClone(body);
          el.variant = variant;
          el.taskId = 'task-' + i;
          document.body.append(el);
          els.push(el);
        }
        await new Promise((r) => { const check = () => els.every((e) => e.getAttribute('state') === 'processing' || e.getAttribute('state') === 'waiting') ? r() : setTimeout(check, 5); check(); });
        await Promise.all(els.map((e) => e.updateComplete));
        return performance.now() - t0;
      };
    </script></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const rows = [
    '| widgets | variant | mount + first render | main thread while ticking (per second) | JS heap |',
    '|---|---|---|---|---|',
  ];
  for (const n of counts) {
    for (const variant of ['compact', 'full'])
      for (const motion of motions) {
        const page = await browser.newPage();
        if (motion === 'reduced')
          await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
        await page.goto(url, { waitUntil: 'load' });
        await page.waitForFunction('typeof window.mount === "function"');
        const mountMs = (await page.evaluate(`window.mount(${n}, '${variant}')`)) as number;
        await new Promise((r) => setTimeout(r, 1500));
        const a = await page.metrics();
        await new Promise((r) => setTimeout(r, 5000));
        const b = await page.metrics();
        const busy = ((b.TaskDuration! - a.TaskDuration!) / (b.Timestamp! - a.Timestamp!)) * 1000;
        rows.push(
          `| ${n} | ${variant}${motion === 'reduced' ? ', reduced motion' : ''} | ${mountMs.toFixed(0)} ms | ${busy.toFixed(0)} ms | ${(b.JSHeapUsedSize! / 1e6).toFixed(1)} MB |`,
        );
        await page.close();
      }
  }
  await browser.close();
  server.close();
  return rows.join('\n');
}
