import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { Broadcaster } from '../../src/server/broadcaster.js';
import { createTaskStatusHandler, type TaskStatusHandler } from '../../src/server/handler.js';
import { toNodeListener } from '../../src/server/node-adapter.js';
import { createNotificationHandler } from '../../src/server/notifications.js';
import { startSimulatorNotifier } from '../../src/server/notifier.js';
import { redisBroadcaster } from '../../src/server/redis.js';
import { simulatorSource } from '../../src/server/sources/simulator.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import { redisUnavailable, startRedis, type RedisServer } from '../support/redis-server.js';
import type { SseMessage } from '../../src/core/sse.js';
import { dataOf, openStream } from '../support/sse.js';
import { until } from '../support/until.js';

const skip = redisUnavailable();
if (skip) console.log(`# SKIP Redis tests: ${skip}`);

let redis: RedisServer;
const clients: Redis[] = [];
const closers: (() => Promise<unknown>)[] = [];
const servers: Server[] = [];

before(async () => {
  if (!skip) redis = await startRedis();
});
after(async () => {
  for (const close of closers) await close();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  for (const c of clients) c.disconnect();
  await redis?.stop();
});

function broadcaster(prefix: string) {
  const client = new Redis(redis.url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  clients.push(client);
  const b = redisBroadcaster({ redis: client, prefix });
  closers.push(() => b.close());
  return b;
}

/** One server instance: its own handler (own process-local cache) on the shared Redis. */
async function instance(
  sim: MpsSimulator,
  b: Broadcaster,
  opts: { pollMs: number; cacheMs: number; perSecond?: number },
): Promise<{ handler: TaskStatusHandler; url: string }> {
  const handler = createTaskStatusHandler({
    source: simulatorSource(sim),
    allowAnyTask: true,
    broadcaster: b,
    cacheMs: opts.cacheMs,
    upstreamRate: { perSecond: opts.perSecond ?? 1000 },
    events: { pollMs: opts.pollMs, maxPerClient: 50 },
  });
  const server = createServer(toNodeListener(handler));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { handler, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/task` };
}

describe('several server instances on one real Redis', { skip: skip ?? false }, () => {
  it('a notification received by one instance reaches viewers on both', async () => {
    const sim = new MpsSimulator();
    const prefix = `t1-${Date.now()}:`;
    // Timed polls are off (60 s): only the notification can bring FINISH.
    const a = await instance(sim, broadcaster(prefix), { pollMs: 60_000, cacheMs: 1000 });
    const b = await instance(sim, broadcaster(prefix), { pollMs: 60_000, cacheMs: 1000 });
    const receiver = createNotificationHandler({
      notifyKey: 'k',
      broadcaster: broadcaster(prefix),
    });
    const id = sim.createTask({ scenario: 'success', speed: 100 });
    const onA = await openStream(`${a.url}?TaskId=${id}`);
    const onB = await openStream(`${b.url}?TaskId=${id}`);
    await onA.next((e) => e.event === 'task');
    await onB.next((e) => e.event === 'task');
    await new Promise((r) => setTimeout(r, (sim.finishTime(id) ?? 0) - Date.now() + 50));
    // MPS notifies once: one signed POST, to the receiver (a third instance, say).
    const notifier = startSimulatorNotifier(sim, {
      url: 'http://receiver/notify',
      notifyKey: 'k',
      fetch: (url, init) => receiver(new Request(url, init)),
    });
    const sentAt = Date.now();
    const isFinish = (e: SseMessage) =>
      e.event === 'task' && dataOf(e).Response.Status === 'FINISH';
    // No timed poll can bring it (60 s): FINISH on both means the notification crossed Redis.
    await Promise.all([onA.next(isFinish, 30_000), onB.next(isFinish, 30_000)]);
    console.log(`# FINISH on both instances ${Date.now() - sentAt} ms after the notification`);
    notifier.stop();
    // One upstream call for the notification across both instances (plus each one's first).
    assert.ok(a.handler.upstreamCalls + b.handler.upstreamCalls <= 3);
    onA.close();
    onB.close();
  });

  it('N instances make about one upstream call per task per interval together', async () => {
    const sim = new MpsSimulator();
    const prefix = `t2-${Date.now()}:`;
    const tasks = Array.from({ length: 4 }, () => sim.createTask({ scenario: 'long-queue' }));
    const opts = { pollMs: 200, cacheMs: 200 };
    const shared = await Promise.all([1, 2, 3].map(() => instance(sim, broadcaster(prefix), opts)));
    const streams = await Promise.all(
      shared.flatMap((s) =>
        [1, 2].map(() => openStream(`${s.url}?${tasks.map((t) => `TaskId=${t}`).join('&')}`)),
      ),
    );
    const seconds = 2;
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const calls = shared.reduce((n, s) => n + s.handler.upstreamCalls, 0);
    streams.forEach((s) => s.close());
    const ideal = tasks.length * ((seconds * 1000) / opts.pollMs); // 40
    console.log(
      `# 3 instances on Redis: ${calls} upstream calls in ${seconds} s for ${tasks.length} tasks (ideal ≈ ${ideal}; without Redis ≈ ${3 * ideal})`,
    );
    // A busy machine makes fewer polls, never more: the bound that matters is the upper one.
    assert.ok(calls >= tasks.length, `${calls} calls: every task was asked for`);
    assert.ok(calls <= ideal * 1.5, `${calls} calls: not one per instance`);
  });

  it('the upstream budget is shared: instances together stay under perSecond', async () => {
    const sim = new MpsSimulator();
    const prefix = `t3-${Date.now()}:`;
    const tasks = Array.from({ length: 30 }, () => sim.createTask({ scenario: 'long-queue' }));
    const opts = { pollMs: 100, cacheMs: 100, perSecond: 10 };
    const shared = await Promise.all([1, 2, 3].map(() => instance(sim, broadcaster(prefix), opts)));
    const streams = await Promise.all(
      shared.map((s) => openStream(`${s.url}?${tasks.map((t) => `TaskId=${t}`).join('&')}`)),
    );
    await new Promise((r) => setTimeout(r, 2000));
    const calls = shared.reduce((n, s) => n + s.handler.upstreamCalls, 0);
    streams.forEach((s) => s.close());
    // 10/s across all three for ~2 s (a second boundary may let one more second's worth in).
    assert.ok(calls <= 35, `${calls} upstream calls in 2 s with a shared budget of 10/s`);
    assert.ok(calls >= 1, 'the tasks were asked for');
  });
});

