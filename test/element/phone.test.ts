import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { frozen, STATES } from '../support/bodies.js';
import { stateIs } from '../support/browser.js';

type El = MpsTaskStatus;
const $$ = (root: ParentNode, sel: string) => [...root.querySelectorAll<HTMLElement>(sel)];

async function fullCard(state: keyof typeof STATES) {
  const [scenario, at] = STATES[state];
  const { taskId, fetcher: plain } = frozen(scenario, at);
  // Paths as long as real buckets have them: deep folders, long file names.
  const deep = '/customer-uploads/2026/11/30/campaign-assets/final-cut/';
  const fetcher = async () =>
    JSON.parse(
      JSON.stringify(await plain())
        .replaceAll('/input/videoplayback', `/input${deep}videoplayback-director-cut-v2`)
        .replaceAll('/output/videoplayback', `/output${deep}videoplayback`),
    ) as unknown;
  const el = await fixture<El>(
    html`<mps-task-status
      lang="en"
      task-id=${taskId}
      .fetcher=${fetcher}
      output-url="https://cdn.example.com/{path}"
    ></mps-task-status>`,
  );
  await stateIs(el, state);
  return el;
}

const overlaps = (a: DOMRect, b: DOMRect) =>
  a.width > 0 &&
  b.width > 0 &&
  a.left < b.right - 0.5 &&
  b.left < a.right - 0.5 &&
  a.top < b.bottom - 0.5 &&
  b.top < a.bottom - 0.5;

/** Each line box of an element's text: a value split from its unit shows as two lines. */
function lineCount(node: HTMLElement): number {
  const range = document.createRange();
  range.selectNodeContents(node);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
}

describe('<mps-task-status> full card on a phone', () => {
  after(() => setViewport({ width: 800, height: 600 }));

  for (const width of [375, 320]) {
    it(`at ${width} px: no sideways scroll, nothing overlaps, file names stay visible, values keep their units`, async () => {
      await setViewport({ width, height: 800 });
      for (const state of ['success', 'partial'] as const) {
        const el = await fullCard(state);
        const root = el.shadowRoot!;
        const base = root.querySelector<HTMLElement>('[part="base"]')!;
        expect(document.documentElement.scrollWidth, `${state}: page`).to.be.at.most(width);
        expect(base.scrollWidth, `${state}: card`).to.be.at.most(base.clientWidth);
        const card = base.getBoundingClientRect();
        // The source line and every path row: no child paints over its neighbour.
        for (const row of $$(root, '.source, .path-row')) {
          const kids = [...row.children].map((c) => c.getBoundingClientRect());
          for (let i = 1; i < kids.length; i++)
            expect(overlaps(kids[i - 1], kids[i]), `${state}: ${row.textContent}`).to.equal(false);
        }
        // A path's text stays inside its own box: a file name spilling out paints over the
        // duration beside it ("videoplayback.mp4" over "6:21").
        for (const path of $$(root, '.path')) {
          if (path.closest('details:not([open])')) continue;
          const box = path.getBoundingClientRect();
          for (const piece of $$(path, '.head, .tail')) {
            const r = piece.getBoundingClientRect();
            if (r.width === 0) continue;
            expect(r.right, `${state}: ${path.title} spills`).to.be.at.most(box.right + 0.5);
          }
        }
        // A path keeps its file name in view: the tail is inside the card and not empty.
        for (const tail of $$(root, '.path .tail')) {
          const r = tail.getBoundingClientRect();
          if (r.width === 0 && !tail.closest('details:not([open])')) continue;
          if (tail.closest('details:not([open])')) continue;
          expect(r.width, `${state}: ${tail.textContent}`).to.be.greaterThan(20);
          expect(r.right, `${state}: ${tail.textContent}`).to.be.at.most(card.right + 0.5);
        }
        // A value and its unit never part: no fact line breaks inside "19.6 MB" or "44.1 kHz".
        const text = root.textContent!;
        expect(text, state).not.to.match(/\d (MB|kB|GB|kHz|fps|kbps|Mbps|sec)\b/);
        for (const time of $$(root, '.times time'))
          expect(lineCount(time), `${state}: "${time.textContent}"`).to.equal(1);
        for (const facts of $$(root, '.facts')) {
          for (const piece of facts.textContent!.split(' · ')) {
            if (!/\d\u00a0\w/.test(piece)) continue;
            const span = document.createElement('span');
            span.textContent = piece;
            facts.replaceChildren(span);
            expect(lineCount(span), `${state}: "${piece}"`).to.equal(1);
          }
        }
      }
    });
  }
});
