import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createTaskStatusHandler,
  type TaskStatusHandlerOptions,
} from '../../src/server/handler.js';
import { tencentCloudSource } from '../../src/server/sources/tencent-cloud.js';
import { simulatorSource } from '../../src/server/sources/simulator.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import { FakeMps } from '../support/fake-mps.js';
import { allKeys } from '../support/fixtures.js';

// The SDK honours proxy variables; the fake MPS is on loopback.
for (const v of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) delete process.env[v];

const mps = new FakeMps();
const logs: { message: string; detail: Record<string, unknown> }[] = [];
let source: ReturnType<typeof tencentCloudSource>;
before(async () => {
  await mps.start();
  source = tencentCloudSource(mps.sourceOptions());
});
after(() => mps.stop());
beforeEach(() => {
  logs.length = 0;
});

const handler = (opts: Partial<TaskStatusHandlerOptions> = {}) =>
  createTaskStatusHandler({
    source,
    allowAnyTask: true,
    log: (message, detail) => logs.push({ message, detail }),
    ...opts,
  });
const get = (h: (r: Request) => Promise<Response>, id: string, init: RequestInit = {}) =>
  h(new Request(`http://app.test/api/task?TaskId=${encodeURIComponent(id)}`, init));
const json = async (res: Response) => (await res.json()) as { Response: Record<string, any> };

