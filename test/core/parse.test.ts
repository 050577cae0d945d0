import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TaskStatusError } from '../../src/core/errors.js';
import { normalizeTask } from '../../src/core/normalize.js';
import { parseTaskBody } from '../../src/core/parse.js';
import { allKeys, seed } from '../support/fixtures.js';

const throwsKind = (fn: () => unknown, kind: string, extra: Partial<TaskStatusError> = {}) =>
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TaskStatusError, `not a TaskStatusError: ${e}`);
    assert.equal(e.kind, kind);
    for (const [k, v] of Object.entries(extra)) assert.equal((e as any)[k], v, k);
    return true;
  });

describe('parseTaskBody', () => {
  it('accepts the MPS envelope and the bare inner object alike', () => {
    const enveloped = parseTaskBody(seed());
    const bare = parseTaskBody(seed().Response);
    assert.deepEqual(enveloped, bare);
    assert.equal(enveloped.detail.Status, 'FINISH');
    assert.deepEqual(enveloped.issues, []);
  });

  it('keeps unknown fields as the API grows', () => {
    const body = seed();
    body.Response.BrandNewField = { nested: 1 };
    body.Response.WorkflowTask.MetaData.HdrType = 'HDR10';
    const { detail } = parseTaskBody(body);
    assert.deepEqual((detail as any).BrandNewField, { nested: 1 });
    assert.equal((detail as any).WorkflowTask.MetaData.HdrType, 'HDR10');
  });

  it('turns an error envelope into an API error with code, message and request id', () => {
    const env = (Code: string) => ({
      Response: { Error: { Code, Message: `msg ${Code}` }, RequestId: 'req-1' },
    });
    throwsKind(() => parseTaskBody(env('ResourceNotFound')), 'not-found', {
      code: 'ResourceNotFound',
      message: 'msg ResourceNotFound',
      requestId: 'req-1',
      retryable: false,
    });
    throwsKind(() => parseTaskBody(env('ResourceNotFound.TaskNotFound')), 'not-found');
    throwsKind(() => parseTaskBody(env('FailedOperation.TaskNotFound')), 'not-found');
    throwsKind(() => parseTaskBody(env('InvalidParameterValue.TaskId')), 'not-found');
    throwsKind(() => parseTaskBody(env('AuthFailure.SignatureFailure')), 'unauthorized', {
      retryable: false,
    });
    throwsKind(() => parseTaskBody(env('UnauthorizedOperation')), 'unauthorized');
    throwsKind(() => parseTaskBody(env('RequestLimitExceeded.UinLimitExceeded')), 'api', {
      retryable: true,
      paced: true,
    });
    throwsKind(() => parseTaskBody(env('InternalError')), 'api', { retryable: true });
    throwsKind(() => parseTaskBody(env('ServiceUnavailable')), 'api', { retryable: true });
    throwsKind(() => parseTaskBody(env('FailedOperation.UserArrears')), 'api', {
      retryable: false,
    });
  });

  it('rejects bodies that are not recognisably a task, naming the first bad path', () => {
    throwsKind(() => parseTaskBody('hello'), 'invalid', { path: '(root)' });
    throwsKind(() => parseTaskBody([1, 2]), 'invalid', { path: '(root)' });
    throwsKind(() => parseTaskBody({ Response: 'x' }), 'invalid', { path: 'Response' });
    throwsKind(() => parseTaskBody({ Response: { TaskType: 'WorkflowTask' } }), 'invalid', {
      path: 'Status',
    });
    throwsKind(() => parseTaskBody({ Response: { Status: 3 } }), 'invalid', { path: 'Status' });
    throwsKind(() => parseTaskBody({ Response: { Status: 3, WorkflowTask: 'none' } }), 'invalid', {
      path: 'Status',
    });
  });

  it('degrades a list or object of the wrong type to unknown too, keeping the rest', () => {
    const listAsString = seed();
    listAsString.Response.WorkflowTask.MediaProcessResultSet = 'none';
    listAsString.Response.WorkflowTask.InputInfo = 7;
    const { detail, issues } = parseTaskBody(listAsString);
    assert.deepEqual(issues.map((i) => i.path).sort(), [
      'WorkflowTask.InputInfo',
      'WorkflowTask.MediaProcessResultSet',
    ]);
    assert.equal(detail.Status, 'FINISH');
    assert.equal(detail.WorkflowTask?.MediaProcessResultSet, undefined);
  });

  it("accepts a body without the top-level Status (optional in the SDK), taking the task object's", () => {
    const body = seed();
    delete body.Response.Status;
    const { detail } = parseTaskBody(body);
    const view = normalizeTask(detail);
    assert.equal(view.status, body.Response.WorkflowTask.Status);
  });

  it('degrades a wrong type in a leaf to unknown and lists it, keeping everything else', () => {
    const body = seed();
    const out = body.Response.WorkflowTask.MediaProcessResultSet[0].TranscodeTask.Output;
    out.Bitrate = '353 kbps';
    out.VideoStreamSet[0].Fps = 'fast';
    body.Response.CreateTime = 12345;
    const { detail, issues } = parseTaskBody(body);
    assert.deepEqual(issues.map((i) => i.path).sort(), [
      'CreateTime',
      'WorkflowTask.MediaProcessResultSet.0.TranscodeTask.Output.Bitrate',
      'WorkflowTask.MediaProcessResultSet.0.TranscodeTask.Output.VideoStreamSet.0.Fps',
    ]);
    assert.match(
      issues.find((i) => i.path === 'CreateTime')!.problem,
      /expected string, got number/,
    );
    const view = normalizeTask(detail, issues);
    assert.equal(view.outputs[0].bitrate, null);
    assert.equal(view.outputs[0].fps, null);
    assert.equal(view.outputs[0].width, 320, 'the rest of the output survives');
    assert.equal(view.createdAt, null);
    assert.equal(view.issues.length, 3);
  });

  it('never lets credentials into the parsed task', () => {
    const body = seed();
    body.Response.TaskNotifyConfig = {
      NotifyType: 'URL',
      NotifyUrl: 'https://x',
      NotifyKey: 'k3y',
    };
    body.Response.WorkflowTask.InputInfo = {
      Type: 'AWS-S3',
      S3InputInfo: {
        S3Bucket: 'b',
        S3Region: 'r',
        S3Object: '/a.mp4',
        S3SecretId: 'AKID',
        S3SecretKey: 'SK',
      },
    };
    body.Response.WorkflowTask.MediaProcessResultSet[0].TranscodeTask.Output.OutputStorage = {
      Type: 'AWS-S3',
      S3OutputStorage: { S3Bucket: 'o', S3Region: 'r', S3SecretId: 'AKID2', S3SecretKey: 'SK2' },
    };
    body.Response.WorkflowTask.MediaProcessResultSet[0].TranscodeTask.Output.DrmInfo = {
      SimpleAesDrm: { Uri: 'u', Key: 'aes-key' },
    };
    const { detail } = parseTaskBody(body);
    const keys = allKeys(detail);
    for (const secret of ['NotifyKey', 'S3SecretId', 'S3SecretKey', 'Key'])
      assert.ok(!keys.includes(secret), secret);
    const text = JSON.stringify(detail);
    for (const value of ['k3y', 'AKID', 'SK2', 'aes-key'])
      assert.ok(!text.includes(`"${value}"`), value);
    assert.equal(normalizeTask(detail).source?.location, '/a.mp4');
  });

  it("does not modify the caller's object", () => {
    const body = seed();
    body.Response.WorkflowTask.MetaData.Duration = 'long';
    const before = JSON.stringify(body);
    parseTaskBody(body);
    assert.equal(JSON.stringify(body), before);
  });
});
