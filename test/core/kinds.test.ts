import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { normalizeTask } from '../../src/core/normalize.js';
import { parseTaskBody } from '../../src/core/parse.js';
import type { TaskView } from '../../src/core/view.js';
import {
  aiWorkflow,
  blindWatermark,
  eraseFailed,
  eraseRunning,
  liveRecording,
  liveRecordingFailed,
  scheduleAi,
  vodProEdit,
} from '../fixtures/kinds.js';
import { finishedWorkflow } from '../support/fixtures.js';

/** Parse + normalize, as the watcher does; the SDK-shaped body must need no degrading. */
function view(body: object): TaskView {
  const { detail, issues } = parseTaskBody({ Response: structuredClone(body) });
  assert.deepEqual(issues, [], 'an SDK-shaped body parses without issues');
  return normalizeTask(detail, issues);
}

const types = (v: TaskView) => v.subtasks.map((s) => s.type);
const failed = (v: TaskView) => v.subtasks.filter((s) => s.error).map((s) => s.type);
const paths = (v: TaskView, type?: string) =>
  v.outputs.filter((o) => !type || o.subtaskType === type).map((o) => o.path ?? o.url);
const factsOf = (v: TaskView, type: string) =>
  Object.fromEntries(v.subtasks.find((s) => s.type === type)!.facts.map((f) => [f.key, f.value]));

