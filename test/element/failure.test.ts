import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { frozen, STATES } from '../support/bodies.js';
import { stateIs, textOf } from '../support/browser.js';

type El = MpsTaskStatus;
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];

async function card(state: keyof typeof STATES, lang = 'en') {
  const [scenario, at] = STATES[state];
  const { taskId, fetcher } = frozen(scenario, at);
  const el = await fixture<El>(
    html`<mps-task-status lang=${lang} task-id=${taskId} .fetcher=${fetcher}></mps-task-status>`,
  );
  await stateIs(el, state);
  return el;
}

describe('<mps-task-status> says what failed, first', () => {
  it('a partial card names the failed step and its reason above everything else', async () => {
    const el = await card('partial');
    const task = el.snapshot!.task!;
    const failed = task.subtasks.filter((s) => s.error);
    const [headline] = $$(el, '[part="failure-headline"]');
    expect(headline, 'a failure headline').to.exist;
    expect(headline.textContent).to.contain(`failed: ${failed[0].error!.message}`);
    expect(headline.textContent).to.contain(
      `${failed.length} of ${task.subtasks.length} steps failed`,
    );
    // Right under the header: before the progress bar and the sections.
    const progress = $$(el, '[part="progress"]')[0];
    expect(headline.compareDocumentPosition(progress) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.ok;
  });

  it('in Chinese too', async () => {
    const el = await card('partial', 'zh-CN');
    const text = $$(el, '[part="failure-headline"]')[0].textContent!;
    expect(text).to.match(/失败：/);
    expect(text).to.match(/个步骤中 \d+ 个失败/);
  });

  it('a successful card has no failure headline; a source failure keeps its own box', async () => {
    expect($$(await card('success'), '[part="failure-headline"]')).to.have.length(0);
    const failed = await card('failed');
    expect($$(failed, '[part="failure-headline"]')).to.have.length(0);
    expect($$(failed, '[part="error"]')).to.have.length(1);
  });

  it('steps without times show their state and one note, not a row of "time not reported"', async () => {
    const el = await card('partial');
    const task = el.snapshot!.task!;
    const untimed = task.subtasks.filter((s) => !s.reportsTimes);
    expect(untimed.length, 'the scenario has untimed steps').to.be.greaterThan(0);
    expect(textOf(el)).not.to.contain('time not reported');
    const notes = $$(el, '[part="timing"] .note');
    expect(notes).to.have.length(1);
    expect(notes[0].textContent).to.contain(String(untimed.length));
    // A failed step is drawn in red even when MPS gives it no times.
    const failedUntimed = untimed.filter((s) => s.error);
    expect(failedUntimed.length, 'a failed transcode (no times)').to.be.greaterThan(0);
    const red = $$(el, '.timeline .seg.fail');
    expect(red.length).to.be.at.least(failedUntimed.length);
    for (const seg of red)
      expect(getComputedStyle(seg).backgroundColor).to.equal('rgb(180, 35, 24)');
  });

  it('a step label never wraps between its name and its template', async () => {
    const el = await card('success');
    for (const label of $$(el, '.timeline li > span:first-child'))
      expect(label.textContent).not.to.match(/ · /, 'no breakable space around the dot');
  });
});
