import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { en } from '../../src/element/i18n/en.js';
import { enDetails } from '../../src/element/i18n/en-details.js';
import { enCompact } from '../../src/element/i18n/en-compact.js';
import { enMinimal } from '../../src/element/i18n/en-minimal.js';
import { enNotify } from '../../src/element/i18n/en-notify.js';
import { zhCN } from '../../src/element/i18n/zh-CN.js';
import { frozen } from '../support/bodies.js';
import { stateIs, textOf } from '../support/browser.js';

type El = MpsTaskStatus;
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector(sel)!;

/** A widget in `locale` on the `success` scenario frozen at `atMs`, once it shows `state`. */
async function successIn(locale: string, atMs: number, state: string) {
  const { taskId, fetcher } = frozen('success', atMs);
  const el = await fixture<El>(
    html`<mps-task-status
      locale=${locale}
      task-id=${taskId}
      .fetcher=${fetcher}
    ></mps-task-status>`,
  );
  await stateIs(el, state);
  return el;
}

describe('<mps-task-status> languages', () => {
  it('has a Chinese string for every English one, nested tables included', () => {
    const english = { ...en, ...enDetails, ...enCompact, ...enMinimal, ...enNotify };
    expect(Object.keys(zhCN).sort(), 'no Chinese-only keys').to.deep.equal(
      Object.keys(english).sort(),
    );
    for (const [key, value] of Object.entries(english)) {
      const zh = (zhCN as Record<string, unknown>)[key];
      expect(zh, key).to.exist;
      if (value && typeof value === 'object') {
        const missing = Object.keys(value).filter((k) => !(k in (zh as object)));
        expect(missing, `zh-CN ${key}`).to.deep.equal([]);
      }
    }
  });

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

  it('never shows English while the Chinese strings load on demand', async () => {
    const { taskId, fetcher } = frozen('success', 9000);
    const el = document.createElement('mps-task-status');
    const seen: string[] = [];
    el.locale = 'zh-CN';
    el.fetcher = fetcher;
    el.taskId = taskId;
    document.body.append(el);
    const record = () => seen.push(textOf(el));
    const observer = new MutationObserver(record);
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    record();
    await stateIs(el, 'processing');
    await el.updateComplete;
    observer.disconnect();
    record();
    expect(seen.at(-1)).to.contain('处理中');
    for (const text of seen) expect(text).not.to.match(/Loading|Processing|Media processing task/);
    el.remove();
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
    // Relative in the text, absolute in the tooltip.
    expect($(de, '.times time').getAttribute('title')).to.equal(
      new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'medium' }).format(
        created,
      ),
    );
    // Words are English outside en and zh-CN; units follow the locale, as in "2 Min. elapsed".
    expect($(de, '.times time').textContent).to.match(/^\d+\sMin\. ago$/);
  });

  it('shows times relative to now in both languages ("2 min ago", "2分钟前")', async () => {
    for (const [locale, pattern] of [
      ['en', /^\d+\smin ago$/],
      ['zh-CN', /^\d+分钟前$/],
    ] as const) {
      const el = await successIn(locale, 180_000, 'success');
      const times = [...el.shadowRoot!.querySelectorAll('.times time')];
      expect(times.length).to.equal(3);
      for (const time of times) {
        expect(time.textContent, locale).to.match(pattern);
        expect(
          time.getAttribute('tabindex'),
          'focusable: the absolute time shows on focus',
        ).to.equal('0');
      }
    }
  });

  it('one clock, one rounding, one spelling: "Started 7 sec ago" beside "7 sec elapsed"', async () => {
    for (const [locale, ago, elapsed] of [
      ['en', /^(\d+)\ssec ago$/, /^(\d+)\ssec elapsed$/],
      ['zh-CN', /^(\d+)秒前$/, /^已用时 (\d+)秒$/],
    ] as const) {
      const el = await successIn(locale, 9000, 'processing'); // started 7 s ago
      const [created, started] = [...el.shadowRoot!.querySelectorAll('.times time')].map((t) =>
        t.textContent!.trim(),
      );
      const running = $(el, '[part="elapsed"]').textContent!.trim();
      expect(created, `${locale}: not "now" 9 s after`).to.match(ago);
      expect(started, locale).to.match(ago);
      expect(running, locale).to.match(elapsed);
      expect(started.match(ago)![1], `${started} / ${running}`).to.equal(
        running.match(elapsed)![1],
      );
      el.remove();
    }
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
