import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { memoryBroadcaster } from '../../src/server/broadcaster.js';
import {
  createTaskStatusHandler,
  type TaskStatusHandlerOptions,
} from '../../src/server/handler.js';
import { toNodeListener } from '../../src/server/node-adapter.js';
import { createNotificationHandler } from '../../src/server/notifications.js';
import { startSimulatorNotifier } from '../../src/server/notifier.js';
import { simulatorSource } from '../../src/server/sources/simulator.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import { dataOf, openStream } from '../support/sse.js';
import { until } from '../support/until.js';
import { serveVirtual } from '../support/virtual-server.js';

const servers: Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/** The status handler on a loopback port, in front of a simulator. */
async function serve(options: Partial<TaskStatusHandlerOptions> = {}, sim = new MpsSimulator()) {
  const handler = createTaskStatusHandler({
    source: simulatorSource(sim),
    allowAnyTask: true,
    ...options,
  });
  const notify = options.broadcaster
    ? createNotificationHandler({ notifyKey: 'k', broadcaster: options.broadcaster })
    : null;
  const statusListener = toNodeListener(handler);
  const notifyListener = notify && toNodeListener(notify);
  const server = createServer((req, res) =>
    req.url?.startsWith('/notify') && notifyListener
      ? void notifyListener(req, res)
      : void statusListener(req, res),
  );
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { handler, sim, origin, url: `${origin}/api/task` };
}

