import { expect, fixture, html } from '@open-wc/testing';
import { startTask, stateIs, textOf } from '../support/browser.js';

/** The built one-file bundle, not the sources: catches what the dev pipeline hides (decorators, minifier). */
describe('dist/cdn/mps-task-status.js', () => {
  it('registers the element and follows a task to FINISH', async () => {
    await import('/dist/cdn/mps-task-status.js' as string);
    const Ctor = customElements.get('mps-task-status');
    expect(Ctor).to.exist;
    const id = await startTask('subtask-failure');
    const el = await fixture(html`<mps-task-status task-id=${id} endpoint="/mps/task"></mps-task-status>`);
    await stateIs(el, 'partial');
    expect(textOf(el)).to.contain('Finished with errors').and.contain('FailedOperation.Transcode');
    // A second copy of the script (CMS pages do this) must not throw.
    await import('/dist/cdn/mps-task-status.js?copy=2' as string);
    expect(customElements.get('mps-task-status')).to.equal(Ctor);
  });
});
