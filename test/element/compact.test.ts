import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { frozen, STATES } from '../support/bodies.js';
import { stateIs } from '../support/browser.js';

type El = MpsTaskStatus;
type Shown = keyof typeof STATES | 'error';
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) =>
  el.shadowRoot!.querySelector<T>(sel)!;

/** A table of compact rows, one per state, in `lang`. */
async function rows(lang: string, states: Shown[]): Promise<El[]> {
  const fetchers = states.map((state) => {
    if (state !== 'error') {
      const [scenario, at] = STATES[state];
      return frozen(scenario, at);
    }
    const fetcher = async () => ({
      Response: { Error: { Code: 'InvalidParameterValue.TaskId', Message: 'bad id' } },
    });
    return { taskId: '2353030000-WorkflowTask-0000000000000000000000000000beef', fetcher };
  });
  const table = await fixture<HTMLTableElement>(
    html`<table style="width: 100%">
      ${fetchers.map(
        ({ taskId, fetcher }) =>
          html`<tr>
            <td>
              <mps-task-status
                variant="compact"
                lang=${lang}
                task-id=${taskId}
                .fetcher=${fetcher}
              ></mps-task-status>
            </td>
          </tr>`,
      )}
    </table>`,
  );
  const els = [...table.querySelectorAll<El>('mps-task-status')];
  await Promise.all(els.map((el, i) => stateIs(el, states[i])));
  return els;
}

const ALL: Shown[] = ['waiting', 'processing', 'success', 'failed', 'partial', 'error'];

describe('<mps-task-status variant="compact">', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  for (const lang of ['en', 'zh-CN']) {
    it(`never cuts a badge's label, in every state (${lang})`, async () => {
      await setViewport({ width: 1280, height: 800 });
      for (const el of await rows(lang, ALL)) {
        const label = $(el, '[part="badge"] > span');
        const state = el.getAttribute('state');
        expect(label.scrollWidth, `${state}: "${label.textContent}"`).to.be.at.most(
          label.clientWidth,
        );
        // The full label stays for the tooltip and assistive tech.
        const badge = $(el, '[part="badge"]');
        expect(badge.title || label.textContent, state!).to.have.length.greaterThan(1);
      }
    });
  }

  it('a short badge keeps the full label for assistive tech and the tooltip', async () => {
    const [el] = await rows('en', ['partial']);
    const badge = $(el, '[part="badge"]');
    expect(badge.title).to.equal('Finished with errors');
    expect($(el, '[part="badge"] .sr-only').textContent).to.equal('Finished with errors');
    expect($(el, '[part="badge"] > span').getAttribute('aria-hidden')).to.equal('true');
  });

  it('a failed or partial row says what failed, and why in its tooltip', async () => {
    const [partial, failed] = await rows('en', ['partial', 'failed']);
    const summary = $(partial, '.summary');
    expect(summary.textContent).to.match(/^\d failed · /);
    expect(summary.title).to.contain(
      partial.snapshot!.task!.subtasks.find((s) => s.error)!.error!.message,
    );
    // A source failure: its code, the message in the tooltip.
    const code = failed.snapshot!.task!.error!.code;
    expect($(failed, '.summary').textContent).to.contain(code);
    expect($(failed, '.summary').title).to.contain(failed.snapshot!.task!.error!.message);
  });

  it('a waiting row shows an empty track, not a moving bar', async () => {
    const [waiting, processing] = await rows('en', ['waiting', 'processing']);
    expect(getComputedStyle($(waiting, '[part="progress-indicator"]')).visibility).to.equal(
      'hidden',
    );
    expect(getComputedStyle($(processing, '[part="progress-indicator"]')).visibility).to.equal(
      'visible',
    );
  });

  for (const width of [375, 320]) {
    it(`reflows on a ${width} px phone: no sideways scroll, the bar under the badge`, async () => {
      await setViewport({ width, height: 700 });
      for (const el of await rows('en', ALL)) {
        const state = el.getAttribute('state');
        expect(document.documentElement.scrollWidth, state!).to.be.at.most(width);
        const base = $(el, '[part="base"]');
        expect(base.scrollWidth, state!).to.be.at.most(base.clientWidth);
        const bar = $(el, '[part="progress"], .track-space').getBoundingClientRect();
        const badge = $(el, '[part="badge"]').getBoundingClientRect();
        if (state !== 'error') expect(bar.top, state!).to.be.at.least(badge.bottom);
        const label = $(el, '[part="badge"] > span');
        expect(label.scrollWidth, state!).to.be.at.most(label.clientWidth);
      }
    });
  }

  it('keeps one row height from first paint to data at desktop width', async () => {
    await setViewport({ width: 1280, height: 800 });
    const heights = (await rows('en', ALL)).map((el) => el.getBoundingClientRect().height);
    const pending = await fixture<El>(
      html`<mps-task-status
        variant="compact"
        task-id="x"
        .fetcher=${() => new Promise(() => {})}
      ></mps-task-status>`,
    );
    await pending.updateComplete;
    expect(new Set(heights).size, `rows: ${heights.join(', ')}`).to.equal(1);
    expect(pending.getBoundingClientRect().height).to.equal(heights[0]);
  });

  it('its details popover: titled by the source file, a visible close button, under the row', async () => {
    await setViewport({ width: 1280, height: 800 });
    for (const lang of ['en', 'zh-CN']) {
      const [el] = await rows(lang, ['partial']);
      $(el, '[part="expand-button"]').click();
      await el.updateComplete;
      const popover = $(el, '[part="details-popover"]');
      expect(popover.matches(':popover-open'), lang).to.equal(true);
      const file = el.snapshot!.task!.source!.location!.split('/').at(-1)!;
      expect($(el, '[part="details-popover"] .title-text').textContent, lang).to.equal(file);
      const close = $(el, '[part="close-button"]');
      const box = close.getBoundingClientRect();
      expect(box.width, `${lang}: a visible close button`).to.be.greaterThan(10);
      expect(close.getAttribute('aria-label'), lang).to.equal(
        lang === 'en' ? 'Close details' : '关闭详情',
      );
      // It covers neither the row that opened it nor the card's badge.
      const row = $(el, '.compact').getBoundingClientRect();
      expect(popover.getBoundingClientRect().top, lang).to.be.at.least(row.bottom);
      const badge = $(el, '[part="details-popover"] [part="badge"]').getBoundingClientRect();
      expect(badge.right <= box.left || badge.bottom <= box.top, `${lang}: badge`).to.equal(true);
      close.click();
      await el.updateComplete;
      expect(popover.matches(':popover-open'), `${lang}: closed`).to.equal(false);
    }
  });
});
