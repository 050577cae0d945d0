import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import type { Scenario } from '../../src/simulator/scenarios.js';
import { frozen } from '../support/bodies.js';
import { stateIs, textOf, showBody } from '../support/browser.js';

type El = MpsTaskStatus;
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll(sel)];
const text = (e: Element) => e.textContent!.replace(/\s+/g, ' ').trim();

async function show(scenario: Scenario, at: number, state: string, lang = 'en') {
  const { taskId, fetcher } = frozen(scenario, at);
  const el = await fixture<El>(
    html`<mps-task-status
      lang=${lang}
      task-id=${taskId}
      .fetcher=${fetcher}
      output-url="https://{bucket}.cos.{region}.myqcloud.com{path}"
    ></mps-task-status>`,
  );
  await stateIs(el, state);
  await el.updateComplete;
  return el;
}

/** The group of a step, by the step's name in its label (after what it made: "JPG Smart cover"). */
const group = (el: El, label: string) =>
  $$(el, '[part="output-group"]').find((g) => text(g.querySelector('.label')!).includes(label));

describe('<mps-task-status> every MPS result family', () => {
  it('AI workflow: a failed quality control makes it "Finished with errors", named with code and findings', async () => {
    const el = await show('ai-workflow', 120_000, 'partial');
    expect(textOf(el)).to.contain('Finished with errors');
    const qc = group(el, 'Quality control')!;
    expect(text(qc.querySelector('[part="subtask-error"]')!)).to.contain(
      'FailedOperation.QualityControl',
    );
    const findings = text(qc.querySelector('[part="findings"]')!);
    expect(findings).to.contain('Quality score').and.contain('41');
    expect(findings).to.contain('NoAudio, Jitter');
  });

  it('AI workflow: subtitle, erased-video, cover and highlight files are listed with their roles', async () => {
    const el = await show('ai-workflow', 120_000, 'partial');
    const subtitles = text(group(el, 'Speech to text')!);
    expect(subtitles).to.contain('Subtitles').and.contain('videoplayback.zh.vtt');
    const erase = text(group(el, 'Smart erase')!);
    expect(erase).to.contain('videoplayback.erased.mp4');
    expect(erase).to.contain('Translated subtitles').and.contain('videoplayback.en.srt');
    expect(text(group(el, 'Smart cover')!)).to.contain('videoplayback_cover_1.jpg');
    const highlight = text(group(el, 'Highlights')!);
    expect(highlight).to.contain('Cover image').and.contain('videoplayback_highlight_0.mp4');
    const links = [...group(el, 'Smart erase')!.querySelectorAll('a[part="output-link"]')];
    expect(links.map((a) => a.getAttribute('href'))).to.include(
      'https://vodtestgz-2353030000.cos.ap-guangzhou.myqcloud.com/output/videoplayback.erased.mp4',
    );
  });

  it('AI workflow while running: smart erase and subtitles report progress, so the bar is determinate', async () => {
    const el = await show('ai-workflow', 10_000, 'processing');
    const bar = $$(el, '[role="progressbar"]')[0];
    expect(Number(bar.getAttribute('aria-valuenow')))
      .to.be.greaterThan(0)
      .and.lessThan(100);
    const erase = group(el, 'Smart erase')!;
    expect(text(erase.querySelector('.sub-state')!)).to.match(/^\d+%$/);
  });

  it('ScheduleTask with AI activities: the failed nested cover is named; review and labels summarized', async () => {
    const el = await show('schedule-ai', 120_000, 'partial');
    const cover = group(el, 'Smart cover')!;
    expect(text(cover.querySelector('[part="subtask-error"]')!)).to.contain(
      'Cover model unavailable',
    );
    expect(text(group(el, 'Review: sexual content')!))
      .to.contain('Suggestion')
      .and.contain('Pass');
    expect(text(group(el, 'Classification')!)).to.contain('sports');
    expect(text(group(el, 'Smart subtitles')!)).to.contain('Done');
    expect(text(group(el, 'Speech to text')!)).to.contain('videoplayback.zh.vtt');
  });

  it('live recording: segments appear as links with size and duration while it records', async () => {
    const el = await show('live-recording', 50_000, 'processing');
    const rows = $$(el, '[part="output"]');
    expect(rows.length).to.equal(2, 'two 20 s segments after 49 s of recording');
    const link = rows[0].querySelector('a[part="output-link"]')!;
    expect(link.getAttribute('href')).to.match(/\/mps\/files\/live\/videoplayback_001\.mp4$/);
    expect(text(rows[0])).to.contain('Recording').and.contain('0:20');
    expect(textOf(el)).to.contain('rtmp://live.example.com/live/stream-1');
  });

  it('blind watermark: says whether one was found and what it says', async () => {
    const el = await show('blind-watermark', 120_000, 'success');
    const findings = text(el.shadowRoot!.querySelector('[part="findings"]')!);
    expect(findings).to.contain('Watermark found').and.contain('Yes');
    expect(findings).to.contain('owner:studio-42;asset:ep-07');
  });

  it('VOD Pro source: the object is shown on the source line', async () => {
    const el = await show('vod-pro', 120_000, 'success');
    expect(text(el.shadowRoot!.querySelector('[part="source"]')!)).to.contain(
      '/raw/videoplayback.mp4',
    );
  });

  it('简体中文: step names, findings and file roles are translated', async () => {
    const el = await show('ai-workflow', 120_000, 'partial', 'zh-CN');
    const all = textOf(el);
    expect(all).to.contain('媒体质检').and.contain('质量评分').and.contain('智能擦除');
    expect(all).to.contain('译文字幕');
  });

  it('a long generated text is clamped and expands on request', async () => {
    const { taskId, fetcher } = frozen('ai-workflow', 120_000);
    const body = (await fetcher()) as any;
    body.Response.WorkflowTask.AiAnalysisResultSet.push({
      Type: 'Description',
      DescriptionTask: {
        Status: 'SUCCESS',
        Output: { DescriptionSet: [{ Title: 'Ride', Description: 'Long ride. '.repeat(40) }] },
      },
    });
    const el = await showBody<El>(taskId, body, 'partial');
    const details = group(el, 'Description')!.querySelector('details.long') as HTMLDetailsElement;
    expect(details.open).to.equal(false);
    expect(text(details.querySelector('summary')!).length).to.be.lessThan(150);
  });
});
