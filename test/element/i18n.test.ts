import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { frozen } from '../support/bodies.js';
import { stateIs, textOf } from '../support/browser.js';

type El = MpsTaskStatus;
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector(sel)!;

describe('<mps-task-status> languages', () => {
  it('speaks Simplified Chinese with locale="zh-CN"', async () => {
    const { taskId, fetcher } = frozen('subtask-failure', 120_000);
    const el = await fixture<El>(
      html`<mps-task-status
        locale="zh-CN"
        task-id=${taskId}
        .fetcher=${fetcher}
      ></mps-task-status>`,
    );
    await stateIs(el, 'partial');
    const text = textOf(el);
    expect($(el, '[part="badge"]').textContent!.trim()).to.equal('部分失败');
    expect(text)
      .to.contain('媒体处理任务')
      .and.contain('排队等待')
      .and.contain('转码 · 模板 100210')
      .and.contain('失败');
    expect($(el, '[part="base"]').getAttribute('lang')).to.equal('zh-CN');
    expect($(el, '[part="copy-button"]').getAttribute('aria-label')).to.equal('复制任务 ID');
  });

  it('takes the language from the nearest lang attribute, then the browser', async () => {
    const { taskId, fetcher } = frozen('success', 120_000);
    const wrap = await fixture(
      html`<section lang="zh-Hans-CN">
        <div><mps-task-status task-id=${taskId} .fetcher=${fetcher}></mps-task-status></div>
      </section>`,
    );
    const el = wrap.querySelector('mps-task-status')!;
    await stateIs(el, 'success');
    expect($(el, '[part="badge"]').textContent!.trim()).to.equal('已完成');
    const en = await fixture<El>(
      html`<mps-task-status task-id=${taskId} .fetcher=${fetcher}></mps-task-status>`,
    );
    await stateIs(en, 'success');
    expect($(en, '[part="badge"]').textContent!.trim()).to.equal(
      navigator.language.startsWith('zh') ? '已完成' : 'Finished',
    );
  });

  it('formats numbers, sizes and dates through Intl for the locale', async () => {
    const { taskId, fetcher } = frozen('success', 120_000);
    const de = await fixture<El>(
      html`<mps-task-status
        locale="de-DE"
        task-id=${taskId}
        .fetcher=${fetcher}
      ></mps-task-status>`,
    );
    await stateIs(de, 'success');
    expect(textOf(de)).to.contain('19,6 MB');
    const created = de.snapshot!.task!.createdAt!;
    expect($(de, '.times time').textContent).to.equal(
      new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'medium' }).format(
        created,
      ),
    );
  });

  it('lets the page override any string', async () => {
    const { taskId, fetcher } = frozen('success', 120_000);
    const el = await fixture<El>(
      html`<mps-task-status
        task-id=${taskId}
        .fetcher=${fetcher}
        .strings=${{ title: 'Your video', state: { success: 'Ready to watch' }, outputCount: (n: number) => `${n} files` }}
      ></mps-task-status>`,
    );
    await stateIs(el, 'success');
    expect(textOf(el))
      .to.contain('Your video')
      .and.contain('Ready to watch')
      .and.contain('7 files');
    expect(textOf(el)).to.contain('Queue wait', 'untouched strings stay');
  });
});