describe('server-sent events from the status handler', () => {
  it('frames: retry, hello, then the task with its ETag as id, the same body as GET', async () => {
    const { url, sim } = await serve();
    const id = sim.createTask({ scenario: 'success' });
    const stream = await openStream(`${url}?TaskId=${id}`);
    assert.equal(stream.response.status, 200);
    assert.match(stream.response.headers.get('Content-Type')!, /^text\/event-stream/);
    assert.equal(stream.response.headers.get('Cache-Control'), 'no-cache, no-transform');
    const task = await stream.next((e) => e.event === 'task');
    assert.match(
      stream.text(),
      /^retry: 2000\nevent: hello\ndata: \{"heartbeatMs":15000,"tasks":1\}\n\n/,
    );
    const get = await fetch(`${url}?TaskId=${id}`);
    assert.equal(task.lastEventId, get.headers.get('ETag'));
    const body = dataOf(task);
    assert.equal(body.TaskId, id);
    const { RequestId: _a, ...streamed } = body.Response;
    const { RequestId: _b, ...polled } = ((await get.json()) as { Response: object })
      .Response as Record<string, unknown>;
    assert.deepEqual(streamed, polled);
    stream.close();
  });

  it('follows many tasks on one stream (POST), skipping what the client already has, even by a weakened ETag', async () => {
    const { url, sim, time, call, open } = serveVirtual();
    const ids = [1, 2, 3].map(() => sim.createTask({ scenario: 'long-queue' }));
    const etag = (await call(`${url}?TaskId=${ids[0]}`)).headers.get('ETag')!;
    const stream = await open(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // As a poll's ETag reaches the page through nginx's gzip: weak.
      body: JSON.stringify({ TaskIds: ids, Known: { [ids[0]]: `W/${etag}` } }),
    });
    await time.advance(500); // the task is still WAITING: its body has not changed
    assert.ok(stream.events.some((e) => e.event === 'task' && dataOf(e).TaskId === ids[2]));
    assert.ok(stream.events.some((e) => e.event === 'task' && dataOf(e).TaskId === ids[1]));
    assert.equal(
      stream.events.filter((e) => e.event === 'task' && dataOf(e).TaskId === ids[0]).length,
      0,
    );
    stream.close();
  });

  it('resumes with Last-Event-ID: what the client saw last is not sent again', async () => {
    const { url, sim, time, open } = serveVirtual();
    const id = sim.createTask({ scenario: 'long-queue' });
    const first = await open(`${url}?TaskId=${id}`);
    await time.advance(10);
    const seen = first.events.find((e) => e.event === 'task')!;
    first.close();
    const again = await open(`${url}?TaskId=${id}`, {
      headers: { 'Last-Event-ID': seen.lastEventId },
    });
    await time.advance(500); // polled again meanwhile: still WAITING, the same body
    assert.deepEqual(
      again.events.map((e) => e.event),
      ['hello'],
    );
    again.close();
  });

  it('sends each change, then FINISH, then closes; one upstream poll per task for all viewers', async () => {
    const { url, sim, handler, time, open } = serveVirtual({
      events: { pollMs: 2000 },
      cacheMs: 1000,
    });
    const created = time.now;
    const id = sim.createTask({ scenario: 'success' });
    const viewers = await Promise.all(Array.from({ length: 6 }, () => open(`${url}?TaskId=${id}`)));
    await time.runUntil(() => handler.openStreams === 0, 10 * 60_000);
    await Promise.all(viewers.map((v) => v.ended));
    for (const v of viewers) {
      const statuses = v.events
        .filter((e) => e.event === 'task')
        .map((e) => dataOf(e).Response.Status);
      assert.equal(statuses.at(-1), 'FINISH');
      assert.ok(statuses.length >= 2, `several changes: ${statuses}`);
    }
    // ~1 call per 2 s of the task's life, not 6 times that.
    const life = sim.finishTime(id)! - created;
    assert.ok(
      handler.upstreamCalls <= life / 2000 + 2,
      `${handler.upstreamCalls} calls in ${life} ms`,
    );
  });

  it('authorizes each task like GET: refused ones get task-error 403, malformed 400, unknown 404', async () => {
    const sim = new MpsSimulator();
    const mine = sim.createTask({ scenario: 'success' });
    const theirs = sim.createTask({ scenario: 'success' });
    const { url } = await serve(
      {
        allowAnyTask: false,
        authorize: (_r, id) => id === mine || id.startsWith('2353030000-nope'),
      },
      sim,
    );
    const missing = '2353030000-nope-0';
    const stream = await openStream(
      `${url}?TaskId=${mine}&TaskId=${theirs}&TaskId=bad%20id&TaskId=${missing}`,
    );
    const errors = new Map<string, number>();
    await stream.next((e) => e.event === 'task');
    await stream.next((e) => e.event === 'task-error' && dataOf(e).Status === 404);
    for (const e of stream.events.filter((x) => x.event === 'task-error'))
      errors.set(dataOf(e).TaskId, dataOf(e).Status!);
    assert.deepEqual(Object.fromEntries(errors), { [theirs]: 403, 'bad id': 400, [missing]: 404 });
    const forbidden = stream.events.find(
      (e) => e.event === 'task-error' && dataOf(e).TaskId === theirs,
    )!;
    assert.equal(dataOf(forbidden).Response.Error.Code, 'UnauthorizedOperation');
    stream.close();
  });

  it('lets a cross-origin page open a stream (preflight allows Last-Event-ID; CORS on the stream)', async () => {
    const { url, sim } = await serve({ corsOrigin: 'https://cms.example' });
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://cms.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('Access-Control-Allow-Headers')!, /Last-Event-ID/);
    const id = sim.createTask({ scenario: 'success' });
    const stream = await openStream(`${url}?TaskId=${id}`, {
      headers: { Origin: 'https://cms.example' },
    });
    assert.equal(stream.response.headers.get('Access-Control-Allow-Origin'), 'https://cms.example');
    stream.close();
  });

  it('refuses clearly: no task (400), too many tasks (400), bad JSON (400), too many streams (429, 503)', async () => {
    const { url, sim, handler } = await serve({
      events: { maxPerClient: 2, maxTotal: 3, maxTasks: 2 },
    });
    const id = sim.createTask({ scenario: 'long-queue' });
    const plain = (init: RequestInit) =>
      fetch(url, { ...init, headers: { Accept: 'text/event-stream', ...init.headers } });
    assert.equal((await plain({})).status, 400);
    assert.equal((await plain({ method: 'POST', body: '{' })).status, 400);
    const three = await plain({
      method: 'POST',
      body: JSON.stringify({ TaskIds: ['a-1', 'a-2', 'a-3'] }),
    });
    assert.equal(three.status, 400);
    assert.match(((await three.json()) as any).Response.Error.Message, /At most 2 tasks/);
    const a = await openStream(`${url}?TaskId=${id}`);
    const b = await openStream(`${url}?TaskId=${id}`);
    const c = await fetch(`${url}?TaskId=${id}`, { headers: { Accept: 'text/event-stream' } });
    assert.equal(c.status, 429);
    assert.equal(c.headers.get('Retry-After'), '30');
    assert.match(((await c.json()) as any).Response.Error.Message, /Too many status streams/);
    // Another client (a different peer key) is still let in, up to the total.
    const other = await openStream(`${url}?TaskId=${id}`, {
      headers: { 'x-mps-task-status-peer': 'spoofed' },
    });
    assert.equal(other.response.status, 429, 'the peer header cannot be spoofed');
    a.close();
    await until(() => handler.openStreams === 1);
    const d = await openStream(`${url}?TaskId=${id}`);
    assert.equal(d.response.status, 200);
    b.close();
    d.close();
    await until(() => handler.openStreams === 0);
    // The total cap, across clients.
    const clients = await serve({
      events: { maxTotal: 2, clientKey: (r) => r.headers.get('x-test-client') },
    });
    const task = clients.sim.createTask({ scenario: 'long-queue' });
    const as = (client: string) =>
      openStream(`${clients.url}?TaskId=${task}`, { headers: { 'x-test-client': client } });
    const open = [await as('1'), await as('2')];
    const full = await as('3');
    assert.equal(full.response.status, 503);
    assert.match(((await full.response.json()) as any).Response.Error.Message, /poll instead/);
    open.forEach((s) => s.close());
  });

  it('sends heartbeats as comments, and releases everything when the client vanishes', async () => {
    const { url, sim, handler, time, open } = serveVirtual({ events: { heartbeatMs: 15_000 } });
    const id = sim.createTask({ scenario: 'long-queue' });
    const stream = await open(`${url}?TaskId=${id}`);
    await time.advance(45_000);
    assert.equal((stream.text().match(/^: heartbeat$/gm) ?? []).length, 3);
    assert.equal(handler.openStreams, 1);
    stream.close();
    await time.advance(0);
    assert.equal(handler.openStreams, 0);
    const calls = handler.upstreamCalls;
    await time.advance(60_000);
    assert.equal(handler.upstreamCalls, calls, 'no upstream polling for a task nobody watches');
    assert.equal(time.pendingTimers(), 0, 'no timer left: no heartbeat, no feed');
  });

  it('fed by notifications: FINISH reaches the viewer with the next look, with no upstream polling', async () => {
    const broadcaster = memoryBroadcaster();
    const { url, sim, handler, time, open } = serveVirtual({
      broadcaster,
      events: { pollMs: 60_000 },
    });
    const receiver = createNotificationHandler({
      notifyKey: 'k',
      broadcaster,
      now: () => time.now,
    });
    const id = sim.createTask({ scenario: 'success' });
    const notifier = startSimulatorNotifier(sim, {
      url: 'http://status.test/notify',
      notifyKey: 'k',
      fetch: ((_u: string, init?: RequestInit) =>
        receiver(new Request('http://status.test/notify', init))) as typeof fetch,
      now: () => time.now,
      intervalMs: 3_600_000, // looked at below, every 250 ms of virtual time
    });
    const stream = await open(`${url}?TaskId=${id}`);
    const isFinish = (e: { event: string; data: string }) =>
      e.event === 'task' && dataOf(e as never).Response.Status === 'FINISH';
    while (!stream.events.some(isFinish) && time.now < sim.finishTime(id)! + 60_000) {
      await time.advance(250);
      notifier.tick();
    }
    notifier.stop();
    // Shown at the first look after the simulated finish (the notifier looks every 250 ms).
    assert.ok(time.now - sim.finishTime(id)! <= 250, `${time.now - sim.finishTime(id)!} ms late`);
    const changes = stream.events.filter((e) => e.event === 'task').length;
    // One upstream call per notification (plus the first), never a timed poll.
    assert.ok(
      handler.upstreamCalls <= changes + 3,
      `${handler.upstreamCalls} calls for ${changes} changes`,
    );
    await time.advance(10);
    await stream.ended;
  });
});

