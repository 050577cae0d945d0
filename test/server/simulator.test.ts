import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { normalizeTask } from '../../src/core/normalize.js';
import { parseTaskBody } from '../../src/core/parse.js';
import { NOT_YET } from '../../src/core/time.js';
import { toNodeListener } from '../../src/server/node-adapter.js';
import { createSimulatorHandler } from '../../src/simulator/http.js';
import { SCENARIOS } from '../../src/simulator/scenarios.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';

let now = Date.UTC(2026, 10, 28, 12, 0, 0);
const sim = new MpsSimulator({ now: () => now, seed: 42 });
let server: Server;
let base = '';

before(async () => {
  server = createServer(toNodeListener(createSimulatorHandler(sim)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mps`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

async function create(scenario: string, extra: object = {}): Promise<string> {
  const res = await fetch(`${base}/tasks`, {
    method: 'POST',
    body: JSON.stringify({ scenario, ...extra }),
  });
  assert.equal(res.status, 201);
  return ((await res.json()) as { TaskId: string }).TaskId;
}
const get = (id: string) => fetch(`${base}/task?TaskId=${encodeURIComponent(id)}`);
const detail = async (id: string) =>
  ((await (await get(id)).json()) as { Response: Record<string, any> }).Response;

describe('simulator over HTTP', () => {
  it('answers all three request forms with the same task', async () => {
    const id = await create('success');
    const a = await (await get(id)).json();
    const b = await (await fetch(`${base}/task/${encodeURIComponent(id)}`)).json();
    const c = await (
      await fetch(`${base}/task`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ TaskId: id }),
      })
    ).json();
    const strip = (x: any) => ({ ...x.Response, RequestId: undefined });
    assert.deepEqual(strip(a), strip(b));
    assert.deepEqual(strip(a), strip(c));
    assert.equal(a.Response.WorkflowTask.TaskId, id);
    assert.match(id, /^2353030000-WorkflowTask-[0-9a-f]{32}$/);
    assert.equal(sim.requestCount(id), 3);
    const stats = await (await fetch(`${base}/stats?TaskId=${id}`)).json();
    assert.deepEqual(stats, { requests: 3 });
  });

  it('moves WAITING → PROCESSING → FINISH in time, with "not yet" times and rising Progress', async () => {
    const id = await create('success');
    let d = await detail(id);
    assert.equal(d.Status, 'WAITING');
    assert.equal(d.BeginProcessTime, NOT_YET);
    assert.equal(d.FinishTime, NOT_YET);
    assert.deepEqual(d.WorkflowTask.MediaProcessResultSet, []);
    now += 2000;
    d = await detail(id);
    assert.equal(d.Status, 'PROCESSING');
    assert.equal(
      Date.parse(d.BeginProcessTime) - Date.parse(d.CreateTime),
      2000,
      'queue wait = 2 s',
    );
    assert.equal(d.FinishTime, NOT_YET);
    const progress: number[] = [];
    for (let i = 0; i < 4; i++) {
      now += 4000;
      d = await detail(id);
      progress.push(d.WorkflowTask.MediaProcessResultSet[0].TranscodeTask.Progress);
    }
    assert.ok(
      progress.every((p, i) => p > 0 && (i === 0 || p > progress[i - 1])),
      `progress ${progress}`,
    );
    const snap = d.WorkflowTask.MediaProcessResultSet.find(
      (e: any) => e.Type === 'SnapshotByTimeOffset',
    ).SnapshotByTimeOffsetTask;
    assert.equal(snap.Status, 'SUCCESS');
    assert.equal(
      Date.parse(snap.FinishTime) - Date.parse(snap.BeginProcessTime),
      4000,
      'each subtask has its own timing',
    );
    now += 60_000;
    d = await detail(id);
    assert.equal(d.Status, 'FINISH');
    assert.equal(
      Date.parse(d.FinishTime),
      Math.floor(sim.finishTime(id)! / 1000) * 1000,
      'MPS times have 1 s precision',
    );
    assert.ok(
      d.WorkflowTask.MediaProcessResultSet.every((e: any) =>
        Object.values(e).some((v: any) => v?.Status === 'SUCCESS'),
      ),
    );
  });

  it('runs faster with a speed factor', async () => {
    const slow = await create('success');
    const fast = await create('success', { speed: 10 });
    now += 3000;
    assert.equal((await detail(slow)).Status, 'PROCESSING');
    assert.equal((await detail(fast)).Status, 'FINISH');
  });

  it('every scenario either parses against the schema or fails exactly as intended', async () => {
    const expected: Record<string, string> = {
      'not-found': 'not-found',
      'bad-json': 'invalid-json',
      'wrong-types': 'invalid',
    };
    for (const scenario of SCENARIOS) {
      const id = await create(scenario);
      for (const step of [0, 2500, 10_000, 120_000, 400_000]) {
        now += step;
        // Asked in-process (the HTTP layer is covered above; `slow` would add 2 s a request).
        let res = sim.describe(id);
        for (let i = 0; i < 20 && res.status !== 200; i++) res = sim.describe(id); // flaky: retry like a client
        const text = res.body;
        let outcome: string;
        try {
          const parsed = parseTaskBody(JSON.parse(text));
          const view = normalizeTask(parsed.detail, parsed.issues);
          outcome = 'ok';
          if (scenario === 'degraded' && view.status !== 'WAITING')
            assert.ok(view.issues.length > 0, 'degraded lists issues');
          else if (scenario !== 'degraded') assert.deepEqual(view.issues, [], `${scenario} issues`);
        } catch (e: any) {
          outcome = e instanceof SyntaxError ? 'invalid-json' : e.kind;
        }
        assert.equal(outcome, expected[scenario] ?? 'ok', `${scenario} at +${step}`);
      }
    }
  });

  it('answers ResourceNotFound (HTTP 200, MPS style) for unknown ids', async () => {
    const res = await get('2353030000-WorkflowTask-00000000000000000000000000000000');
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.equal(body.Response.Error.Code, 'ResourceNotFound');
    assert.match(body.Response.RequestId, /^[0-9a-f-]{36}$/);
  });

  it('flaky: a share of 500/503/429, with Retry-After on 503 and 429', async () => {
    const id = await create('flaky');
    const seen = new Map<number, string | null>();
    for (let i = 0; i < 60; i++) {
      const res = await get(id);
      seen.set(res.status, res.headers.get('retry-after'));
      await res.arrayBuffer();
    }
    assert.deepEqual([...seen.keys()].sort(), [200, 429, 500, 503]);
    assert.equal(seen.get(503), '1');
    assert.equal(seen.get(429), '2');
  });

  it('source failure, subtask failure, EditMedia and Schedule shapes', async () => {
    const ids = {
      src: await create('source-failure'),
      sub: await create('subtask-failure'),
      edit: await create('edit-media'),
      sched: await create('schedule'),
    };
    now += 120_000;
    const src = await detail(ids.src);
    assert.equal(src.WorkflowTask.ErrCode, 30009);
    assert.equal(src.Status, 'FINISH');
    const sub = await detail(ids.sub);
    const failed = sub.WorkflowTask.MediaProcessResultSet.filter(
      (e: any) => (e.TranscodeTask ?? e.AnimatedGraphicTask)?.Status === 'FAIL',
    );
    assert.equal(failed.length, 2);
    assert.ok(
      failed.every((e: any) => (e.TranscodeTask ?? e.AnimatedGraphicTask).ErrCodeExt.length > 0),
    );
    const edit = await detail(ids.edit);
    assert.equal(edit.TaskType, 'EditMediaTask');
    assert.equal(edit.EditMediaTask.Output.Path, '/output/videoplayback_edit.mp4');
    const sched = await detail(ids.sched);
    assert.equal(sched.TaskType, 'ScheduleTask');
    assert.equal(sched.ScheduleTask.ActivityResultSet.length, 4);
  });

  it('s3: credentials are in the raw MPS body (as real MPS may send) — the client must strip them', async () => {
    const id = await create('s3');
    now += 60_000;
    const text = await (await get(id)).text();
    assert.ok(text.includes('S3SecretKey') && text.includes('NotifyKey'));
    const view = normalizeTask(parseTaskBody(JSON.parse(text)).detail);
    assert.ok(!JSON.stringify(view).includes('EXAMPLESECRET'));
    assert.equal(view.source?.type, 'AWS-S3');
  });

  it('slow: adds latency to each answer', async () => {
    const id = await create('slow');
    const t0 = performance.now();
    await (await get(id)).arrayBuffer();
    assert.ok(performance.now() - t0 >= 1900);
  });

  it('rejects unknown scenarios and answers CORS preflight', async () => {
    const bad = await fetch(`${base}/tasks`, {
      method: 'POST',
      body: JSON.stringify({ scenario: 'nope' }),
    });
    assert.equal(bad.status, 400);
    const pre = await fetch(`${base}/task`, { method: 'OPTIONS' });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-expose-headers'), 'Date, ETag, Retry-After');
  });

  it('forgets tasks after the retention period, like MPS', async () => {
    const id = await create('success');
    now += 4 * 86_400_000;
    assert.equal((await detail(id)).Error.Code, 'ResourceNotFound');
  });
});
