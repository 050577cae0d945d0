import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { stateIs } from '../support/browser.js';

/** Tencent's own DescribeTaskDetail example (test/fixtures/published/), as the page's backend answers it. */
const example = () =>
  fetch('/test/fixtures/published/describe-task-detail-hls-transcode.json').then((r) => r.json());

const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector(sel);

describe('the DescribeTaskDetail example Tencent publishes (ErrCodeExt "SUCCESS")', () => {
  it('the full card shows success, no error, and its HLS output', async () => {
    const body = await example();
    const el = await fixture<MpsTaskStatus>(
      html`<mps-task-status
        lang="en"
        task-id="t-example"
        .fetcher=${async () => body}
      ></mps-task-status>`,
    );
    await stateIs(el, 'success');
    expect(el.getAttribute('state')).to.equal('success');
    expect($(el, '[part~="error"]'), 'no error box').to.equal(null);
    expect(el.shadowRoot!.textContent).not.to.contain('SUCCESS');
  });

  it('the end-user card offers the HLS output as what is ready', async () => {
    const body = await example();
    const el = await fixture<MpsTaskStatus>(
      html`<mps-task-status
        lang="en"
        variant="minimal"
        task-id="t-example-minimal"
        output-url="https://{bucket}.cos.{region}.myqcloud.com{path}"
        .fetcher=${async () => body}
      ></mps-task-status>`,
    );
    await stateIs(el, 'success');
    await el.updateComplete;
    const link = $(el, '[part="ready-link"]') as HTMLAnchorElement | null;
    expect(link, 'a call to action').not.to.equal(null);
    // The masked bucket name of the example (`****`) is escaped by the URL template.
    expect(link!.href).to.match(
      /^https:\/\/output-125000(%2A){4}\.cos\.ap-guangzhou\.myqcloud\.com\/out\/videoplayback_transcode_210\.m3u8$/,
    );
  });
});