describe('event streams facing hostile requests (4xx, never 500; nothing leaks)', () => {
  it("one set of limits: the widget's request for 500 real-length ids with ETags gets through the default node adapter", async () => {
    const { url, sim } = await serve();
    const ids = Array.from({ length: 500 }, () => sim.createTask({ scenario: 'long-queue' }));
    const known = Object.fromEntries(ids.map((id) => [id, '"5f3a9c2e1b4d8f07a"']));
    const body = JSON.stringify({ TaskIds: ids, Known: known });
    assert.ok(body.length > 64 * 1024, `a real request is ${body.length} bytes`);
    const stream = await openStream(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    assert.equal(stream.response.status, 200);
    await stream.next((e) => e.event === 'hello');
    stream.close();
    // And at the longest ids the handler accepts (128 characters).
    const longest = ids.map((id, i) => `${id}-${i}`.padEnd(128, 'x'));
    const most = JSON.stringify({
      TaskIds: longest,
      Known: Object.fromEntries(longest.map((id) => [id, '"5f3a9c2e1b4d8"'])),
    });
    const long = await openStream(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: most,
    });
    assert.equal(long.response.status, 200, `${most.length} bytes`);
    await long.next((e) => e.event === 'hello');
    long.close();
  });

  it('malformed stream requests are refused with a clear 4xx', async () => {
    const { url } = await serve({ log: () => {} });
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(url, {
        method: 'POST',
        headers: { Accept: 'text/event-stream', ...headers },
        body,
      });
    const cases: [string, string][] = [
      ['null', 'not a JSON object'],
      ['[]', 'at least one TaskId'],
      ['"text"', 'not a JSON object'],
      ['{"TaskIds": "a-1"}', 'at least one TaskId'],
      ['{"TaskIds": [1, null, {}]}', 'at least one TaskId'],
      [JSON.stringify({ TaskIds: Array.from({ length: 600 }, (_, i) => `x-${i}`) }), 'At most 500'],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      assert.ok(res.status >= 400 && res.status < 500, `${body.slice(0, 30)} → ${res.status}`);
      const text = await res.text();
      assert.ok(text.includes(message), `${body.slice(0, 30)}: ${text}`);
    }
    const huge = await post(JSON.stringify({ TaskIds: ['a-1'], pad: 'x'.repeat(200_000) }));
    assert.equal(huge.status, 413);
  });

  it('hostile ids and Known values are answered per task, never echoed as markup or frames', async () => {
    const { url, sim } = await serve({ log: () => {} });
    const id = sim.createTask({ scenario: 'success' });
    const nasty = [
      'a-1\nevent: task\ndata: {"forged":1}',
      '<script>alert(1)</script>-x',
      '../../etc/passwd',
    ];
    const stream = await openStream(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Last-Event-ID': '"; DROP' },
      body: JSON.stringify({ TaskIds: [id, ...nasty], Known: { [id]: 42, x: { y: 1 } } }),
    });
    assert.equal(stream.response.status, 200);
    await stream.next((e) => e.event === 'task');
    const errors = () => stream.events.filter((e) => e.event === 'task-error');
    const until = Date.now() + 2000;
    while (errors().length < nasty.length && Date.now() < until)
      await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      errors().map((e) => dataOf(e).Status),
      [400, 400, 400],
    );
    // The newline in an id stays inside one JSON string: no forged frame.
    assert.ok(stream.events.every((e) => e.data !== '{"forged":1}'));
    assert.ok(
      stream.events.every((e) => e.event === 'hello' || typeof dataOf(e).TaskId === 'string'),
    );
    stream.close();
  });

  it('secrets in an upstream answer never reach the stream', async () => {
    const leaky = async () => ({
      TaskType: 'WorkflowTask',
      Status: 'FINISH',
      WorkflowTask: {
        TaskId: 'a-1',
        Status: 'FINISH',
        ErrCode: 0,
        InputInfo: { Type: 'URL', UrlInputInfo: { Url: 'https://x/y?sign=abc' }, SecretKey: 'k' },
      },
      TaskNotifyConfig: { NotifyKey: 'super-secret-notify-key', NotifyUrl: 'https://x/notify' },
    });
    const handler = createTaskStatusHandler({ source: leaky, allowAnyTask: true });
    const server = createServer(toNodeListener(handler));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const stream = await openStream(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/task?TaskId=a-1`,
    );
    await stream.ended;
    assert.match(stream.text(), /event: task/);
    assert.doesNotMatch(stream.text(), /super-secret-notify-key|"SecretKey"/);
  });
});

describe('backpressure over a real socket', () => {
  it('a client that stops reading is closed once 1 MB waits for it; the server does not buffer without bound', async () => {
    let version = 0;
    const big = 'y'.repeat(200_000);
    const broadcaster = memoryBroadcaster();
    const { handler, origin } = await serve({
      source: async (id) => ({
        TaskType: 'WorkflowTask',
        Status: 'PROCESSING',
        WorkflowTask: { TaskId: id, Status: 'PROCESSING', Message: `${big}${version++}` },
      }),
      cacheMs: 10,
      broadcaster,
    });
    // A change notified every 20 ms: each one is a new 200 kB answer.
    const taskId = 'abc-WorkflowTask-1';
    const notify = setInterval(
      () =>
        broadcaster.publish({
          taskId,
          eventType: 'WorkflowTask',
          task: {},
          receivedAt: Date.now(),
        }),
      20,
    );
    after(() => clearInterval(notify));
    const { connect } = await import('node:net');
    const port = Number(new URL(origin).port);
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `GET /api/task?TaskId=${taskId} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`,
    );
    socket.pause(); // and never read again
    await until(() => handler.openStreams === 1, 10_000);
    // Changes of 200 kB every 20 ms: the socket's buffers fill, then the stream's queue; past
    // 1 MB the stream is closed. (Without backpressure the server would buffer them all.)
    await until(() => handler.openStreams === 0, 30_000);
    clearInterval(notify);
    socket.destroy();
  });
});
