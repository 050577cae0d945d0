import { expect, waitUntil } from '@open-wc/testing';
// Only the prelude: in this page the element is defined by the test, after the widgets exist.
import { startFirstStatuses } from '../../src/element/first-statuses.js';
import type { MpsTaskStatus } from '../../src/element/mps-task-status.js';
import { requestCount, startTask } from '../support/browser.js';

/** Widgets in the HTML before the script has run (what a CMS page serves). */
function page(...widgets: string[]): MpsTaskStatus[] {
  document.body.innerHTML = widgets.join('');
  return [...document.querySelectorAll<MpsTaskStatus>('mps-task-status')];
}

describe('the script’s prelude: first statuses started before the element is defined', () => {
  it('a widget’s first request leaves before the element exists, and the widget takes its answer: one request', async () => {
    // Slowly (1x): the task is still in its first state when the test counts.
    const id = await startTask('long-queue', 1);
    const [own, other] = await Promise.all([
      startTask('long-queue', 1),
      startTask('long-queue', 1),
    ]);
    const [widget, withHeaders] = page(
      `<mps-task-status variant="minimal" task-id="${id}" endpoint="/mps/task" interval="60000"></mps-task-status>`,
      `<mps-task-status task-id="${own}" endpoint="/mps/task" transport="poll" interval="60000"></mps-task-status>`,
      `<mps-task-status task-id="${other}" endpoint="/mps/task" transport="sse"></mps-task-status>`,
    );
    // The page set headers on the second before the script ran: its request is its own to make.
    (withHeaders as { requestInit?: RequestInit }).requestInit = { headers: { 'X-Test': '1' } };
    expect(customElements.get('mps-task-status')).to.equal(undefined);
    startFirstStatuses();
    await waitUntil(async () => (await requestCount(id)) === 1, 'asked before the element exists');
    expect(await requestCount(own), 'a widget with its own headers').to.equal(0);
    expect(await requestCount(other), 'a stream-only widget').to.equal(0);

    const { defineMpsTaskStatus } = await import('../../src/element/define.js');
    defineMpsTaskStatus();
    await waitUntil(() => widget.getAttribute('state') === 'waiting', 'first status', {
      timeout: 10_000,
    });
    await waitUntil(() => withHeaders.getAttribute('state') === 'waiting', 'its own first status', {
      timeout: 10_000,
    });
    expect(await requestCount(id), 'the widget asked nothing more').to.equal(1);
    expect(await requestCount(own)).to.equal(1);
    expect(widget.shadowRoot!.querySelector('[part="headline"]')).to.exist;
  });
});
