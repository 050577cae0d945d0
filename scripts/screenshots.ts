/**
 * `npm run screenshots`: starts the demo (Vite + simulator), drives each page in headless
 * Chromium, and writes PNGs to docs/ for the README. Not part of `npm test` (pictures are not asserts).
 */
import { mkdirSync } from 'node:fs';
import { launchChromium } from '../test/support/chromium.js';
import type { Page } from 'puppeteer-core';
import { createServer } from 'vite';

const only = process.argv.slice(2);

const server = await createServer({ server: { port: 5188 }, logLevel: 'error' });
await server.listen();
const base = 'http://localhost:5188';
const browser = await launchChromium(['--hide-scrollbars']);
mkdirSync('docs', { recursive: true });

async function shot(
  name: string,
  path: string,
  prepare: (page: Page) => Promise<unknown>,
  width = 1000,
  height = 900,
  fullPage = true,
) {
  if (only.length && !only.includes(name)) return;
  const page = await browser.newPage();
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  await page.goto(base + path, { waitUntil: 'networkidle0' });
  await prepare(page);
  if (name !== 'themed') await page.screenshot({ path: `docs/${name}.png`, fullPage });
  console.log(`docs/${name}.png`);
  await page.close();
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

await shot('demo', '/', async (page) => {
  await page.select('#speed', '10');
  await page.click('#clear');
  await page.click('button[data-scenario="subtask-failure"]');
  await wait(4000);
  await page.select('#speed', '1');
  await page.click('button[data-scenario="success"]');
  await wait(9000);
});
await shot('gallery', '/demo/gallery.html', () => wait(4000), 1200, 1500, false);
await shot(
  'gallery-minimal',
  '/demo/gallery.html',
  async (page) => {
    await wait(4000);
    await page.evaluate(() => {
      const grid = document.querySelector('.grid[data-variant="minimal"]');
      window.scrollTo(0, (grid?.getBoundingClientRect().top ?? 0) + window.scrollY - 60);
    });
    await wait(500);
  },
  1200,
  1300,
  false,
);
await shot('themed', '/demo/gallery.html#themed', async (page) => {
  await wait(4000);
  const el = await page.$('#themed');
  await el?.screenshot({ path: 'docs/themed.png' });
});
await shot(
  'admin',
  '/demo/admin.html',
  async (page) => {
    await wait(3000);
    // One row's details open in its popover, over the aligned rows.
    await page.evaluate(() =>
      document
        .querySelectorAll('mps-task-status')[2]
        ?.shadowRoot?.querySelector<HTMLButtonElement>('[part="expand-button"]')
        ?.click(),
    );
    await wait(500);
  },
  1100,
  900,
  false,
);
await shot('article', '/demo/article.html', () => wait(3000), 900, 900);
await shot('waiting', '/demo/waiting.html', () => wait(3500), 800, 800);
await shot('waiting-phone', '/demo/waiting.html', () => wait(3500), 320, 640);
await shot('waiting-ready', '/demo/waiting.html', () => wait(14_000), 800, 800);

await browser.close();
await server.close();
