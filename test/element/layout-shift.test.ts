import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/index.js';
import { MpsTaskStatus } from '../../src/element/index.js';
import { startTask } from '../support/browser.js';

/**
 * The rule README's "No layout shift" gives pages whose rows are in the HTML before the script
 * runs: an undefined row takes the height it will have (the admin demo's borderless rows: 24px).
 */
const notDefinedRule = (tag: string) =>
  `${tag}[variant='compact']:not(:defined) { display: block; min-height: 24px }`;

interface LayoutShift extends PerformanceEntry {
  value: number;
  hadRecentInput: boolean;
}

/** Sums the layout shifts (CLS) of the page while `during` runs, as Chrome scores them. */
async function layoutShift(during: () => Promise<void>): Promise<number> {
  let total = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as LayoutShift[])
      if (!entry.hadRecentInput) total += entry.value;
  });
  observer.observe({ type: 'layout-shift' });
  await during();
  // Two frames for the last layout to be scored.
  for (let i = 0; i < 2; i++) await new Promise((r) => requestAnimationFrame(r));
  for (const entry of observer.takeRecords() as LayoutShift[])
    if (!entry.hadRecentInput) total += entry.value;
  observer.disconnect();
  return total;
}

/** The admin demo's table (demo/admin.html): file, workflow, a borderless compact row per task. */
function adminTable(tag: string, ids: string[]): HTMLElement {
  const main = document.createElement('main');
  main.innerHTML = `<style>${notDefinedRule(tag)}
    table { width: 100%; border-collapse: collapse; font-size: 14px }
    td { padding: 6px 8px; border-bottom: 1px solid #8883; vertical-align: middle }
    td.status { width: 58% }
    ${tag} { --mps-task-status-row-height: 24px }
    ${tag}::part(base) { border: 0; background: transparent; padding: 0 }</style>
    <h1>Media library</h1>
    <table><tbody>${ids
      .map(
        (id, i) =>
          `<tr><td>file-${i}.mp4</td><td>Transcode + HLS</td><td class="status"><${tag} variant="compact" endpoint="/mps/task" task-id="${id}"></${tag}></td></tr>`,
      )
      .join('')}</tbody></table>
    <p>Below the table.</p>`;
  return main;
}

const settled = (rows: Element[]) =>
  rows.every((el) => !['loading', 'idle', null].includes(el.getAttribute('state')));

async function untilSettled(rows: Element[]) {
  while (!settled(rows)) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(
    rows.map((el) => (el as Element & { updateComplete: Promise<unknown> }).updateComplete),
  );
}

describe('<mps-task-status> and layout shift', () => {
  before(() => setViewport({ width: 1280, height: 800 }));
  after(() => setViewport({ width: 800, height: 600 }));

  it('an admin table of compact rows loads with CLS ≤ 0.02 (rows keep one height from first paint to data)', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, () => startTask('long-queue')));
    let page: HTMLElement | null = null;
    const cls = await layoutShift(async () => {
      page = adminTable('mps-task-status', ids);
      document.body.append(page);
      await untilSettled([...page.querySelectorAll('mps-task-status')]);
    });
    page!.remove();
    console.log(`layout shift: admin table ${cls.toFixed(4)}`);
    expect(cls).to.be.at.most(0.02);
  });

  it('with the documented :not(:defined) rule, rows written before the script runs do not move either', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, () => startTask('long-queue')));
    let page: HTMLElement | null = null;
    const cls = await layoutShift(async () => {
      page = adminTable('cls-row', ids);
      document.body.append(page);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      // The script arrives after the page has painted (a subclass: a class is defined once).
      customElements.define('cls-row', class extends MpsTaskStatus {});
      await untilSettled([...page.querySelectorAll('cls-row')]);
    });
    page!.remove();
    console.log(`layout shift: rows in the HTML before the script ${cls.toFixed(4)}`);
    expect(cls).to.be.at.most(0.02);
  });
});

describe('<mps-task-status> in an article', () => {
  it('a card growing above the reader (its outputs arriving) does not push the text being read', async function () {
    this.timeout(60_000);
    const id = await startTask('success', 5);
    const article = document.createElement('article');
    const filler = (n: number) =>
      Array.from(
        { length: n },
        (_, i) =>
          `<p>Paragraph ${i} of the story, long enough to wrap a line or two on a phone.</p>`,
      ).join('');
    article.innerHTML = `${filler(3)}<aside><mps-task-status endpoint="/mps/task" offscreen-interval="0" task-id="${id}"></mps-task-status></aside>${filler(60)}<p id="reading">The line being read.</p>${filler(20)}`;
    document.body.append(article);
    const card = article.querySelector('mps-task-status')!;
    const reading = article.querySelector('#reading')!;
    while (!['waiting', 'processing'].includes(card.getAttribute('state')!))
      await new Promise((r) => setTimeout(r, 50));
    const grownFrom = card.getBoundingClientRect().height;
    reading.scrollIntoView({ block: 'center' });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const before = reading.getBoundingClientRect().top;
    while (card.getAttribute('state') !== 'success') await new Promise((r) => setTimeout(r, 50));
    await (card as MpsTaskStatus).updateComplete;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const after = reading.getBoundingClientRect().top;
    // Off screen the card keeps its size (content-visibility: auto); it takes its new one when
    // the reader scrolls back up to it, where scroll anchoring keeps their place.
    card.scrollIntoView({ block: 'start' });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const grownTo = card.getBoundingClientRect().height;
    article.remove();
    window.scrollTo(0, 0);
    console.log(
      `article: card ${grownFrom.toFixed(0)} -> ${grownTo.toFixed(0)} px; the line read moved ${(after - before).toFixed(1)} px`,
    );
    expect(grownTo, 'the card did grow').to.be.greaterThan(grownFrom);
    expect(Math.abs(after - before)).to.be.at.most(1);
  });
});
