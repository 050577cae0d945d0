import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import { startTask, stateIs, textOf } from '../support/browser.js';

describe('smoke', () => {
  it('follows a task to FINISH', async () => {
    const id = await startTask('success');
    const el = await fixture(html`<mps-task-status task-id=${id} endpoint="/mps/task"></mps-task-status>`);
    await stateIs(el, 'success');
    expect(textOf(el)).to.contain('Finished');
  });
});