describe('a Redis outage', { skip: skip ?? false }, () => {
  it(
    'is no dependency: with Redis stopped, viewers are still answered (this instance asks MPS alone)',
    { timeout: 60_000 },
    async () => {
      const own = await startRedis();
      // As the README shows it: `new Redis(url)`, whose offline queue holds every command while Redis is down.
      const client = new Redis(own.url);
      client.on('error', () => {});
      const b = redisBroadcaster({ redis: client, prefix: 'outage:' });
      const sim = new MpsSimulator();
      const handler = createTaskStatusHandler({
        source: simulatorSource(sim),
        allowAnyTask: true,
        broadcaster: b,
        log: () => {},
      });
      const get = (id: string) => handler(new Request(`http://x/api/task?TaskId=${id}`));
      assert.equal((await get(sim.createTask({ scenario: 'long-queue' }))).status, 200);
      await own.stop();
      const during = await get(sim.createTask({ scenario: 'long-queue' }));
      assert.equal(during.status, 200, 'answered from MPS while Redis is down');
      await b.close().catch(() => {});
      client.disconnect();
    },
  );

  it(
    "keeps each instance's streams fed, and resubscribes when Redis is back",
    { timeout: 90_000 },
    async () => {
      const own = await startRedis();
      // Commands fail at once while Redis is down (no offline queue): a subscription asked for
      // then fails, and only our `ready` handler takes it up again.
      const connect = () => {
        const client = new Redis(own.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
        client.on('error', () => {});
        clients.push(client);
        return client;
      };
      const a = redisBroadcaster({ redis: connect(), prefix: 'back:' });
      const b = redisBroadcaster({ redis: connect(), prefix: 'back:' });
      closers.push(
        () => a.close().catch(() => {}),
        () => b.close().catch(() => {}),
      );
      let version = 0;
      const handler = createTaskStatusHandler({
        // A task whose state the test moves: each notification follows a change.
        source: async (id) => ({
          TaskType: 'WorkflowTask',
          Status: 'PROCESSING',
          WorkflowTask: { TaskId: id, Status: 'PROCESSING', Message: `v${version}` },
        }),
        allowAnyTask: true,
        broadcaster: a,
        cacheMs: 10,
        events: { pollMs: 600_000 }, // no timed poll in this test: only notifications move it
        log: () => {},
      });
      const call = (url: string, init?: RequestInit) => handler(new Request(url, init));
      const change = (taskId: string) => ({
        taskId,
        eventType: 'WorkflowTask',
        task: {},
        receivedAt: Date.now(),
      });
      // A failed wait names the stream and the version it waited for (one failed under a heavy
      // load, 2 of about 30 full runs, without saying which).
      const names = new WeakMap<object, string>();
      const shows = (stream: Awaited<ReturnType<typeof openStream>>, v: number, ms = 20_000) =>
        stream
          .next(
            (e) => e.event === 'task' && dataOf(e).Response.WorkflowTask.Message === `v${v}`,
            ms,
          )
          .catch((error: Error) => {
            const seen = stream.events
              .filter((e) => e.event === 'task')
              .map((e) => dataOf(e).Response.WorkflowTask.Message);
            throw new Error(
              `${names.get(stream)} never showed v${v} (saw ${seen}): ${error.message}`,
            );
          });
      const healthy = (x: { healthy?: () => boolean }) => x.healthy?.() ?? true;
      const first = await openStream('http://x/api/task?TaskId=t-1', {}, call);
      names.set(first, 't-1');
      await shows(first, 0);
      await until(() => healthy(a));

      await own.stop();
      await until(() => !healthy(a));
      // Down: a notification this instance receives still reaches its own viewers.
      version = 1;
      await a.publish(change('t-1'));
      await shows(first, 1);
      // A task followed from now on: its subscription fails while Redis is down.
      const second = await openStream('http://x/api/task?TaskId=t-2', {}, call);
      names.set(second, 't-2');
      await shows(second, 1);

      // A change told to another instance while Redis is down never reaches this one…
      version = 2;
      await b.publish(change('t-1'));
      // …until Redis is back and that instance publishes it again.
      const heard: string[] = [];
      a.subscribe('t-3', (event) => heard.push(event.eventType));
      await b.publish({ ...change('t-3'), eventType: 'EditMediaTask' });

      const back = await startRedis(own.port);
      closers.push(() => back.stop());
      await until(() => healthy(a) && healthy(b), 30_000);
      // …so when Redis is back, every followed task is asked for again (no safety poll here).
      await shows(first, 2);
      await shows(second, 2);
      await until(() => heard.includes('EditMediaTask'), 10_000);
      // Back: another instance's notifications reach this one again, for both tasks.
      await until(async () => {
        version++;
        await b.publish(change('t-2'));
        return shows(second, version, 1000).then(
          () => true,
          () => false,
        );
      }, 30_000);
      version++;
      await b.publish(change('t-1'));
      await shows(first, version);
      first.close();
      second.close();
    },
  );
});
