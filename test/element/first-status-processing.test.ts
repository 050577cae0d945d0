import { expect, waitUntil } from '@open-wc/testing';
// Only what the CDN file's first module runs: in this page the element is defined by the test
// (a page of its own: the first-status-view test defines the element in its page).
import { startFirstStatuses } from '../../src/element/first-statuses.js';
import { scriptedRequests, scriptedServer } from '../support/browser.js';
import { base, page, structure } from '../support/first-status.js';

describe('the CDN file’s first status of a processing task', () => {
  it('draws a processing task as the element does, spinning icon and all, when its progress is not known', async () => {
    document.documentElement.lang = 'en';
    const body = JSON.stringify({
      Response: {
        TaskType: 'WorkflowTask',
        Status: 'PROCESSING',
        WorkflowTask: { TaskId: 'drawn-processing', Status: 'PROCESSING' },
        RequestId: 'r1',
      },
    });
    const endpoint = await scriptedServer([], {
      status: 200,
      body,
      headers: { 'Content-Type': 'application/json' },
    });
    const [widget] = page(
      `<mps-task-status variant="minimal" task-id="drawn-processing" endpoint="${endpoint}" interval="60000"></mps-task-status>`,
    );

    await startFirstStatuses({ draw: true }).drawn;
    expect(customElements.get('mps-task-status')).to.equal(undefined);
    expect(widget.getAttribute('state')).to.equal('processing');
    expect(
      widget.shadowRoot!.querySelector('svg.icon.spin'),
      'the processing icon spins',
    ).to.not.equal(null);
    await expect(widget).to.be.accessible();
    const drawnNode = base(widget)!;
    const drawn = structure(drawnNode);

    const { defineMpsTaskStatus } = await import('../../src/element/define.js');
    defineMpsTaskStatus();
    await waitUntil(() => !drawnNode.isConnected && base(widget), 'taken over', {
      timeout: 10_000,
    });
    expect(structure(base(widget)!), 'the element draws what was drawn').to.deep.equal(drawn);
    expect((await scriptedRequests()).length, 'one request').to.equal(1);
  });
});
