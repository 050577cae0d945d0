import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { taskDurations } from '../../src/core/durations.js';
import { normalizeTask, overallProgress } from '../../src/core/normalize.js';
import { primaryOutputOf } from '../../src/core/outputs.js';
import { parseTaskBody } from '../../src/core/parse.js';
import { parseMpsTime, NOT_YET } from '../../src/core/time.js';
import type { Subtask } from '../../src/core/view.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import type { Scenario } from '../../src/simulator/scenarios.js';
import { seed } from '../support/fixtures.js';

const view = (body: unknown) => {
  const p = parseTaskBody(body);
  return normalizeTask(p.detail, p.issues);
};

/** A simulated task at a moment: `atMs` after creation. */
function simulated(scenario: Scenario, atMs: number) {
  let now = 1_700_000_000_000;
  const sim = new MpsSimulator({ now: () => now });
  const id = sim.createTask({ scenario });
  now += atMs;
  return view(JSON.parse(sim.describe(id).body));
}

describe('normalizeTask: the seed response', () => {
  const v = view(seed());
  it('reads the task', () => {
    assert.equal(v.taskType, 'WorkflowTask');
    assert.equal(v.taskId, '235303****-WorkflowTask-80108cc3380155d98b2e3573a48a******');
    assert.equal(v.status, 'FINISH');
    assert.equal(v.outcome, 'success');
    assert.equal(v.progress, 100);
    assert.equal(v.error, null);
    assert.equal(v.requestId, 'requestId');
    assert.equal(v.createdAt, Date.UTC(2019, 6, 16, 6, 21, 27));
    assert.equal(v.startedAt, Date.UTC(2019, 6, 16, 6, 21, 28));
    assert.equal(v.finishedAt, Date.UTC(2019, 6, 16, 6, 21, 46));
  });
  it('computes queue, processing and total durations', () => {
    assert.deepEqual(taskDurations(v, Date.now()), {
      queueMs: 1000,
      processingMs: 18_000,
      totalMs: 19_000,
    });
  });
  it('reads the source', () => {
    assert.deepEqual(v.source, {
      type: 'COS',
      location: '/input/videoplayback.mp4',
      storage: { type: 'COS', bucket: 'vodtestbj-235303****', region: 'ap-beijing' },
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      duration: 380.9465637207031,
      width: 480,
      height: 360,
      bitrate: 409657,
      size: 19626862,
      videoCodec: 'h264',
      fps: 29,
      audioCodec: 'aac',
      sampleRate: 44100,
    });
  });
  it('flattens the transcode output with every detail', () => {
    assert.equal(v.subtasks.length, 1);
    assert.deepEqual(v.subtasks[0], {
      id: 'Transcode-0',
      type: 'Transcode',
      status: 'SUCCESS',
      progress: 100,
      definition: 210,
      startedAt: null,
      finishedAt: null,
      reportsTimes: false,
      error: null,
      facts: [],
    });
    assert.deepEqual(v.outputs, [
      {
        id: 'Transcode-0',
        subtaskId: 'Transcode-0',
        subtaskType: 'Transcode',
        kind: 'stream',
        role: null,
        url: null,
        storage: { type: 'COS', bucket: 'vodtestgz-235303****', region: 'ap-guangzhou' },
        path: '/output/videoplayback_transcode_210.m3u8',
        definition: 210,
        container: 'hls,applehttp',
        packageType: null,
        width: 320,
        height: 240,
        bitrate: 353297,
        size: 5692,
        duration: 380.9580078125,
        md5: 'ae0dfe7c7336291d6243463b7bb14fea',
        videoCodec: 'h264',
        fps: 24,
        audioCodec: 'aac',
        sampleRate: 44100,
        imagePaths: [],
        timeOffsets: [],
        webVttPath: null,
      },
    ]);
  });
});

describe('normalizeTask: times', () => {
  it('reads 0000-00-00T00:00:00Z as "not yet", never as year 0', () => {
    assert.equal(parseMpsTime(NOT_YET), null);
    assert.equal(parseMpsTime(''), null);
    assert.equal(parseMpsTime(null), null);
    assert.equal(parseMpsTime('garbage'), null);
    const body = seed();
    body.Response.Status = 'PROCESSING';
    body.Response.FinishTime = NOT_YET;
    const v = view(body);
    assert.equal(v.finishedAt, null);
    const now = v.startedAt! + 5000;
    assert.deepEqual(taskDurations(v, now), { queueMs: 1000, processingMs: 5000, totalMs: 6000 });
  });
  it('counts the queue up to now while waiting', () => {
    const body = seed();
    Object.assign(body.Response, {
      Status: 'WAITING',
      BeginProcessTime: NOT_YET,
      FinishTime: NOT_YET,
    });
    const v = view(body);
    assert.deepEqual(taskDurations(v, v.createdAt! + 7000), {
      queueMs: 7000,
      processingMs: null,
      totalMs: 7000,
    });
  });
});