describe('every result kind the SDK declares', () => {
  it('AI workflow: a failed quality control next to successes is partial, named with code and message', () => {
    const v = view(aiWorkflow);
    assert.equal(v.outcome, 'partial');
    assert.deepEqual(failed(v), ['AiQualityControl']);
    const qc = v.subtasks.find((s) => s.type === 'AiQualityControl')!;
    assert.deepEqual(qc.error, {
      code: 'FailedOperation.QualityControl',
      message: 'quality control failed',
    });
    assert.deepEqual(factsOf(v, 'AiQualityControl'), { score: 42, problems: 'NoAudio, Jitter' });
  });

  it('AI workflow: lists subtitle, erased-video, cover and highlight files with their roles and kinds', () => {
    const v = view(aiWorkflow);
    assert.deepEqual(types(v), [
      'Transcode',
      'Cover',
      'Highlight',
      'Description',
      // Steps follow the body's own order (here quality control comes before the subtitle set).
      'AiQualityControl',
      'AsrFullText',
      'SmartErase',
    ]);
    const byPath = Object.fromEntries(v.outputs.map((o) => [o.path, [o.role, o.kind]]));
    assert.deepEqual(byPath['/output/holiday.zh.vtt'], ['SubtitlePath', 'subtitle']);
    assert.deepEqual(byPath['/output/holiday.asr.vtt'], ['Path', 'subtitle']);
    assert.deepEqual(byPath['/output/holiday.erased.mp4'], ['Path', 'video']);
    assert.deepEqual(byPath['/output/holiday.en.srt'], ['TranslateSubtitlePath', 'subtitle']);
    assert.deepEqual(byPath['/output/cover-1.jpg'], ['CoverPath', 'image']);
    assert.deepEqual(byPath['/output/highlight-1.mp4'], ['HighlightPath', 'video']);
    assert.deepEqual(byPath['/output/highlight-1.jpg'], ['CovImgPath', 'image']);
    const erased = v.outputs.find((o) => o.path === '/output/holiday.erased.mp4')!;
    assert.deepEqual(erased.storage, {
      type: 'COS',
      bucket: 'media-1250000000',
      region: 'ap-guangzhou',
    });
    assert.equal(new Set(v.outputs.map((o) => o.id)).size, v.outputs.length, 'ids are unique');
  });

  it('AI workflow: description and recognised text are summarized, long text clipped', () => {
    const v = view(aiWorkflow);
    const description = factsOf(v, 'Description');
    assert.equal(description.title, 'A day at the beach');
    assert.ok(String(description.description).startsWith('Waves.'));
    assert.equal(factsOf(v, 'AsrFullText').text, 'Hello from the beach');
  });

  it('AI workflow: smart erase reports its own times in the waterfall', () => {
    const erase = view(aiWorkflow).subtasks.find((s) => s.type === 'SmartErase')!;
    assert.equal(erase.reportsTimes, true);
    assert.equal(erase.finishedAt! - erase.startedAt!, 60_000);
  });

  it('a running smart erase at 40 % gives 40 % progress; no false completion', () => {
    const v = view(eraseRunning);
    assert.equal(v.progress, 40);
    assert.equal(v.outcome, 'pending');
  });

  it('a failed smart erase next to a successful transcode is partial, never success', () => {
    const v = view(eraseFailed);
    assert.equal(v.outcome, 'partial');
    assert.deepEqual(failed(v), ['SmartErase']);
    assert.equal(
      v.subtasks.find((s) => s.type === 'SmartErase')!.error!.message,
      'no subtitles found to erase',
    );
  });

  it('ScheduleTask: AI activities and the result items in their Output are steps; a nested failure surfaces', () => {
    const v = view(scheduleAi);
    assert.deepEqual(types(v), [
      'Transcode',
      'Analysis',
      'Classification',
      'Tag',
      'Cover',
      'Review',
      'Porn',
      'QualityControl',
      'SmartSubtitles',
      'TransText',
      'ExecRule',
    ]);
    assert.equal(v.outcome, 'partial');
    assert.deepEqual(failed(v), ['Cover']);
    assert.deepEqual(factsOf(v, 'Porn'), { suggestion: 'review', label: 'sexy' });
    assert.deepEqual(factsOf(v, 'Classification'), { classification: 'travel' });
    assert.deepEqual(factsOf(v, 'Tag'), { tags: 'beach, sea' });
    assert.deepEqual(factsOf(v, 'QualityControl'), { score: 88 });
    assert.deepEqual(paths(v, 'TransText'), ['/output/holiday.en.vtt']);
    assert.deepEqual(paths(v, 'Analysis'), [], 'nested results are not listed twice');
    const analysis = v.subtasks.find((s) => s.type === 'Analysis')!;
    assert.equal(analysis.reportsTimes, true);
  });

  it('LiveScheduleTask: recorded segments are URL outputs with size and duration', () => {
    const v = view(liveRecording);
    assert.equal(v.status, 'PROCESSING');
    assert.deepEqual(types(v), ['LiveRecord']);
    assert.deepEqual(
      v.outputs.map((o) => [o.url, o.path, o.size, o.duration, o.kind]),
      [
        ['https://media.example.com/live/seg-001.mp4', null, 10_000_000, 60, 'video'],
        ['https://media.example.com/live/seg-002.mp4', null, 9_000_000, 55, 'video'],
      ],
    );
    assert.equal(v.source?.location, 'rtmp://live.example.com/app/stream');
  });

  it('LiveScheduleTask: a failed recording is failed, not success', () => {
    const v = view(liveRecordingFailed);
    assert.equal(v.outcome, 'failed');
    assert.deepEqual(v.subtasks[0].error, {
      code: 'FailedOperation.PullStream',
      message: 'cannot pull the live stream',
    });
  });

  it('blind watermark: whether one was found and what it says', () => {
    const v = view(blindWatermark);
    assert.equal(v.outcome, 'success');
    assert.deepEqual(v.facts, [
      { key: 'detected', value: true },
      { key: 'watermark', value: 'owner:studio-42' },
    ]);
    assert.equal(v.source?.location, '/input/holiday.mp4');
  });

  it('VOD Pro source: bucket, region and object; EditMedia output facts from Output.MetaData', () => {
    const v = view(vodProEdit);
    assert.deepEqual(v.source?.storage, {
      type: 'VOD',
      bucket: 'vodpro-1250000000',
      region: 'ap-shanghai',
    });
    assert.equal(v.source?.location, '/raw/interview.mp4');
    assert.equal(v.outcome, 'success');
    const [out] = v.outputs;
    assert.deepEqual(
      [out.path, out.width, out.height, out.duration, out.kind],
      ['/output/interview-cut.mp4', 1920, 1080, 30, 'video'],
    );
  });

  it('snapshot time offsets stay in seconds, as the SDK declares them', () => {
    const body = structuredClone(aiWorkflow) as any;
    body.WorkflowTask.MediaProcessResultSet.push({
      Type: 'SnapshotByTimeOffset',
      SnapshotByTimeOffsetTask: {
        Status: 'SUCCESS',
        Output: {
          Definition: 10,
          PicInfoSet: [
            { TimeOffset: 1.5, Path: '/snap/1.jpg' },
            { TimeOffset: 3 },
            { TimeOffset: 4.5, Path: '/snap/3.jpg' },
          ],
        },
      },
    });
    const out = view(body).outputs.find((o) => o.subtaskType === 'SnapshotByTimeOffset')!;
    assert.deepEqual(out.imagePaths, ['/snap/1.jpg', '/snap/3.jpg']);
    assert.deepEqual(out.timeOffsets, [1.5, 4.5], 'parallel to the paths, in seconds');
  });

  it('an unknown AI kind with files degrades: its step and files are still listed', () => {
    const body = structuredClone(aiWorkflow) as any;
    body.WorkflowTask.AiAnalysisResultSet.push({
      Type: 'Teleport',
      TeleportTask: { Status: 'FAIL', ErrCodeExt: 'X', Output: { ClipPath: '/o/clip.mp4' } },
    });
    const v = view(body);
    assert.ok(types(v).includes('Teleport'));
    assert.deepEqual(paths(v, 'Teleport'), ['/o/clip.mp4']);
    assert.ok(failed(v).includes('Teleport'));
  });
});

