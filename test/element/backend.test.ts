import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { stateIs, textOf } from '../support/browser.js';

/** Widget → our handler (mps-task-status/server) → real Tencent SDK → fake MPS checking signatures. */
describe('<mps-task-status> against the backend handler and a fake MPS', () => {
  const create = async (scenario: string) =>
    (
      (await (
        await fetch('/fake/tasks', { method: 'POST', body: JSON.stringify({ scenario }) })
      ).json()) as { TaskId: string }
    ).TaskId;
  const upstreamCalls = async (id: string) =>
    ((await (await fetch(`/fake/stats?TaskId=${id}`)).json()) as { requests: number }).requests;

  it('follows a task to the end; three widgets cost the upstream calls of one', async () => {
    const id = await create('s3');
    const box = await fixture(
      html`<div>
        ${[1, 2, 3].map(() => html`<mps-task-status task-id=${id} endpoint="/api/task"></mps-task-status>`)}
      </div>`,
    );
    const els = [...box.querySelectorAll<MpsTaskStatus>('mps-task-status')];
    await Promise.all(els.map((e) => stateIs(e, 'success')));
    expect(textOf(els[0])).to.contain('Finished');
    expect(els[0].shadowRoot!.innerHTML).not.to.contain('EXAMPLESECRET');
    const calls = await upstreamCalls(id);
    // At least one call (on a busy machine the task may have finished before the first), never one per widget.
    expect(calls).to.be.at.least(1).and.at.most(12);
  });

  it('shows the not-found error the handler maps from MPS', async () => {
    const el = await fixture<MpsTaskStatus>(
      html`<mps-task-status
        task-id="2353030000-WorkflowTask-00000000000000000000000000000000"
        endpoint="/api/task"
      ></mps-task-status>`,
    );
    await stateIs(el, 'error');
    expect(el.snapshot!.error!.kind).to.equal('not-found');
    expect(el.snapshot!.error!.status).to.equal(404);
    expect(textOf(el)).to.contain('ResourceNotFound');
  });

  it('a malformed TaskId is refused by the handler before MPS (400)', async () => {
    const el = await fixture<MpsTaskStatus>(
      html`<mps-task-status task-id="../../etc/passwd" endpoint="/api/task"></mps-task-status>`,
    );
    await stateIs(el, 'error');
    expect(el.snapshot!.error!.status).to.equal(400);
    expect(el.snapshot!.error!.code).to.equal('InvalidParameterValue.TaskId');
  });
});