describe('createTaskStatusHandler with the real SDK against a fake MPS', () => {
  it('refuses to start without authorize or an explicit allowAnyTask', () => {
    assert.throws(() => createTaskStatusHandler({ source }), /allowAnyTask/);
  });

  it('answers all three request forms with a signed upstream call and MPS-shaped bodies', async () => {
    const h = handler({ cacheMs: 0 });
    const id = mps.sim.createTask({ scenario: 'success' });
    const before = mps.calls;
    const a = await json(await get(h, id));
    const b = await json(await h(new Request(`http://app.test/api/task/${id}`)));
    const c = await json(
      await h(
        new Request('http://app.test/api/task', {
          method: 'POST',
          body: JSON.stringify({ TaskId: id }),
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    );
    assert.equal(mps.calls - before, 3);
    assert.equal(mps.rejectedSignatures, 0);
    for (const r of [a, b, c]) {
      assert.equal(r.Response.WorkflowTask.TaskId, id);
      assert.match(r.Response.RequestId, /^[0-9a-f-]{36}$/);
    }
  });

  it('100 concurrent viewer requests for one task → 1 upstream call', async () => {
    const h = handler();
    const id = mps.sim.createTask({ scenario: 'success' });
    const before = mps.calls;
    mps.delayMs = 50;
    const answers = await Promise.all(Array.from({ length: 100 }, () => get(h, id)));
    mps.delayMs = 0;
    assert.equal(mps.calls - before, 1);
    assert.ok(answers.every((r) => r.status === 200));
    const etags = new Set(answers.map((r) => r.headers.get('etag')));
    assert.equal(etags.size, 1);
  });

  it('keeps FINISH answers longer than running ones', async () => {
    let t = Date.now();
    const h = handler({ now: () => t, cacheMs: 1000, finishedCacheMs: 60_000 });
    const running = mps.sim.createTask({ scenario: 'long-queue' });
    const c0 = mps.calls;
    await get(h, running);
    t += 1500;
    await get(h, running);
    assert.equal(mps.calls - c0, 2, 'running task refetched after cacheMs');
    const src = new MpsSimulator({ now: () => t, seed: 5 });
    const done = src.createTask({ scenario: 'success' });
    t += 120_000;
    let upstream = 0;
    const h2 = createTaskStatusHandler({
      source: async (id, ctx) => {
        upstream++;
        return simulatorSource(src)(id, ctx);
      },
      allowAnyTask: true,
      now: () => t,
    });
    await get(h2, done);
    t += 30_000;
    const res = await get(h2, done);
    assert.equal(upstream, 1, 'FINISH reused for 30 s');
    assert.match(res.headers.get('cache-control')!, /max-age=60/);
  });

  it('unauthorized viewer → 403 and no upstream call; authorized viewer gets private caching', async () => {
    const h = handler({
      allowAnyTask: false,
      authorize: (req, id) => req.headers.get('authorization') === `Bearer ${id.slice(-4)}`,
    });
    const id = mps.sim.createTask({ scenario: 'success' });
    const before = mps.calls;
    const denied = await get(h, id, { headers: { Authorization: 'Bearer nope' } });
    assert.equal(denied.status, 403);
    assert.equal((await json(denied)).Response.Error.Code, 'UnauthorizedOperation');
    assert.equal(mps.calls, before);
    const ok = await get(h, id, { headers: { Authorization: `Bearer ${id.slice(-4)}` } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('cache-control'), 'private, no-cache');
    assert.match(ok.headers.get('vary')!, /Authorization/);
    const throwing = handler({
      allowAnyTask: false,
      authorize: () => {
        throw new Error('db down');
      },
    });
    assert.equal((await get(throwing, id)).status, 403);
  });

  it('bad TaskId → 400 and no upstream call', async () => {
    const h = handler();
    const before = mps.calls;
    for (const bad of ['', 'x'.repeat(200), '../../etc/passwd', 'a b', '<script>', '-leading']) {
      const res = await get(h, bad);
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.equal((await json(res)).Response.Error.Code, 'InvalidParameterValue.TaskId');
    }
    const noBody = await h(
      new Request('http://app.test/api/task', { method: 'POST', body: '{"TaskId": 5}' }),
    );
    assert.equal(noBody.status, 400);
    assert.equal(
      (await h(new Request('http://app.test/api/task'))).status,
      400,
      'the route itself is not a task id',
    );
    assert.equal(mps.calls, before);
  });

  it('never forwards secrets, whatever MPS sends', async () => {
    const h = handler();
    const id = mps.sim.createTask({ scenario: 's3' });
    const res = await get(h, id);
    const text = await res.clone().text();
    for (const s of [
      'S3SecretKey',
      'S3SecretId',
      'NotifyKey',
      'EXAMPLESECRET',
      'AKIDEXAMPLE',
      'example-notify-key',
    ])
      assert.ok(!text.includes(s), s);
    const body = await json(res);
    assert.equal(body.Response.WorkflowTask.InputInfo.S3InputInfo.S3Bucket, 'media-in');
    const transformed = handler({
      transform: (r) => ({ ...r, Leak: { ApiSecret: 'x' }, Tenant: 'acme' }),
    });
    const t = await json(await get(transformed, id));
    assert.equal(t.Response.Tenant, 'acme');
    assert.ok(!allKeys(t).includes('ApiSecret'), 'transform output is stripped too');
  });

  it('maps each upstream error class to the widget contract, as MPS-style envelopes', async () => {
    const h = handler({ cacheMs: 0 });
    const id = mps.sim.createTask({ scenario: 'success' });
    const cases: [string, number, string, string | null][] = [
      ['ResourceNotFound', 404, 'ResourceNotFound', null],
      ['FailedOperation.TaskNotFound', 404, 'FailedOperation.TaskNotFound', null],
      ['RequestLimitExceeded.UinLimitExceeded', 429, 'RequestLimitExceeded.UinLimitExceeded', '1'],
      ['InternalError', 503, 'InternalError', '2'],
      ['ServiceUnavailable', 503, 'ServiceUnavailable', '2'],
      ['AuthFailure.SignatureExpire', 502, 'InternalError', null],
      ['FailedOperation.UserArrears', 502, 'InternalError', null],
    ];
    for (const [code, status, outCode, retryAfter] of cases) {
      mps.failNext(code);
      const res = await get(h, id);
      const body = await json(res);
      assert.equal(res.status, status, code);
      assert.equal(body.Response.Error.Code, outCode, code);
      assert.equal(res.headers.get('retry-after'), retryAfter, code);
      if (/Auth|Arrears/.test(code)) {
        assert.ok(
          !JSON.stringify(body).includes(code) &&
            !/key|secret|credential|arrears/i.test(body.Response.Error.Message),
          'viewers hear nothing about keys',
        );
        assert.equal(logs.at(-1)?.detail.code, code, 'the detail is logged server-side');
      }
    }
  });

  it('wrong credentials → 502 for viewers, the real reason in the log', async () => {
    const bad = createTaskStatusHandler({
      source: tencentCloudSource(mps.sourceOptions({ secretKey: 'wrong' })),
      allowAnyTask: true,
      log: (message, detail) => logs.push({ message, detail }),
    });
    const res = await get(bad, mps.sim.createTask({ scenario: 'success' }));
    assert.equal(res.status, 502);
    assert.equal(logs.at(-1)?.detail.code, 'AuthFailure.SignatureFailure');
  });

  it('no credentials: building the source does not throw (a `next build` in CI has none); a request is a 502 with the reason in the log', async () => {
    const saved = [process.env.TENCENTCLOUD_SECRET_ID, process.env.TENCENTCLOUD_SECRET_KEY];
    delete process.env.TENCENTCLOUD_SECRET_ID;
    delete process.env.TENCENTCLOUD_SECRET_KEY;
    try {
      const { secretId: _id, secretKey: _key, ...rest } = mps.sourceOptions();
      const unset = createTaskStatusHandler({
        source: tencentCloudSource(rest),
        allowAnyTask: true,
        log: (message, detail) => logs.push({ message, detail }),
      });
      const res = await get(unset, mps.sim.createTask({ scenario: 'success' }));
      assert.equal(res.status, 502);
      assert.doesNotMatch(
        await res.text(),
        /TENCENTCLOUD_SECRET/,
        'the reason is not told to viewers',
      );
      assert.match(String(logs.at(-1)?.detail.message), /needs secretId and secretKey/);
    } finally {
      if (saved[0] != null) process.env.TENCENTCLOUD_SECRET_ID = saved[0];
      if (saved[1] != null) process.env.TENCENTCLOUD_SECRET_KEY = saved[1];
    }
  });

  it('timeouts and unreachable MPS → 503 with Retry-After', async () => {
    const slow = createTaskStatusHandler({
      source: tencentCloudSource(mps.sourceOptions({ timeoutMs: 1000 })),
      allowAnyTask: true,
      log: () => {},
    });
    mps.delayMs = 2500;
    const res = await get(slow, mps.sim.createTask({ scenario: 'success' }));
    mps.delayMs = 0;
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '2');
    const down = createTaskStatusHandler({
      source: tencentCloudSource(mps.sourceOptions({ port: 1 })),
      allowAnyTask: true,
      log: () => {},
    });
    assert.equal((await get(down, 'abc-WorkflowTask-1')).status, 503);
  });

  it('304 on unchanged data (ETag / If-None-Match, weak comparison)', async () => {
    let t = Date.now();
    const h = handler({ now: () => t });
    const id = mps.sim.createTask({ scenario: 'long-queue' });
    const first = await get(h, id);
    const etag = first.headers.get('etag')!;
    assert.match(etag, /^"[0-9a-f]+"$/);
    t += 1500; // past cacheMs: a fresh upstream call, same content (RequestId aside)
    const again = await get(h, id, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    // The weak comparison of RFC 9110: nginx's gzip makes the page's copy `W/"…"`; a cache may
    // send a list, or `*`. Any other tag is a full answer.
    for (const sent of [`W/${etag}`, `"0", W/${etag}`, '*']) {
      const weak = await get(h, id, { headers: { 'If-None-Match': sent } });
      assert.equal(weak.status, 304, sent);
    }
    assert.equal((await get(h, id, { headers: { 'If-None-Match': '"0", W/"1"' } })).status, 200);
  });

  it('rate limit: beyond the upstream budget viewers get 429 with Retry-After', async () => {
    const t = Date.now();
    const h = handler({ now: () => t, upstreamRate: { perSecond: 2, burst: 3 } });
    const ids = Array.from({ length: 6 }, () => mps.sim.createTask({ scenario: 'success' }));
    const answers = [];
    for (const id of ids) answers.push(await get(h, id));
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 200, 200, 429, 429, 429],
    );
    const limited = await get(h, mps.sim.createTask({ scenario: 'success' }));
    // Each refused viewer gets its own slot (2/s → 0.5 s apart), so they do not return as a herd.
    const waits = [...answers.slice(3), limited].map((r) => Number(r.headers.get('retry-after')));
    assert.deepEqual(waits, [1, 1, 2, 2]);
    assert.equal((await get(h, ids[0])).status, 200, 'cached answers cost no token');
  });

  it('answers CORS only for allowed origins', async () => {
    const h = handler({ corsOrigin: ['https://cms.example'] });
    const id = mps.sim.createTask({ scenario: 'success' });
    const ok = await get(h, id, { headers: { Origin: 'https://cms.example' } });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://cms.example');
    assert.equal(ok.headers.get('access-control-expose-headers'), 'Date, ETag, Retry-After');
    const other = await get(h, id, { headers: { Origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});
