/**
 * `npm run screenshots:matrix [dir]`: every demo page at 1280 and 375 px wide, with the OS in
 * light and in dark mode, into `docs/<dir>/` (default `after`). Run on an older checkout it gives
 * the "before" set (`docs/before/`), so the two can be compared side by side. Not part of
 * `npm test`: pictures are not asserts (the geometry and colour checks are the tests).
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'vite';
import { launchChromium } from '../test/support/chromium.js';

const dir = `docs/${process.argv[2] ?? 'after'}`;
const PAGES = {
  index: '/',
  admin: '/demo/admin.html',
  article: '/demo/article.html',
  waiting: '/demo/waiting.html',
};
const server = await createServer({ server: { port: 5189 }, logLevel: 'error' });
await server.listen();
const browser = await launchChromium(['--hide-scrollbars']);
mkdirSync(dir, { recursive: true });
try {
  for (const [name, path] of Object.entries(PAGES)) {
    for (const width of [1280, 375]) {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await browser.newPage();
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
        await page.goto(`http://localhost:5189${path}`, { waitUntil: 'load' });
        // The simulated tasks move: a few seconds in, each page shows running and finished ones.
        await new Promise((r) => setTimeout(r, 5000));
        await page.screenshot({ path: `${dir}/${name}-${width}-${scheme}.png` });
        console.log(`${dir}/${name}-${width}-${scheme}.png`);
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