describe('no result kind can hide a failure, known or not', () => {
  const workflow = (members: Record<string, unknown>) => finishedWorkflow(members);
  const dubbing = (status: string, extra: Record<string, unknown> = {}) => ({
    Status: status,
    ErrCodeExt: status === 'FAIL' ? 'FailedOperation.Dubbing' : '',
    Message: status === 'FAIL' ? 'voice clone failed' : '',
    Progress: status === 'FAIL' ? 40 : 100,
    Output: {
      VoiceClonedVideo: '/out/dub/clip.voice.mp4',
      DubbingEditInfoUrl: 'https://cos.example.com/out/dub/edit.json',
      DstAudioFileId: '5285890784246869930',
      VideoPath: '',
      OutputStorage: { Type: 'COS', CosOutputStorage: { Bucket: 'b-1', Region: 'ap-guangzhou' } },
      ...extra,
    },
  });

  it('a failed AI dubbing step (WorkflowTask.AiDubbingTaskResult, newer than the pinned SDK) makes the task partial, with its code', () => {
    const v = view(workflow({ AiDubbingTaskResult: dubbing('FAIL') }));
    assert.equal(v.outcome, 'partial');
    assert.deepEqual(failed(v), ['AiDubbing']);
    assert.equal(
      v.subtasks.find((s) => s.type === 'AiDubbing')!.error!.code,
      'FailedOperation.Dubbing',
    );
  });

  it('a dubbing step lists its files by what they are: a COS path and an http(s) URL, never a file id or an empty path', () => {
    const v = view(workflow({ AiDubbingTaskResult: dubbing('SUCCESS') }));
    assert.equal(v.outcome, 'success');
    const files = v.outputs.filter((o) => o.subtaskType === 'AiDubbing');
    assert.deepEqual(
      files.map((o) => [o.role, o.kind, o.path, o.url]),
      [
        ['VoiceClonedVideo', 'video', '/out/dub/clip.voice.mp4', null],
        ['DubbingEditInfoUrl', 'file', null, 'https://cos.example.com/out/dub/edit.json'],
      ],
    );
  });

  it('a member no reader names is read by the step envelope: its failure and progress count', () => {
    const running = view({
      ...workflow({ AiFutureTaskResult: { Status: 'PROCESSING', Progress: 50, ErrCodeExt: '' } }),
      Status: 'PROCESSING',
    });
    assert.deepEqual(types(running), ['Transcode', 'AiFuture']);
    assert.equal(running.progress, 75);
    const listed = view(
      workflow({
        AiFutureResultSet: [
          { Type: 'X', XTask: { Status: 'SUCCESS', ErrCode: 0 } },
          { Type: 'Y', YResult: { Status: 'FAIL', ErrCode: 70000, Message: 'no' } },
          { Status: 'FAIL', ErrCodeExt: 'Bad.Thing', Message: 'no' },
        ],
      }),
    );
    assert.equal(listed.outcome, 'partial');
    assert.deepEqual(failed(listed), ['Y', 'AiFuture']);
  });

  it('a schedule activity of a kind newer than our schema (AIDubbingTask) counts too', () => {
    const v = view({
      TaskType: 'ScheduleTask',
      Status: 'FINISH',
      ScheduleTask: {
        TaskId: 's',
        Status: 'FINISH',
        ErrCode: 0,
        ActivityResultSet: [
          { ActivityType: 'AIDubbing', ActivityResItem: { AIDubbingTask: dubbing('FAIL') } },
        ],
      },
    });
    assert.equal(v.outcome, 'failed');
    assert.deepEqual(failed(v), ['AiDubbing']);
  });

  it('a task object of a TaskType newer than our schema is read by its envelope', () => {
    const { detail } = parseTaskBody({
      Response: {
        TaskType: 'AiFutureTask',
        Status: 'FINISH',
        AiFutureTask: {
          TaskId: 'f',
          Status: 'FINISH',
          ErrCode: 0,
          StepResult: { Status: 'FAIL', ErrCode: 1 },
        },
      },
    });
    const v = normalizeTask(detail);
    assert.equal(v.taskId, 'f');
    assert.equal(v.outcome, 'failed');
  });

  it("the generic AI analysis task's Output.Result is a finding", () => {
    const v = view(
      workflow({
        AiAnalysisResultSet: [
          {
            Type: 'Generic',
            GenericTask: {
              Status: 'SUCCESS',
              ErrCode: 0,
              Output: { Result: 'three people, a beach' },
            },
          },
        ],
      }),
    );
    assert.deepEqual(factsOf(v, 'Generic'), { text: 'three people, a beach' });
  });

  it('quality control lists format diagnoses with their severity beside QualityControlResultSet', () => {
    const v = view(
      workflow({
        AiQualityControlTaskResult: {
          Status: 'SUCCESS',
          ErrCodeExt: 'SUCCESS',
          ErrCode: 0,
          Output: {
            QualityEvaluationScore: 71,
            QualityControlResultSet: [{ Type: 'Jitter' }],
            ContainerDiagnoseResultSet: [
              { Category: 'DecodeException', Type: 'VideoDecodeError', SeverityLevel: 'High' },
              { Category: 'FormatException', Type: 'PtsJump' },
            ],
          },
        },
      }),
    );
    assert.equal(v.outcome, 'success');
    assert.deepEqual(factsOf(v, 'AiQualityControl'), {
      score: 71,
      problems: 'Jitter, VideoDecodeError (High), PtsJump',
    });
  });

  it('an output with an empty path is no output: neither listed nor counted', () => {
    const v = view({
      ...workflow({}),
      WorkflowTask: {
        TaskId: 't',
        Status: 'FINISH',
        ErrCode: 0,
        MediaProcessResultSet: [
          {
            Type: 'Transcode',
            TranscodeTask: { Status: 'FAIL', ErrCode: 1, Output: { Path: '' } },
          },
        ],
      },
    });
    assert.deepEqual(v.outputs, []);
    assert.equal(v.primaryOutput, null);
  });
});
