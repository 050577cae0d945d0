import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { normalizeTask } from '../../src/core/normalize.js';
import { parseTaskBody } from '../../src/core/parse.js';
import { memoryBroadcaster, type TaskEvent } from '../../src/server/broadcaster.js';
import { createTaskStatusHandler } from '../../src/server/handler.js';
import { toNodeListener } from '../../src/server/node-adapter.js';
import { createNotificationHandler } from '../../src/server/notifications.js';
import { startSimulatorNotifier } from '../../src/server/notifier.js';
import { SCENARIOS } from '../../src/simulator/scenarios.js';
import { MpsSimulator, frozenTask } from '../../src/simulator/simulator.js';

const KEY = 'notify-key-0123';
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const now = 1_800_000_000_000;
const broadcaster = memoryBroadcaster();
const handler = createNotificationHandler({ notifyKey: KEY, broadcaster, now: () => now });
let server: Server;
let url = '';

before(async () => {
  server = createServer(toNodeListener(handler, { maxBodyBytes: 2 * 1024 * 1024 }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mps/notify`;
});
after(() => new Promise((r) => server.close(r)));

/** A notification as MPS sends it: the task event, an expiry 10 min ahead, and its Sign. */
function notification(field = 'WorkflowTaskEvent', extra: Record<string, unknown> = {}) {
  const detail = (frozenTask('success', 120_000).body as { Response: Record<string, any> })
    .Response;
  const task =
    field === 'WorkflowTaskEvent'
      ? detail.WorkflowTask
      : { TaskId: `task-${field}-${Math.random()}`, Status: 'FINISH', ErrCode: 0 };
  const Timestamp = Math.floor(now / 1000) + 600;
  return {
    EventType: field.replace(/Event$/, ''),
    [field]: task,
    SessionId: '',
    SessionContext: '',
    Timestamp,
    Sign: md5(String(Timestamp) + KEY),
    ...extra,
  };
}

const post = (body: unknown, init: RequestInit = {}) =>
  fetch(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
    ...init,
  });

describe('createNotificationHandler (MPS URL callbacks)', () => {
  it('accepts a signed notification and publishes the task event, secrets stripped', async () => {
    const n = notification();
    const task = n.WorkflowTaskEvent as Record<string, unknown>;
    task.TaskNotifyConfig = { NotifyKey: 'must-not-leak', NotifyUrl: 'https://x' };
    const heard: TaskEvent[] = [];
    const off = broadcaster.subscribe(task.TaskId as string, (e) => heard.push(e));
    const res = await post(n);
    off();
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true, taskId: task.TaskId });
    assert.equal(heard.length, 1);
    assert.equal(heard[0].eventType, 'WorkflowTask');
    assert.equal(heard[0].task.Status, 'FINISH');
    assert.doesNotMatch(JSON.stringify(heard[0]), /must-not-leak/);
  });

  it('accepts every event kind the SDK declares (and live schedules)', async () => {
    for (const field of [
      'EditMediaTaskEvent',
      'ScheduleTaskEvent',
      'LiveScheduleTaskEvent',
      'BatchTaskEvent',
      'ExtractBlindWatermarkTask',
    ]) {
      const n = notification(field);
      const taskId = (n[field] as { TaskId: string }).TaskId;
      const heard: string[] = [];
      const off = broadcaster.subscribe(taskId, (e) => heard.push(e.eventType));
      const res = await post(n);
      off();
      assert.equal(res.status, 200, field);
      assert.equal(heard.length, 1, field);
    }
  });

  it('refuses a bad signature, a missing one and an expired one with 401 and a clear body', async () => {
    const bad = notification('WorkflowTaskEvent', { Sign: md5('nope') });
    const res = await post(bad);
    assert.equal(res.status, 401);
    assert.match(((await res.json()) as { error: string }).error, /signature does not match/);
    const { Sign: _unused, ...unsigned } = notification();
    assert.equal((await post(unsigned)).status, 401);
    const past = Math.floor(now / 1000) - 1;
    const expired = notification('WorkflowTaskEvent', {
      Timestamp: past,
      Sign: md5(String(past) + KEY),
    });
    const late = await post(expired);
    assert.equal(late.status, 401);
    assert.match(((await late.json()) as { error: string }).error, /expired/);
    assert.equal((await post(notification('WorkflowTaskEvent', { Sign: 12345 }))).status, 401);
  });

  it('refuses a replay of a notification already accepted', async () => {
    const n = notification('ScheduleTaskEvent');
    assert.equal((await post(n)).status, 200);
    const again = await post(n);
    assert.equal(again.status, 401);
    assert.match(((await again.json()) as { error: string }).error, /replay/);
  });

  it('a replay dressed differently is still a replay: whitespace, key order, a string Timestamp, an upper-case Sign', async () => {
    const n = notification('ScheduleTaskEvent') as Record<string, unknown>;
    assert.equal((await post(n)).status, 200);
    const reordered = Object.fromEntries(Object.entries(n).reverse());
    const dressed = [
      JSON.stringify(n, null, 2),
      JSON.stringify(reordered),
      JSON.stringify({ ...n, Timestamp: String(n.Timestamp) }),
      JSON.stringify({ ...n, Sign: String(n.Sign).toUpperCase() }),
    ];
    for (const body of dressed) assert.equal((await post(body)).status, 401, body.slice(0, 60));
  });

  it('bounds what one signature can cost: genuine notifications of one second share it, a captured one cannot be spent without end', async () => {
    const own = createNotificationHandler({ notifyKey: KEY, now: () => now, maxPerSignature: 50 });
    const call = (body: unknown) =>
      own(new Request('http://x/notify', { method: 'POST', body: JSON.stringify(body) }));
    // The same Timestamp and Sign, other tasks: as MPS sends within one second, and as a replay
    // with forged bodies would.
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++)
      statuses.push((await call(notification('ScheduleTaskEvent'))).status);
    assert.equal(statuses.filter((s) => s === 200).length, 50);
    assert.deepEqual([...new Set(statuses.slice(50))], [429]);
  });

  it('refuses a signature valid for longer than a day (configurable)', async () => {
    const Timestamp = Math.floor(now / 1000) + 2 * 86_400;
    const far = { ...notification(), Timestamp, Sign: md5(String(Timestamp) + KEY) };
    const res = await post(far);
    assert.equal(res.status, 401);
    assert.match(((await res.json()) as { error: string }).error, /too long/);
  });

  it('answers malformed requests with 4xx, never 500', async () => {
    assert.equal((await post('{not json')).status, 400);
    assert.equal((await post('[1,2]')).status, 400);
    assert.equal((await post('null')).status, 400);
    assert.equal(
      (await post(notification('WorkflowTaskEvent', { WorkflowTaskEvent: 'x' }))).status,
      400,
    );
    assert.equal((await fetch(url)).status, 405);
    const huge = JSON.stringify({ ...notification(), Padding: 'x'.repeat(1_100_000) });
    assert.equal((await post(huge)).status, 413);
  });

  it('lets a notification in again when it could not be passed on (MPS retries it)', async () => {
    let fail = true;
    const flaky = createNotificationHandler({
      notifyKey: KEY,
      now: () => now,
      broadcaster: {
        publish() {
          if (fail) throw new Error('down');
        },
        subscribe: () => () => {},
      },
    });
    const n = JSON.stringify(notification());
    const request = () => new Request(url, { method: 'POST', body: n });
    assert.equal((await flaky(request())).status, 503);
    fail = false;
    assert.equal((await flaky(request())).status, 200);
  });
});

describe('startSimulatorNotifier (the simulator as MPS with NotifyMode "Change")', () => {
  it('POSTs a signed notification on every state change, accepted by the receiver, FINISH last', async () => {
    let clock = now;
    const sim = new MpsSimulator({ now: () => clock, seed: 3 });
    const receiver = createNotificationHandler({ notifyKey: KEY, now: () => clock });
    const id = sim.createTask({ scenario: 'success' });
    const statuses: string[] = [];
    let finishedAt = 0;
    receiver.broadcaster.subscribe(id, (event) => {
      statuses.push(String(event.task.Status));
      if (event.task.Status === 'FINISH') finishedAt = clock;
    });
    const notifier = startSimulatorNotifier(sim, {
      url: 'http://receiver/notify',
      notifyKey: KEY,
      now: () => clock,
      intervalMs: 3_600_000, // looked at below, every 50 ms of virtual time
      fetch: ((_u: string, init?: RequestInit) =>
        receiver(new Request('http://receiver/notify', init))) as typeof fetch,
    });
    while (!finishedAt && clock < sim.finishTime(id)! + 60_000) {
      clock += 50;
      notifier.tick();
      await new Promise((r) => setImmediate(r));
    }
    notifier.stop();
    assert.equal(statuses[0], 'WAITING');
    assert.ok(statuses.includes('PROCESSING'));
    assert.equal(statuses.at(-1), 'FINISH');
    assert.ok(statuses.length >= 4, `one per change (steps too): ${statuses.length}`);
    // Sent at the first look after the simulated finish.
    assert.ok(
      finishedAt - sim.finishTime(id)! <= 50,
      `${finishedAt - sim.finishTime(id)!} ms late`,
    );
  });
});

describe('the simulator notifies every scenario', () => {
  it('sends a FINISH for each scenario that finishes (blind watermark included), on a virtual clock', async () => {
    let clock = 1_800_000_000_000;
    const sim = new MpsSimulator({ now: () => clock, seed: 5 });
    const finishes = new Map<string, number>();
    const ids = new Map<string, string>();
    for (const scenario of SCENARIOS) {
      if (scenario === 'not-found') continue; // MPS has no such task: nothing to notify
      ids.set(sim.createTask({ scenario }), scenario);
    }
    const receiver = createNotificationHandler({ notifyKey: KEY, now: () => clock });
    const deliver = async (_url: string | URL | Request, init?: RequestInit) => {
      const response = await receiver(new Request('http://receiver/notify', init));
      const body = (await response.json()) as { taskId?: string };
      assert.equal(response.status, 200, JSON.stringify(body));
      return response;
    };
    for (const id of ids.keys()) {
      receiver.broadcaster.subscribe(id, (event) => {
        if (event.task.Status === 'FINISH') finishes.set(id, (finishes.get(id) ?? 0) + 1);
      });
    }
    const notifier = startSimulatorNotifier(sim, {
      url: 'http://receiver/notify',
      notifyKey: KEY,
      fetch: deliver as typeof fetch,
      now: () => clock,
      intervalMs: 3_600_000, // ticks are driven below, not by the timer
    });
    const last = Math.max(...[...ids.keys()].map((id) => sim.finishTime(id) ?? 0));
    while (clock <= last + 1000) {
      clock += 250;
      notifier.tick();
      await new Promise((r) => setImmediate(r));
    }
    notifier.stop();
    const missing = [...ids].filter(([id]) => finishes.get(id) !== 1).map(([, s]) => s);
    assert.deepEqual(missing, [], 'every scenario notified FINISH exactly once');
  });
});

describe('live-stream processing notifications', () => {
  /** The published ParseLiveStreamProcessNotification example as MPS POSTs it: signed, on the callback URL. */
  const liveNotification = (taskId: string) => {
    const example = JSON.parse(
      readFileSync(
        new URL(
          '../fixtures/published/parse-live-stream-process-notification-review.json',
          import.meta.url,
        ),
        'utf8',
      ),
    ).Response as Record<string, unknown>;
    const Timestamp = Math.floor(now / 1000) + 600;
    const { RequestId: _request, ...body } = example;
    return { ...body, TaskId: taskId, Timestamp, Sign: md5(String(Timestamp) + KEY) };
  };

  it('are verified like the others and published as a wake-up for their TaskId', async () => {
    const heard: TaskEvent[] = [];
    const off = broadcaster.subscribe('live-1', (e) => heard.push(e));
    const res = await post(liveNotification('live-1'));
    off();
    assert.equal(res.status, 200);
    assert.equal(heard.length, 1);
    assert.equal(heard[0].eventType, 'LiveStreamProcessTask');
    assert.equal(heard[0].task.NotificationType, 'AiReviewResult');
    const unsigned = { ...liveNotification('live-2'), Sign: 'f'.repeat(32) };
    assert.equal((await post(unsigned)).status, 401);
  });

  it('a widget following the live task sees the latest review finding, without another upstream call', async () => {
    const shared = memoryBroadcaster();
    let calls = 0;
    const status = createTaskStatusHandler({
      allowAnyTask: true,
      broadcaster: shared,
      now: () => now,
      source: async (taskId) => {
        calls++;
        return {
          TaskType: 'LiveStreamProcessTask',
          Status: 'PROCESSING',
          LiveStreamProcessTask: {
            TaskId: taskId,
            Status: 'PROCESSING',
            ErrCode: 0,
            Message: '',
            Url: 'rtmp://live.example.com/live/s1',
          },
        };
      },
    });
    const receiver = createNotificationHandler({
      notifyKey: KEY,
      broadcaster: shared,
      now: () => now,
    });
    const get = async () => {
      const res = await status(new Request('http://x/api/task?TaskId=live-9'));
      assert.equal(res.status, 200);
      const { detail } = parseTaskBody(await res.json());
      return { view: normalizeTask(detail), etag: res.headers.get('ETag') };
    };
    const before = await get();
    assert.deepEqual(before.view.facts, []);
    const res = await receiver(
      new Request('http://x/notify', {
        method: 'POST',
        body: JSON.stringify(liveNotification('live-9')),
      }),
    );
    assert.equal(res.status, 200);
    const after = await get();
    assert.deepEqual(
      after.view.facts.map((f) => [f.key, f.value]),
      [
        ['suggestion', 'block'],
        ['label', 'sexual_moan'],
      ],
    );
    assert.notEqual(after.etag, before.etag, 'the finding changes the ETag');
    assert.equal(calls, 1, 'served from the cache with the finding laid on');
  });
});
