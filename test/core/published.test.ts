/**
 * The bodies Tencent publishes (test/fixtures/published/, README there), read as the widget reads
 * them: what state and outcome each shows, which steps failed with which code, which files are
 * listed and offered, which findings. The DescribeTaskDetail example is a successful HLS
 * transcode: it must never read as failed.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { normalizeTask } from '../../src/core/normalize.js';
import { parseTaskBody } from '../../src/core/parse.js';
import type { TaskView } from '../../src/core/view.js';
import { finishedWorkflow } from '../support/fixtures.js';

const published = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/published/${name}.json`, import.meta.url), 'utf8'),
  ) as Record<string, any>;

/** Parse + normalize, as the watcher does. */
function read(body: object): TaskView {
  const { detail, issues } = parseTaskBody(structuredClone(body));
  assert.deepEqual(issues, [], 'a published body parses without degrading');
  return normalizeTask(detail, issues);
}

/** A notification's task event, read as DescribeTaskDetail would report the same task. */
function readEvent(event: Record<string, any>, field: string, taskType: string): TaskView {
  const task = event[field];
  return read({ Response: { TaskType: taskType, Status: task.Status, [taskType]: task } });
}

const failedSteps = (v: TaskView) => v.subtasks.filter((s) => s.error).map((s) => s.error!.code);

describe('published bodies read right', () => {
  it('DescribeTaskDetail example (ErrCodeExt "SUCCESS"): success, its HLS output listed and offered', () => {
    const v = read(published('describe-task-detail-hls-transcode'));
    assert.equal(v.status, 'FINISH');
    assert.equal(v.outcome, 'success');
    assert.equal(v.error, null);
    assert.deepEqual(failedSteps(v), []);
    assert.deepEqual(
      v.subtasks.map((s) => [s.type, s.status, s.progress]),
      [['Transcode', 'SUCCESS', 100]],
    );
    assert.deepEqual(
      v.outputs.map((o) => [o.kind, o.path]),
      [['stream', '/out/videoplayback_transcode_210.m3u8']],
    );
    assert.equal(v.primaryOutput?.path, '/out/videoplayback_transcode_210.m3u8');
    assert.deepEqual(v.primaryOutput?.storage, {
      type: 'COS',
      bucket: 'output-125000****',
      region: 'ap-guangzhou',
    });
    assert.equal(v.source?.location, '/input/videoplayback.mp4');
  });

  it('DescribeTaskDetail example, 2019 revision (no ErrCodeExt): the same reading', () => {
    const v = read(published('describe-task-detail-hls-transcode-2019'));
    assert.equal(v.outcome, 'success');
    assert.equal(v.primaryOutput?.kind, 'stream');
    assert.equal(v.outputs.length, 1);
  });

  it('ParseNotification example: success with its MP4 listed; Progress 0 on a done step reads 100; no S3 secret survives', () => {
    const body = published('parse-notification-workflow-mp4').Response;
    const v = readEvent(body, 'WorkflowTaskEvent', 'WorkflowTask');
    assert.equal(v.outcome, 'success');
    assert.deepEqual(failedSteps(v), []);
    assert.equal(v.subtasks[0].progress, 100);
    assert.deepEqual(
      v.outputs.map((o) => [o.kind, o.path, o.size]),
      [['video', '/movie/201907/WildAnimal_transcode_20.mp4', 4189073]],
    );
    assert.equal(v.primaryOutput?.path, '/movie/201907/WildAnimal_transcode_20.mp4');
    assert.equal(v.outputs[0].definition, 20, "Definition 0 is no template: the step's own");
    const shown = JSON.stringify(v);
    assert.doesNotMatch(shown, /S3Secret|AKID|sk\*/);
  });

  it('event-notification sample of the product docs: success, one MP4 output', () => {
    const v = readEvent(
      published('event-notification-workflow-watermark'),
      'WorkflowTaskEvent',
      'WorkflowTask',
    );
    assert.equal(v.outcome, 'success');
    assert.deepEqual(
      v.outputs.map((o) => [o.kind, o.path, o.definition]),
      [['video', '/dasda/dianping2_transcode_10.mp4', 10]],
    );
  });

  it('ParseLiveStreamProcessNotification example: a live task shows the review finding', () => {
    const notification = published('parse-live-stream-process-notification-review').Response;
    const v = read({
      Response: {
        TaskType: 'LiveStreamProcessTask',
        Status: 'PROCESSING',
        // What the status handler serves: DescribeTaskDetail's task with the latest findings laid on.
        LiveStreamProcessTask: {
          TaskId: notification.TaskId,
          Status: 'PROCESSING',
          ErrCode: 0,
          Message: '',
          Url: 'rtmp://live.example.com/live/stream1',
          AiReviewResultInfo: notification.AiReviewResultInfo,
        },
      },
    });
    assert.equal(v.outcome, 'pending');
    assert.deepEqual(
      v.facts.map((f) => [f.key, f.value]),
      [
        ['suggestion', 'block'],
        ['label', 'sexual_moan'],
      ],
    );
  });
});

describe('success as MPS writes it, and what wins when fields disagree', () => {
  const stepWith = (fields: Record<string, unknown>) =>
    read({
      Response: finishedWorkflow({}, [
        { Output: { Path: '/o.mp4' }, ...fields },
        { Status: 'SUCCESS', ErrCode: 0, Output: { Path: '/p.mp4' } },
      ]),
    });
  for (const ext of ['', '0', 'SUCCESS', 'success', 'Success ']) {
    it(`ErrCodeExt ${JSON.stringify(ext)} with Status SUCCESS is success`, () => {
      assert.equal(stepWith({ Status: 'SUCCESS', ErrCode: 0, ErrCodeExt: ext }).outcome, 'success');
    });
  }
  it('an ErrCodeExt that names an error fails the step, even beside Status SUCCESS', () => {
    const v = stepWith({ Status: 'SUCCESS', ErrCode: 0, ErrCodeExt: 'FailedOperation.Encode' });
    assert.equal(v.outcome, 'partial');
    assert.deepEqual(failedSteps(v), ['FailedOperation.Encode']);
  });
  it('a non-zero ErrCode fails the step, even beside Status SUCCESS and ErrCodeExt "SUCCESS"', () => {
    const v = stepWith({ Status: 'SUCCESS', ErrCode: 30010, ErrCodeExt: 'SUCCESS' });
    assert.deepEqual(failedSteps(v), ['30010']);
  });
  it('Status FAIL fails the step, even with ErrCode 0 and ErrCodeExt "SUCCESS"', () => {
    const v = stepWith({ Status: 'FAIL', ErrCode: 0, ErrCodeExt: 'SUCCESS', Message: 'x' });
    assert.deepEqual(failedSteps(v), ['FAIL']);
    assert.equal(v.primaryOutput?.path, '/p.mp4', 'a failed step offers no output');
  });
});