describe('normalizeTask: outcome (FINISH is not success)', () => {
  it('source failure (WorkflowTask.ErrCode) → failed with the code and message', () => {
    const v = simulated('source-failure', 60_000);
    assert.equal(v.status, 'FINISH');
    assert.equal(v.outcome, 'failed');
    assert.deepEqual(v.error, {
      code: '30009',
      message: 'Source file error: the input could not be decoded',
    });
  });
  it('uses the numeric ErrCode when ErrCodeExt is absent', () => {
    const body = seed();
    body.Response.WorkflowTask.ErrCode = 30009;
    body.Response.WorkflowTask.Message = 'bad source';
    assert.deepEqual(view(body).error, { code: '30009', message: 'bad source' });
    assert.equal(view(body).outcome, 'failed');
  });
  it('some subtasks failed → partial, each with ErrCodeExt and message', () => {
    const v = simulated('subtask-failure', 60_000);
    assert.equal(v.outcome, 'partial');
    const failed = v.subtasks.filter((s) => s.error);
    assert.deepEqual(
      failed.map((s) => [s.type, s.status, s.error!.code]),
      [
        ['Transcode', 'FAIL', 'FailedOperation.Transcode'],
        ['AnimatedGraphics', 'FAIL', 'FailedOperation.AnimatedGraphics'],
      ],
    );
    assert.match(failed[0].error!.message, /encoder rejected/);
    assert.equal(
      v.outputs.some((o) => o.subtaskId === failed[0].id),
      false,
      'a failed subtask has no output',
    );
  });
  it('every subtask failed → failed; a non-empty ErrCodeExt alone is a failure', () => {
    const body = seed();
    const t = body.Response.WorkflowTask.MediaProcessResultSet[0].TranscodeTask;
    t.ErrCodeExt = 'FailedOperation.Something';
    assert.equal(view(body).outcome, 'failed');
  });
  it('anything before FINISH is pending', () => {
    assert.equal(simulated('success', 5000).outcome, 'pending');
  });
  it('shows an unknown status or subtask type as such instead of failing', () => {
    const body = seed();
    body.Response.Status = 'PAUSED';
    body.Response.WorkflowTask.MediaProcessResultSet.push({
      Type: 'HologramExport',
      HologramExportTask: { Status: 'QUEUED', Progress: 10 },
    });
    const v = view(body);
    assert.equal(v.status, 'PAUSED');
    assert.equal(v.outcome, 'pending');
    assert.deepEqual(
      v.subtasks.map((s) => [s.type, s.status]),
      [
        ['Transcode', 'SUCCESS'],
        ['HologramExport', 'QUEUED'],
      ],
    );
  });
});

describe('normalizeTask: every subtask type', () => {
  const v = simulated('success', 60_000);
  const byType = (t: string) => v.outputs.filter((o) => o.subtaskType === t);
  it('lists one output per media subtask with its kind', () => {
    assert.deepEqual(
      v.outputs.map((o) => [o.subtaskType, o.kind]),
      [
        ['Transcode', 'stream'],
        ['Transcode', 'video'],
        ['AdaptiveDynamicStreaming', 'stream'],
        ['SnapshotByTimeOffset', 'image'],
        ['SampleSnapshot', 'image'],
        ['ImageSprites', 'sprite'],
        ['AnimatedGraphics', 'animation'],
      ],
    );
  });
  it('adaptive streaming: package and path', () => {
    const [o] = byType('AdaptiveDynamicStreaming');
    assert.equal(o.packageType, 'HLS');
    assert.match(o.path!, /_adaptive_10\.m3u8$/);
    assert.equal(o.storage?.bucket, 'vodtestgz-2353030000');
  });
  it('snapshots by time offset: image paths with their offsets', () => {
    const [o] = byType('SnapshotByTimeOffset');
    assert.equal(o.imagePaths.length, 3);
    assert.deepEqual(o.timeOffsets, [0, 10, 60]);
  });
  it('sample snapshots and sprites: image paths, sprite WebVTT', () => {
    assert.equal(byType('SampleSnapshot')[0].imagePaths.length, 10);
    const [sprite] = byType('ImageSprites');
    assert.equal(sprite.imagePaths.length, 2);
    assert.match(sprite.webVttPath!, /\.vtt$/);
    assert.equal(sprite.width, 142);
  });
  it('animated graphics: container, size, resolution', () => {
    const [gif] = byType('AnimatedGraphics');
    assert.deepEqual(
      [gif.container, gif.width, gif.height, gif.size],
      ['gif', 320, 240, 1_524_000],
    );
  });
  it('subtasks with their own times keep them; Transcode has none', () => {
    const snap = v.subtasks.find((s) => s.type === 'SnapshotByTimeOffset')!;
    assert.ok(snap.startedAt! > v.startedAt! && snap.finishedAt! > snap.startedAt!);
    assert.equal(v.subtasks[0].startedAt, null);
    assert.equal(v.subtasks[0].reportsTimes, false);
    assert.equal(snap.reportsTimes, true);
    const early = simulated('success', 3000).subtasks.find((s) => s.type === 'AnimatedGraphics')!;
    assert.deepEqual(
      [early.startedAt, early.reportsTimes],
      [null, true],
      'not started yet, but will report times',
    );
  });
  it('EditMediaTask: one subtask, output with metadata, source from the first file', () => {
    const e = simulated('edit-media', 60_000);
    assert.equal(e.taskType, 'EditMediaTask');
    assert.equal(e.outcome, 'success');
    assert.equal(e.outputs.length, 1);
    assert.equal(e.outputs[0].duration, 75);
    assert.equal(e.source?.location, '/input/videoplayback.mp4');
  });
  it('ScheduleTask: activities become subtasks and outputs', () => {
    const s = simulated('schedule', 60_000);
    assert.equal(s.taskType, 'ScheduleTask');
    assert.deepEqual(
      s.subtasks.map((x) => x.type),
      ['Transcode', 'Transcode', 'AdaptiveDynamicStreaming', 'SnapshotByTimeOffset'],
    );
    assert.equal(s.outputs.length, 4);
  });
});

