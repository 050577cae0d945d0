import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { frozen, STATES } from '../support/bodies.js';
import { stateIs } from '../support/browser.js';
import { frozenTask } from '../../src/simulator/simulator.js';
import type { Scenario } from '../../src/simulator/scenarios.js';

type El = MpsTaskStatus;

/** A widget on a page of the theme's background, frozen at one moment of a scenario. */
async function mount(
  scenario: Scenario,
  at: number,
  state: string,
  theme: 'light' | 'dark',
  variant: 'full' | 'compact' | 'minimal' = 'full',
) {
  const { taskId, fetcher } = frozen(scenario, at);
  const page = await fixture<HTMLDivElement>(
    html`<div style="background:${theme === 'dark' ? '#000' : '#fff'}">
      <mps-task-status
        task-id=${taskId}
        .fetcher=${fetcher}
        theme=${theme}
        variant=${variant}
        output-url="https://{bucket}.example{path}"
      ></mps-task-status>
    </div>`,
  );
  const widget = page.querySelector('mps-task-status')!;
  await stateIs(widget, state);
  return { page, widget };
}

describe('<mps-task-status> accessibility', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const variant of ['full', 'compact', 'minimal'] as const) {
      for (const state of Object.keys(STATES) as (keyof typeof STATES)[]) {
        it(`is axe-clean: ${state}, ${variant}, ${theme}`, async () => {
          const [scenario, at] = STATES[state];
          const { page, widget } = await mount(scenario, at, state, theme, variant);
          if (variant === 'compact') {
            (widget.shadowRoot!.querySelector('[part="expand-button"]') as HTMLElement).click();
            await widget.updateComplete;
          }
          if (variant === 'minimal' && state === 'failed') {
            (widget.shadowRoot!.querySelector('[part="technical-button"]') as HTMLElement).click();
            await widget.updateComplete;
          }
          await expect(page).to.be.accessible();
        });
      }
    }
    for (const [scenario, at, state] of [
      ['ai-workflow', 120_000, 'partial'],
      ['ai-workflow', 10_000, 'processing'],
      ['schedule-ai', 120_000, 'partial'],
      ['live-recording', 50_000, 'processing'],
      ['blind-watermark', 120_000, 'success'],
    ] as const) {
      it(`is axe-clean: ${scenario} ${state} (findings, roles, URL outputs), ${theme}`, async () => {
        const { page } = await mount(scenario, at, state, theme);
        await expect(page).to.be.accessible();
      });
    }
    it(`is axe-clean with several widgets on one page (no duplicate landmarks), ${theme}`, async () => {
      const widgets = (['success', 'subtask-failure', 'long-queue'] as const).map((scenario) =>
        frozen(scenario, scenario === 'long-queue' ? 1000 : 120_000),
      );
      const page = await fixture<HTMLDivElement>(
        html`<main style="background:${theme === 'dark' ? '#000' : '#fff'}">
          <h1>Uploads</h1>
          ${widgets.map(
            ({ taskId, fetcher }) =>
              html`<mps-task-status
                task-id=${taskId}
                .fetcher=${fetcher}
                theme=${theme}
              ></mps-task-status>`,
          )}
        </main>`,
      );
      for (const el of page.querySelectorAll('mps-task-status'))
        await stateIs(el, 'success', 'partial', 'waiting');
      await expect(page).to.be.accessible();
    });
    it(`is axe-clean: a page of 20 widgets in every variant and state, stale ones too, under an h1, ${theme}`, async () => {
      const states = Object.keys(STATES) as (keyof typeof STATES)[];
      const variants = ['full', 'compact', 'minimal'] as const;
      const widgets = Array.from({ length: 20 }, (_, i) => {
        const [scenario, at] = STATES[states[i % states.length]];
        const { taskId, fetcher } = frozen(scenario, at);
        // Four waiting/processing widgets lose their connection after the first answer: stale.
        let calls = 0;
        const stale = i % 5 <= 1 && i % 2 === 0;
        const fetch = stale
          ? async () => {
              if (calls++ === 0) return fetcher();
              throw new TypeError('Failed to fetch');
            }
          : fetcher;
        return { taskId, fetch, variant: variants[i % 3], stale };
      });
      const page = await fixture<HTMLDivElement>(
        html`<main style="background:${theme === 'dark' ? '#000' : '#fff'}">
          <h1>Uploads</h1>
          ${widgets.map(
            (w) =>
              html`<mps-task-status
                task-id=${w.taskId}
                .fetcher=${w.fetch}
                theme=${theme}
                variant=${w.variant}
                interval="200"
              ></mps-task-status>`,
          )}
        </main>`,
      );
      const els = [...page.querySelectorAll('mps-task-status')];
      for (const [i, el] of els.entries()) {
        await stateIs(el, ...states);
        if (widgets[i].stale)
          await waitUntil(() => el.hasAttribute('stale'), 'stale', { timeout: 10_000 });
      }
      expect(els.filter((el) => el.hasAttribute('stale')).length).to.equal(4);
      await expect(page).to.be.accessible();
    });
    it(`heading-level makes the section titles headings of that level, ${theme}`, async () => {
      const { taskId, fetcher } = frozen('success', 120_000);
      const page = await fixture<HTMLDivElement>(
        html`<main>
          <h1>Video</h1>
          <h2>Processing</h2>
          <mps-task-status
            task-id=${taskId}
            .fetcher=${fetcher}
            theme=${theme}
            heading-level="3"
          ></mps-task-status>
        </main>`,
      );
      const el = page.querySelector('mps-task-status')!;
      await stateIs(el, 'success');
      const headings = [...el.shadowRoot!.querySelectorAll('[role="heading"]')];
      expect(headings.map((h) => h.getAttribute('aria-level'))).to.deep.equal(['3', '3']);
      await expect(page).to.be.accessible();
    });
    it(`is axe-clean: idle and error, ${theme}`, async () => {
      const idle = await fixture<El>(html`<mps-task-status theme=${theme}></mps-task-status>`);
      await expect(idle).to.be.accessible();
      const err = await fixture<El>(
        html`<mps-task-status
          task-id="x"
          theme=${theme}
          .fetcher=${async () => ({ Response: { Error: { Code: 'ResourceNotFound', Message: 'no' } } })}
        ></mps-task-status>`,
      );
      await stateIs(err, 'error');
      await expect(err).to.be.accessible();
    });
  }

  it('announces politely, and only milestones: states, 25/50/75 %, the end', async () => {
    // One poll per step of a 5-minute transcode: waiting, 10 %, 30 %, 55 %, 80 %, 80 % again, finished.
    const steps = [500, 31_000, 91_000, 166_000, 241_000, 242_000, 400_000].map((t) =>
      frozenTask('transcode', t),
    );
    let i = 0;
    const fetcher = async () => structuredClone(steps[Math.min(i++, steps.length - 1)].body);
    const el = await fixture<El>(
      html`<mps-task-status
        lang="en"
        task-id=${steps[0].taskId}
        .fetcher=${fetcher}
        interval="200"
        max-interval="300"
      ></mps-task-status>`,
    );
    const live = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    expect(live.getAttribute('role')).to.equal('status');
    const said: string[] = live.textContent!.trim() ? [live.textContent!.trim()] : [];
    new MutationObserver(() => {
      const t = live.textContent!.trim();
      if (t && t !== said.at(-1)) said.push(t);
    }).observe(live, { childList: true, characterData: true, subtree: true });
    await stateIs(el, 'success');
    await el.updateComplete;
    expect(said).to.deep.equal([
      'Task is waiting in the queue',
      'Task is processing',
      'Task 25% complete',
      'Task 50% complete',
      'Task 75% complete',
      'Task finished',
    ]);
  });

  it('every control is reachable by keyboard', async () => {
    const { taskId, fetcher } = frozen('success', 120_000);
    const el = await fixture<El>(
      html`<mps-task-status
        task-id=${taskId}
        .fetcher=${fetcher}
        output-url="https://{bucket}.example{path}"
      ></mps-task-status>`,
    );
    await stateIs(el, 'success');
    // Controls inside a closed <details> are hidden until its summary opens it.
    const controls = [
      ...el.shadowRoot!.querySelectorAll('button, a[href], summary, [tabindex="0"]'),
    ].filter((c) => c.tagName === 'SUMMARY' || !c.closest('details:not([open])'));
    const reached = new Set<Element>();
    el.focus();
    for (let i = 0; i < controls.length + 2; i++) {
      await sendKeys({ press: 'Tab' });
      const active = el.shadowRoot!.activeElement;
      if (active) reached.add(active);
    }
    expect(controls.length).to.be.greaterThan(10);
    expect(controls.filter((c) => !reached.has(c))).to.deep.equal([]);
  });
});
