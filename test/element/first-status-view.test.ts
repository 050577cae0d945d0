import { expect, waitUntil } from '@open-wc/testing';
// Only what the CDN file's first module runs: in this page the element is defined by the test.
import { startFirstStatuses } from '../../src/element/first-statuses.js';
import { zhCN } from '../../src/element/i18n/zh-CN.js';
import { requestCount, startTask } from '../support/browser.js';
import { base, page, structure } from '../support/first-status.js';

describe('the CDN file’s first status, drawn before the element is defined', () => {
  it('draws a minimal widget’s first status from its answer; the element takes it over as it is, with no other request and no loading state', async () => {
    document.documentElement.lang = 'en';
    const [id, chinese, row] = await Promise.all([
      startTask('long-queue', 1),
      startTask('long-queue', 1),
      startTask('long-queue', 1),
    ]);
    const [widget, zh, compact, notify] = page(
      `<mps-task-status variant="minimal" task-id="${id}" endpoint="/mps/task" interval="60000"></mps-task-status>`,
      `<mps-task-status variant="minimal" locale="zh-CN" task-id="${chinese}" endpoint="/mps/task" interval="60000"></mps-task-status>`,
      `<mps-task-status variant="compact" task-id="${row}" endpoint="/mps/task" interval="60000"></mps-task-status>`,
      `<mps-task-status variant="minimal" notify task-id="${row}" endpoint="/mps/task" interval="60000"></mps-task-status>`,
    );
    const states: string[] = [];
    new MutationObserver(() => states.push(widget.getAttribute('state') ?? '')).observe(widget, {
      attributeFilter: ['state'],
    });

    await startFirstStatuses({ draw: true }).drawn;
    expect(customElements.get('mps-task-status')).to.equal(undefined);
    expect(widget.getAttribute('state')).to.equal('waiting');
    const headline = (w: HTMLElement) =>
      w.shadowRoot?.querySelector('[part="headline"]')?.textContent?.trim();
    expect(headline(widget)).to.equal('Waiting in line');
    expect(headline(zh)).to.equal(zhCN.minimal.waiting);
    expect(compact.shadowRoot, 'a compact row waits for the element').to.equal(null);
    expect(notify.shadowRoot, 'a notify widget waits for the element').to.equal(null);
    const bar = widget.shadowRoot!.querySelector('[role="progressbar"]')!;
    expect(bar.hasAttribute('aria-valuenow'), 'indeterminate: no progress before the reader').to.be
      .false;
    await expect(widget).to.be.accessible();
    const drawnNode = base(widget)!;
    const drawn = structure(drawnNode);
    expect(getComputedStyle(widget.shadowRoot!.querySelector('.headline')!).fontWeight).to.equal(
      '600',
    );

    const { defineMpsTaskStatus } = await import('../../src/element/define.js');
    defineMpsTaskStatus();
    await waitUntil(() => !drawnNode.isConnected && base(widget), 'taken over', {
      timeout: 10_000,
    });
    expect(structure(base(widget)!), 'the element draws what was drawn').to.deep.equal(drawn);
    expect(states, 'never back to loading').to.not.include('loading');
    expect(await requestCount(id), 'the element took the answer it was drawn from').to.equal(1);
    expect(await requestCount(chinese)).to.equal(1);
    expect(headline(zh)).to.equal(zhCN.minimal.waiting);
  });
});