describe('overallProgress (the documented rule)', () => {
  const sub = (status: string, progress: number | null): Subtask => ({
    id: 'x',
    type: 'T',
    status,
    progress,
    definition: null,
    startedAt: null,
    finishedAt: null,
    reportsTimes: false,
    error: null,
    facts: [],
  });
  it('FINISH is 100, WAITING is unknown', () => {
    assert.equal(overallProgress('FINISH', []), 100);
    assert.equal(overallProgress('WAITING', [sub('PROCESSING', 50)]), null);
  });
  it('is unknown while nothing reports a number', () => {
    assert.equal(overallProgress('PROCESSING', []), null);
    assert.equal(
      overallProgress('PROCESSING', [sub('PROCESSING', null), sub('PROCESSING', null)]),
      null,
    );
  });
  it('averages: done = 100, Transcode its Progress, silent running subtasks 0', () => {
    assert.equal(overallProgress('PROCESSING', [sub('SUCCESS', 100), sub('PROCESSING', 50)]), 75);
    assert.equal(
      overallProgress('PROCESSING', [sub('PROCESSING', 60), sub('PROCESSING', null)]),
      30,
    );
  });
  it('rises through a simulated task and never exceeds 100', () => {
    const seen = [5_000, 10_000, 15_000, 20_000, 25_000].map(
      (t) => simulated('success', t).progress!,
    );
    assert.ok(
      seen.every((p, i) => i === 0 || p >= seen[i - 1]),
      `not monotonic: ${seen}`,
    );
    assert.ok(seen.every((p) => p >= 0 && p <= 100));
  });
});

describe('primaryOutput: what an end user came for', () => {
  const transcode = (path: string, size: number | null, errCode = 0) => ({
    Type: 'Transcode',
    TranscodeTask: {
      Status: errCode ? 'FAIL' : 'SUCCESS',
      ErrCode: errCode,
      Message: errCode ? 'bad' : 'SUCCESS',
      Output: {
        Path: path,
        Size: size,
        Container: 'mp4',
        Width: 1280,
        Height: 720,
        Duration: 10,
        Bitrate: 1e6,
        VideoStreamSet: [{ Codec: 'h264' }],
      },
    },
  });
  const body = (results: unknown[]) => ({
    Response: {
      TaskType: 'WorkflowTask',
      Status: 'FINISH',
      WorkflowTask: { TaskId: 't', Status: 'FINISH', ErrCode: 0, MediaProcessResultSet: results },
    },
  });

  it('is the largest video a browser plays directly (MP4), before the adaptive stream', () => {
    const task = simulated('success', 120_000);
    assert.equal(task.primaryOutput?.kind, 'video');
    assert.match(task.primaryOutput?.path ?? '', /\.mp4$/);
  });

  it('is the adaptive stream when no step made a plain video', () => {
    const task = simulated('success', 120_000);
    const streamsOnly = primaryOutputOf(
      task.outputs.filter((o) => o.kind !== 'video'),
      task.subtasks,
    );
    assert.equal(streamsOnly?.subtaskType, 'AdaptiveDynamicStreaming');
  });

  it('else the largest video of the steps that succeeded', () => {
    const task = view(
      body([
        transcode('/out/small.mp4', 1000),
        transcode('/out/huge-but-failed.mp4', 9e9, 30010),
        transcode('/out/large.mp4', 5000),
      ]),
    );
    assert.equal(task.primaryOutput?.path, '/out/large.mp4');
  });

  it('else the first file; none when nothing was written', () => {
    const snapshots = view(
      body([
        {
          Type: 'SnapshotByTimeOffset',
          SnapshotByTimeOffsetTask: {
            Status: 'SUCCESS',
            ErrCode: 0,
            Output: { Storage: null, PicInfoSet: [{ TimeOffset: 0, Path: '/out/1.jpg' }] },
          },
        },
      ]),
    );
    assert.ok(snapshots.primaryOutput, 'a snapshot output');
    assert.equal(view(body([])).primaryOutput, null);
    assert.equal(view(body([transcode('/out/x.mp4', 10, 30010)])).primaryOutput, null);
  });
});
