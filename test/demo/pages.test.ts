/**
 * Every demo page, as `npm start` serves it (Vite and the embedded simulated MPS), audited by axe
 * in Chromium with the OS in light and in dark mode: what a newcomer sees first is accessible in
 * both. Runs after `npm run build` with the other Chromium checks.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import { launchChromium } from '../support/chromium.js';

const PAGES = [
  '/',
  '/demo/admin.html',
  '/demo/article.html',
  '/demo/waiting.html',
  '/demo/waiting.html?ssr', // server-rendered, then taken over
  '/demo/gallery.html',
];
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

let server: ViteDevServer;
let browser: Browser;
let origin = '';

before(async () => {
  server = await createServer({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1' },
  });
  await server.listen();
  const address = server.httpServer!.address() as { port: number };
  origin = `http://127.0.0.1:${address.port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface Violation {
  id: string;
  impact: string;
  nodes: { target: string[]; failureSummary: string }[];
}

async function audit(path: string, scheme: 'light' | 'dark'): Promise<string[]> {
  const page = await browser.newPage();
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(origin + path, { waitUntil: 'load' });
  // Widgets with their first status (every one past `loading`), and the lazy parts they show.
  await page.waitForFunction(
    () => {
      const widgets = [...document.querySelectorAll('mps-task-status')];
      return (
        widgets.length > 0 &&
        widgets.every((w) => !['loading', 'idle', null].includes(w.getAttribute('state')))
      );
    },
    { timeout: 30_000 },
  );
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  await page.evaluate(AXE);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o: object): Promise<{ violations: unknown }> } })
      .axe;
    return (await axe.run({ resultTypes: ['violations'] })).violations;
  })) as Violation[];
  await page.close();
  return violations.map(
    (v) =>
      `${path} (${scheme}) ${v.id} [${v.impact}] ×${v.nodes.length}: ${v.nodes[0].target.join(' ')} — ${v.nodes[0].failureSummary.split('\n').slice(0, 2).join(' ')}`,
  );
}

/** How far `path` scrolls sideways on a phone `width` px wide, once its widgets show a status. */
async function overflow(path: string, width: number): Promise<number> {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 800 });
  await page.goto(origin + path, { waitUntil: 'load' });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('mps-task-status')].every(
        (w) => !['loading', 'idle', null].includes(w.getAttribute('state')),
      ),
    { timeout: 30_000 },
  );
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.close();
  return scroll - width;
}

describe('the demo pages (npm start)', () => {
  it('never scroll sideways on a 375 or 320 px phone', { timeout: 120_000 }, async () => {
    const found: string[] = [];
    for (const path of PAGES.filter((p) => !p.includes('gallery')))
      for (const width of [375, 320]) {
        const extra = await overflow(path, width);
        if (extra > 0) found.push(`${path} at ${width} px: ${extra} px wider`);
      }
    assert.deepEqual(found, []);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`are axe-clean with the OS in ${scheme} mode`, { timeout: 120_000 }, async () => {
      const found: string[] = [];
      for (const path of PAGES) found.push(...(await audit(path, scheme)));
      assert.deepEqual(found, []);
    });
  }
});
