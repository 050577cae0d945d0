/**
 * What fuzzing and hostile probes broke, one regression test each (issue "Unbreakable on bad
 * input", items 1–5 and 10). Each failed before its fix.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TaskStatusError } from '../../src/core/errors.js';
import { readTask } from '../../src/core/reader-chunk.js';
import { parseTaskBody } from '../../src/core/parse.js';
import { redactUrl, stripSecrets } from '../../src/core/secrets.js';
import { aiWorkflow, scheduleAi } from '../fixtures/kinds.js';
import { allKeys, seed } from '../support/fixtures.js';

const clone = <T>(value: T): any => structuredClone(value);

describe('hostile and broken bodies', () => {
  it('1. wrong types in fields read past the schema never crash normalization', () => {
    const schedule = clone(scheduleAi);
    schedule.ScheduleTask.ActivityResultSet[0].ActivityResItem.TranscodeTask.Output.ImagePathSet =
      'x';
    const workflow = clone(aiWorkflow);
    workflow.WorkflowTask.MediaProcessResultSet.push({
      Type: 'AdaptiveDynamicStreaming',
      AdaptiveDynamicStreamingTask: { Status: 'SUCCESS', Output: { VideoStreamSet: 0, Path: 7 } },
    });
    workflow.WorkflowTask.AiAnalysisResultSet[0].CoverTask.FinishTime = true;
    workflow.WorkflowTask.AiAnalysisResultSet.push({
      Type: 'Future',
      FutureTask: { Status: 'SUCCESS', BeginProcessTime: 42, Output: { CoverSet: 'x', Path: [] } },
    });
    for (const body of [schedule, workflow]) {
      const view = readTask({ Response: body });
      assert.ok(view.subtasks.length > 0);
      for (const output of view.outputs) assert.ok(Array.isArray(output.imagePaths));
    }
    const { issues } = parseTaskBody({ Response: workflow });
    assert.ok(
      issues.some((i) => i.path.endsWith('CoverTask.FinishTime')),
      'listed as unknown',
    );
  });

  it('2. an error envelope whose Code is an object is an API error, not a crash', () => {
    for (const code of [{}, { toString: 1 }, [], 5, null]) {
      assert.throws(
        () => parseTaskBody({ Response: { Error: { Code: code, Message: { x: 1 } } } }),
        (e: unknown) => e instanceof TaskStatusError && e.code === 'UnknownError',
      );
    }
  });

  it('3. nesting 100,000 levels deep is cut, not a stack overflow; the task still reads', () => {
    const depth = 100_000;
    const deep = JSON.parse(
      `{"Status":"PROCESSING","Extra":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
    );
    const view = readTask({ Response: deep });
    assert.equal(view.status, 'PROCESSING');
    assert.doesNotThrow(() => JSON.stringify(stripSecrets(deep)));
  });

  it('4. negative sizes and durations are unknown; progress is clamped to 0–100', () => {
    const body = clone(aiWorkflow);
    const out = body.WorkflowTask.MediaProcessResultSet[0].TranscodeTask.Output;
    out.Size = -1;
    out.Duration = -5;
    out.Bitrate = -Infinity;
    body.Status = 'PROCESSING';
    body.WorkflowTask.MediaProcessResultSet[0].TranscodeTask.Status = 'PROCESSING';
    body.WorkflowTask.MediaProcessResultSet[0].TranscodeTask.Progress = 250;
    body.WorkflowTask.SmartEraseTaskResult.Status = 'PROCESSING';
    body.WorkflowTask.SmartEraseTaskResult.Progress = -30;
    const view = readTask({ Response: body });
    const transcode = view.outputs.find((o) => o.subtaskType === 'Transcode')!;
    assert.deepEqual([transcode.size, transcode.duration, transcode.bitrate], [null, null, null]);
    assert.equal(view.subtasks.find((s) => s.type === 'Transcode')!.progress, 100);
    assert.equal(view.subtasks.find((s) => s.type === 'SmartErase')!.progress, 0);
    assert.ok(view.progress! >= 0 && view.progress! <= 100);
  });

  it('5. a "__proto__" key cannot make a body read as FINISH', () => {
    const body = JSON.parse('{"Response":{"__proto__":{"Status":"FINISH"}}}');
    assert.throws(
      () => parseTaskBody(body),
      (e: unknown) => (e as TaskStatusError).kind === 'invalid',
    );
    const copy = stripSecrets(JSON.parse('{"__proto__":{"polluted":1},"a":1}'));
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.equal((copy as { polluted?: number }).polluted, undefined);
  });

  it('10. more credential names and presigned URL parameters never survive', () => {
    const body = seed();
    Object.assign(body.Response.WorkflowTask, {
      AccessKeyId: 'AKIA',
      Passphrase: 'p',
      Authorization: 'Bearer x',
      Cookie: 'sid=1',
      KeyId: 'k',
    });
    body.Response.WorkflowTask.InputInfo = {
      Type: 'URL',
      UrlInputInfo: {
        Url: 'https://b.cos.ap-guangzhou.myqcloud.com/in.mp4?q-sign-algorithm=sha1&q-ak=AKIDx&q-signature=abc&v=2',
      },
    };
    const { detail } = parseTaskBody(body);
    const keys = allKeys(detail);
    for (const secret of ['AccessKeyId', 'Passphrase', 'Authorization', 'Cookie', 'KeyId']) {
      assert.ok(!keys.includes(secret), secret);
    }
    const view = readTask(body);
    assert.equal(view.source?.location, 'https://b.cos.ap-guangzhou.myqcloud.com/in.mp4?v=2');
    assert.equal(
      redactUrl('https://s3.amazonaws.com/b/k.mp4?X-Amz-Credential=a&X-Amz-Signature=b#t=1'),
      'https://s3.amazonaws.com/b/k.mp4#t=1',
    );
    assert.equal(redactUrl('plain text ? with q-ak=1'), 'plain text ? with q-ak=1');
  });
});
