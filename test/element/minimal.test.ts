import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { frozen, STATES } from '../support/bodies.js';
import { stateIs, textOf } from '../support/browser.js';

type El = MpsTaskStatus;
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector(sel);

async function minimal(
  state: keyof typeof STATES,
  attrs: { outputUrl?: string; lang?: string } = {},
) {
  const [scenario, at] = STATES[state];
  const { taskId, fetcher } = frozen(scenario, at);
  const el = await fixture<El>(
    html`<mps-task-status
      variant="minimal"
      lang=${attrs.lang ?? 'en'}
      task-id=${taskId}
      .fetcher=${fetcher}
      output-url=${attrs.outputUrl ?? ''}
    ></mps-task-status>`,
  );
  await stateIs(el, state);
  return el;
}

/** What end users must never read: ids, template numbers, object paths, error codes. */
function engineerText(el: El): string[] {
  const text = textOf(el);
  return [
    el.taskId,
    'WorkflowTask',
    '100210',
    'template',
    '/output/',
    '.m3u8',
    'FailedOperation',
    'InternalError',
    'ErrCode',
  ].filter((needle) => text.includes(needle));
}

describe('variant="minimal" (end users)', () => {
  const headlines = {
    waiting: 'Waiting in line',
    processing: 'Processing your video',
    success: 'Your video is ready',
    failed: 'We could not process your video',
    // Its main file exists: ready, with what failed said below (see the partial test).
    partial: 'Your video is ready',
  };
  for (const state of Object.keys(STATES) as (keyof typeof STATES)[]) {
    it(`${state}: a friendly headline and no id, template, path or code`, async () => {
      const el = await minimal(state, { outputUrl: 'https://{bucket}.example{path}' });
      expect(textOf(el)).to.contain(headlines[state]);
      expect(engineerText(el)).to.deep.equal([]);
      const bars = el.shadowRoot!.querySelectorAll('[role="progressbar"]').length;
      expect(bars).to.equal(state === 'waiting' || state === 'processing' ? 1 : 0);
    });
  }

  it('processing: percent and time left', async () => {
    const el = await minimal('processing');
    expect($(el, '[part="detail"]')!.textContent).to.match(/\d+%/);
  });

  it('success: a call to action to the primary output (an MP4 every browser plays, not the HLS playlist), only with an http(s) URL', async () => {
    const el = await minimal('success', { outputUrl: 'https://{bucket}.example{path}' });
    const link = $(el, '[part="ready-link"]') as HTMLAnchorElement;
    expect(link.textContent).to.contain('Watch');
    expect(link.href).to.match(/^https:\/\/[^/]+\.example\/output\/[^/]+\.mp4$/);
    // A preview from the task's own cover, through the same URL template.
    const preview = $(el, '[part="preview"]') as HTMLImageElement;
    expect(preview.getAttribute('src')).to.match(
      /^https:\/\/[^/]+\.example\/output\/.+\.(jpg|png)$/,
    );
    expect(preview.alt).to.equal('');
    const none = await minimal('success');
    expect($(none, '[part="ready-link"]'), 'no URL, no link').to.equal(null);
    const unsafe = await minimal('success');
    unsafe.resolveOutputUrl = () => 'javascript:alert(1)';
    await unsafe.updateComplete;
    expect($(unsafe, '[part="ready-link"]'), 'never a javascript: link').to.equal(null);
    for (const state of ['waiting', 'processing', 'failed'] as const) {
      const other = await minimal(state, { outputUrl: 'https://{bucket}.example{path}' });
      expect($(other, '[part="ready-link"]'), state).to.equal(null);
    }
  });

  it('partial with its main file: offered, and what failed said plainly', async () => {
    const el = await minimal('partial', { outputUrl: 'https://{bucket}.example{path}' });
    expect($(el, '[part="headline"]')!.textContent!.trim()).to.equal('Your video is ready');
    expect($(el, '[part="detail"]')!.textContent).to.equal('Some extras could not be made.');
    // Its only plain MP4 failed: the adaptive stream is what is left to offer.
    expect(($(el, '[part="ready-link"]') as HTMLAnchorElement).href).to.match(/adaptive.*\.m3u8$/);
    expect(engineerText(el)).to.deep.equal([]);
  });

  it('success: the page\'s own call to action in the "ready" slot', async () => {
    const [scenario, at] = STATES.success;
    const { taskId, fetcher } = frozen(scenario, at);
    const el = await fixture<El>(
      html`<mps-task-status variant="minimal" task-id=${taskId} .fetcher=${fetcher}
        ><a slot="ready" href="/library">Go to your library</a></mps-task-status
      >`,
    );
    await stateIs(el, 'success');
    const slot = $(el, 'slot[name="ready"]') as HTMLSlotElement;
    expect(slot.assignedElements()[0].textContent).to.equal('Go to your library');
  });

  it('failed: a plain message; the code only on request', async () => {
    const el = await minimal('failed');
    expect(textOf(el)).to.contain('Please try again');
    const button = $(el, '[part="technical-button"]') as HTMLButtonElement;
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    button.click();
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect($(el, '[part="error-code"]')!.textContent).to.match(/\S+/);
    // And a reference to quote to support: the task id (and the request id), with a copy button.
    const reference = $(el, '[part="support-reference"]')!;
    expect(reference.textContent).to.contain(el.taskId);
    expect(reference.querySelector('[part="copy-button"]')!.getAttribute('aria-label')).to.equal(
      'Copy the reference',
    );
  });

  it('error (status unavailable): plain words and a Retry button, no code', async () => {
    const el = await fixture<El>(
      html`<mps-task-status
        variant="minimal"
        task-id="x"
        .fetcher=${async () => 'junk'}
      ></mps-task-status>`,
    );
    await stateIs(el, 'error');
    expect(textOf(el)).to.contain('We cannot check on your video right now');
    expect($(el, '[part="retry-button"]')).to.exist;
    expect($(el, '[part="error-code"]')).to.equal(null);
  });

  it('Chinese: every line in Chinese', async () => {
    const el = await minimal('processing', { lang: 'zh-CN' });
    expect(textOf(el)).to.contain('视频处理中');
    const done = await minimal('success', {
      lang: 'zh-CN',
      outputUrl: 'https://{bucket}.example{path}',
    });
    expect(textOf(done)).to.contain('视频已就绪').and.contain('观看');
  });

  it('fits a 320 px phone screen', async () => {
    for (const state of ['processing', 'success', 'failed'] as const) {
      const el = await minimal(state, { outputUrl: 'https://{bucket}.example{path}' });
      el.style.width = '320px';
      await el.updateComplete;
      const base = $(el, '[part="base"]') as HTMLElement;
      expect(base.scrollWidth, state).to.be.at.most(base.clientWidth);
      expect(el.getBoundingClientRect().width).to.equal(320);
    }
  });
});
