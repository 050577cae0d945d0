/**
 * A bad day for the push half (#22): clients that leave early, deployment code that throws,
 * and values on Redis that are not ours. Each test fails without its fix.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { memoryBroadcaster } from '../../src/server/broadcaster.js';
import { createTaskStatusHandler } from '../../src/server/handler.js';
import { ShortCache } from '../../src/server/cache.js';
import { frame } from '../../src/server/event-stream.js';
import { answerFrom, redisBroadcaster, type RedisClient } from '../../src/server/redis.js';
import { UpstreamError } from '../../src/server/source.js';
import { dataOf, openStream } from '../support/sse.js';
import { serveVirtual } from '../support/virtual-server.js';
import { VirtualTime } from '../support/virtual-time.js';

const URL_ = 'http://status.test/api/task';

const setup = serveVirtual;

describe('the push half on a bad day', () => {
  it('a client that leaves while its tasks are authorized leaves no slot, heartbeat or feed behind', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { time, sim, handler } = setup({ authorize: async () => (await gate, true) });
    const ids = [1, 2, 3].map(() => sim.createTask({ scenario: 'long-queue' }));
    const leaving = Array.from({ length: 20 }, () => new AbortController());
    const pending = leaving.map((abort) =>
      handler(
        new Request(`${URL_}?${ids.map((id) => `TaskId=${id}`).join('&')}`, {
          headers: { Accept: 'text/event-stream' },
          signal: abort.signal,
        }),
      ),
    );
    await time.advance(0);
    leaving.forEach((abort) => abort.abort()); // gone before authorize answered
    release();
    await Promise.all(pending);
    await time.advance(1000); // the tasks are still waiting: only a release can close these
    assert.equal(handler.openStreams, 0, 'every slot released');
    assert.equal(time.pendingTimers(), 0, 'no heartbeat, no feed poll left');
  });

  it('a transform that throws: GET answers 503 (not 500), the stream sends a task-error, nothing crashes', async () => {
    const { time, sim, call } = setup({
      transform: () => {
        throw new Error('deployment bug');
      },
    });
    const id = sim.createTask({ scenario: 'long-queue' });
    const get = await call(`${URL_}?TaskId=${id}`);
    assert.equal(get.status, 503);
    assert.equal(((await get.json()) as any).Response.Error.Code, 'InternalError');
    const stream = await openStream(`${URL_}?TaskId=${id}`, {}, call);
    await time.advance(10);
    const error = stream.events.find((e) => e.event === 'task-error');
    assert.ok(error, 'a task-error frame');
    assert.equal(dataOf(error!).Status, 503);
    stream.close();
  });

  it('frames: data of several lines stays one event; a line break in an event name or id is refused', () => {
    assert.equal(
      frame('task', '{"a":1}\n{"b":2}', '"e1"'),
      'event: task\nid: "e1"\ndata: {"a":1}\ndata: {"b":2}\n\n',
    );
    assert.throws(() => frame('task', '{}', '"e1"\nevent: forged'), /line break/);
    assert.throws(() => frame('task\ndata: x', '{}'), /line break/);
  });
});

describe('values on Redis are input, not trusted', () => {
  it('a shared answer is checked: no body, not JSON, a forged ETag, secrets', () => {
    assert.equal(answerFrom(null), null);
    assert.equal(answerFrom('null'), null);
    assert.equal(answerFrom('{"etag":"\\"1\\"","fetchedAt":1}'), null, 'no body');
    assert.equal(answerFrom('{"body":"[1]","fetchedAt":1}'), null, 'a body that is no object');
    const forged = answerFrom(
      JSON.stringify({
        body: JSON.stringify({ Status: 'FINISH', S3SecretKey: 'leak', Note: 'x' }),
        etag: '"1"\nevent: task\ndata: {"forged":1}',
        finished: true,
        fetchedAt: 5,
      }),
    )!;
    assert.match(forged.etag, /^"[0-9a-f]+"$/, 'the ETag is computed here, never taken');
    assert.doesNotMatch(forged.body, /leak/);
    assert.equal(forged.finished, true);
  });

  it('a `null` (or any non-event) on the event channel reaches no listener and throws nowhere', () => {
    const handlers: ((channel: string, message: string) => void)[] = [];
    const subscriber = {
      subscribe: async () => 1,
      unsubscribe: async () => 1,
      on(event: string, listener: (...args: any[]) => void) {
        if (event === 'message') handlers.push(listener);
        return this;
      },
      quit: async () => 'OK',
    };
    const redis = { duplicate: () => subscriber } as unknown as RedisClient;
    const broadcaster = redisBroadcaster({ redis });
    const heard: unknown[] = [];
    broadcaster.subscribe('t-1', (event) => heard.push(event));
    for (const message of ['null', '42', '"x"', '{"taskId":"t-1"}', '{"taskId":"t-1","task":null}'])
      handlers.forEach((h) => h('mts:event:t-1', message));
    assert.deepEqual(heard, []);
    handlers.forEach((h) =>
      h(
        'mts:event:t-1',
        JSON.stringify({
          taskId: 't-1',
          eventType: 'WorkflowTask',
          task: { Status: 'FINISH', NotifyKey: 'k' },
          receivedAt: 1,
        }),
      ),
    );
    assert.equal(heard.length, 1);
    assert.doesNotMatch(JSON.stringify(heard), /NotifyKey/);
  });
});

describe('wake-ups coalesce', () => {
  it('1,000 notifications for one task in 1 s cost at most 3 upstream calls, and the last state is shown', async () => {
    const broadcaster = memoryBroadcaster();
    const { time, sim, handler, url, open } = setup(
      { broadcaster, events: { pollMs: 60_000 } },
      // Each DescribeTaskDetail takes 100 ms, as a real one may.
      (source, time) => async (id, ctx) => {
        await new Promise((r) => time.clock().setTimeout(() => r(null), 100));
        return source(id, ctx);
      },
    );
    const id = sim.createTask({ scenario: 'long-queue' });
    const stream = await open(`${url}?TaskId=${id}`);
    await time.advance(200);
    const before = handler.upstreamCalls;
    for (let i = 0; i < 1000; i++) {
      broadcaster.publish({
        taskId: id,
        eventType: 'WorkflowTask',
        task: {},
        receivedAt: time.now,
      });
      await time.advance(1);
    }
    await time.advance(1000);
    const calls = handler.upstreamCalls - before;
    assert.ok(calls <= 3, `${calls} calls`);
    assert.ok(calls >= 1);
    // The trailing call saw the state after the burst: what the stream shows is current.
    const last = stream.events.filter((e) => e.event === 'task').at(-1)!;
    assert.equal(dataOf(last).Response.Status, sim.detail(id)!.Status);
    stream.close();
  });
});

describe('rate limits on the stream', () => {
  it('a 429 never replaces a good answer already sent: no task-error frame, the ETag stays', async () => {
    let calls = 0;
    const { time, sim, url, open } = setup(
      { cacheMs: 10, events: { pollMs: 1000 } },
      // MPS answers the first call, then rate-limits this account.
      (source) => async (id, ctx) => {
        if (++calls > 1) throw new UpstreamError('RequestLimitExceeded', 'slow down');
        return source(id, ctx);
      },
    );
    const id = sim.createTask({ scenario: 'long-queue' });
    const stream = await open(`${url}?TaskId=${id}`);
    await time.advance(5000);
    assert.ok(calls > 2, 'the feed kept asking');
    assert.equal(stream.events.filter((e) => e.event === 'task').length, 1);
    assert.deepEqual(
      stream.events.filter((e) => e.event === 'task-error').map((e) => dataOf(e).Status),
      [],
    );
    stream.close();
  });
});

describe('the default budget', () => {
  it('serves a 120-task page on one stream and ten GET viewers with 0 refusals, and shows every FINISH', async () => {
    const { time, sim, handler, call, url, open } = setup();
    const kinds = ['success', 'long-queue', 'schedule', 'transcode', 'ai-workflow', 'edit-media'];
    const ids = Array.from({ length: 120 }, (_, i) =>
      sim.createTask({ scenario: kinds[i % kinds.length] as 'success' }),
    );
    const stream = await open(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ TaskIds: ids }),
    });
    let refused = 0;
    const seconds = 240;
    for (let t = 0; t < seconds; t++) {
      // Ten other viewers poll a task each, every 2 s, as polling widgets do.
      if (t % 2 === 0)
        for (let v = 0; v < 10; v++) {
          const res = await call(`${url}?TaskId=${ids[v * 12]}`);
          if (res.status === 429) refused++;
          await res.body?.cancel();
        }
      await time.advance(1000);
    }
    const limited = stream.events.filter(
      (e) => e.event === 'task-error' && dataOf(e).Status === 429,
    );
    assert.equal(limited.length, 0, `${limited.length} 429 frames on the stream`);
    assert.equal(refused, 0, `${refused} GETs refused`);
    // Within the budget on average (20/s), and every task finished by now was shown finished.
    assert.ok(handler.upstreamCalls <= 20 * seconds, `${handler.upstreamCalls} calls`);
    const shown = new Map<string, string>();
    for (const e of stream.events.filter((e) => e.event === 'task'))
      shown.set(dataOf(e).TaskId, dataOf(e).Response.Status);
    const finished = ids.filter((id) => sim.finishTime(id)! < time.now - 20_000);
    assert.ok(finished.length > 60, `${finished.length} finished`);
    for (const id of finished) assert.equal(shown.get(id), 'FINISH', id);
    stream.close();
  });
});

describe('notifications that cannot arrive', () => {
  it('while the broadcaster is down, feeds poll at the pace they use without notifications', async () => {
    const calls = async (healthy: boolean) => {
      const broadcaster = { ...memoryBroadcaster(), healthy: () => healthy };
      const { time, sim, handler, url, open } = setup({ broadcaster });
      const stream = await open(`${url}?TaskId=${sim.createTask({ scenario: 'long-queue' })}`);
      await time.advance(60_000);
      stream.close();
      return handler.upstreamCalls;
    };
    const up = await calls(true);
    const down = await calls(false);
    // Up: the first answer and at most one safety poll in a minute. Down: a poll every few
    // seconds keeps the stream fed.
    assert.ok(up <= 2, `${up} calls with notifications`);
    assert.ok(down >= 5, `${down} calls without`);
  });
});

describe('a shared store that stopped answering', () => {
  it('is waited for once (1 s), then left alone for 5 s: later requests ask MPS at once', async () => {
    let commands = 0;
    const hang = () => {
      commands++;
      return new Promise<never>(() => {}); // Redis down, its offline queue holding the command
    };
    const shared = { get: hang, claim: hang, release: hang, set: hang, spend: hang };
    const broadcaster = { ...memoryBroadcaster(), answers: shared };
    const { time, sim, call, url } = setup({ broadcaster, cacheMs: 0 });
    const id = sim.createTask({ scenario: 'long-queue' });
    let first: Response | null = null;
    void call(`${url}?TaskId=${id}`).then((r) => (first = r));
    await time.advance(1000);
    assert.equal(first!.status, 200, 'answered by MPS once the store was too slow');
    const before = commands;
    // Within the next 5 s: answered without waiting on the store, which is not even asked.
    await time.advance(100);
    const settled: number[] = [];
    for (let i = 0; i < 3; i++)
      void call(`${url}?TaskId=${id}`).then((r) => settled.push(r.status));
    await time.advance(1);
    assert.deepEqual(settled, [200, 200, 200]);
    assert.equal(commands, before, 'the slow store was left alone');
    // Later it is tried again.
    await time.advance(5000);
    void call(`${url}?TaskId=${id}`);
    await time.advance(1);
    assert.ok(commands > before, 'asked again after 5 s');
  });
});

describe('upstream faults', () => {
  const base = (source: Parameters<typeof createTaskStatusHandler>[0]['source']) => {
    const time = new VirtualTime();
    const handler = createTaskStatusHandler({
      source,
      allowAnyTask: true,
      clock: time.clock(),
      log: () => {},
    });
    return { time, handler };
  };

  it('a source that hangs and ignores the abort signal is given up after 10 s (503), not waited for', async () => {
    const { time, handler } = base(() => new Promise(() => {}));
    const answer = handler(new Request(`${URL_}?TaskId=abc-WorkflowTask-1`));
    let settled = false;
    void answer.then(() => (settled = true));
    await time.advance(9_000);
    assert.equal(settled, false);
    await time.advance(1_500);
    const res = await answer;
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as any).Response.Error.Code, 'ServiceUnavailable');
  });

  it('an answer about another task is not served under the asked id (502)', async () => {
    const { handler } = base(async () => ({
      TaskType: 'WorkflowTask',
      Status: 'FINISH',
      WorkflowTask: { TaskId: 'someone-WorkflowTask-else', Status: 'FINISH' },
    }));
    const res = await handler(new Request(`${URL_}?TaskId=abc-WorkflowTask-1`));
    assert.equal(res.status, 502);
    const nothing = base(async () => 'not a task' as never).handler;
    assert.equal((await nothing(new Request(`${URL_}?TaskId=abc-WorkflowTask-1`))).status, 502);
  });
});

describe('the answer cache', () => {
  it('is bounded by bytes: 3,000 answers of 50 kB hold at most 32 MB, and the newest are kept', async () => {
    const big = 'z'.repeat(50_000);
    let now = 0;
    const cache = new ShortCache<string>((value) => value.length);
    for (let i = 0; i < 3000; i++)
      await cache.get(
        `t-${i}`,
        () => now,
        async () => `${big}${i}`,
        () => 60_000,
      );
    assert.ok(cache.size <= 32 * 1024 * 1024, `${cache.size} bytes held`);
    assert.ok(cache.size > 30 * 1024 * 1024, 'the bound is used, not emptied');
    // The newest is still served from the cache (no new load); expired ones go as new ones come.
    let loads = 0;
    await cache.get(
      't-2999',
      () => now,
      async () => `${++loads}`,
      () => 60_000,
    );
    assert.equal(loads, 0);
    now += 61_000;
    await cache.get(
      'fresh',
      () => now,
      async () => 'x',
      () => 60_000,
    );
    assert.equal(cache.size, 1, 'expired answers are dropped');
  });

  it('a change reported in the same millisecond as a load started is not answered by that load', async () => {
    // The load read the task at 1000, and a notification received at 1000 said it changed: the
    // load may have read it just before (the Redis outage test saw the old state stick so).
    const cache = new ShortCache<string>();
    let state = 'v0';
    const read = () =>
      cache.get(
        't',
        () => 1000,
        async () => state,
        () => 60_000,
      );
    assert.equal(await read(), 'v0');
    state = 'v1';
    cache.forgetOlderThan('t', 999);
    assert.equal(await read(), 'v0', 'a change before the load: the load saw it');
    cache.forgetOlderThan('t', 1000);
    assert.equal(await read(), 'v1');
  });
});

describe('client identity', () => {
  it('mounted directly, a client-sent peer header is no identity; the handler warns once that there is none', async () => {
    const logs: string[] = [];
    const { time, sim, call } = setup({
      events: { maxPerClient: 1 },
      log: (message) => logs.push(message),
    });
    const id = sim.createTask({ scenario: 'long-queue' });
    const spoof = { headers: { 'x-mps-task-status-peer': 'someone-else' } };
    const a = await openStream(`${URL_}?TaskId=${id}`, spoof, call);
    const b = await openStream(`${URL_}?TaskId=${id}`, spoof, call);
    await time.advance(10);
    assert.equal(a.response.status, 200);
    assert.equal(b.response.status, 200, 'no identity, no per-client cap (documented)');
    assert.equal(logs.filter((m) => /without a client identity/.test(m)).length, 1);
    a.close();
    b.close();
  });

  it('with a clientKey, the per-client cap applies', async () => {
    const { time, sim, call } = setup({
      events: { maxPerClient: 1, clientKey: (r) => r.headers.get('x-session') },
    });
    const id = sim.createTask({ scenario: 'long-queue' });
    const session = { headers: { 'x-session': 's1' } };
    const a = await openStream(`${URL_}?TaskId=${id}`, session, call);
    const b = await call(`${URL_}?TaskId=${id}`, {
      headers: { ...session.headers, Accept: 'text/event-stream' },
    });
    await time.advance(10);
    assert.equal(a.response.status, 200);
    assert.equal(b.status, 429);
    a.close();
  });
});

describe('many viewers of one task', () => {
  it('each answer is serialized once for all viewers, not once per viewer', async () => {
    const { time, sim, call } = setup({ events: { maxPerClient: 1000 } });
    const id = sim.createTask({ scenario: 'long-queue' });
    const original = crypto.randomUUID.bind(crypto);
    let presented = 0; // each presentation of an answer stamps a RequestId
    crypto.randomUUID = () => (presented++, original());
    try {
      const viewers = await Promise.all(
        Array.from({ length: 200 }, () => openStream(`${URL_}?TaskId=${id}`, {}, call)),
      );
      await time.advance(10);
      assert.ok(
        viewers.every((v) => v.events.some((e) => e.event === 'task')),
        'all got it',
      );
      assert.ok(presented <= 2, `${presented} serializations for 200 viewers`);
      viewers.forEach((v) => v.close());
    } finally {
      crypto.randomUUID = original;
    }
  });
});

describe('a client that never reads', () => {
  it('is closed once over 1 MB is queued for it: bounded memory, its slot and feeds freed', async () => {
    const time = new VirtualTime();
    let version = 0;
    const big = 'x'.repeat(300_000);
    const handler = createTaskStatusHandler({
      // A 300 kB task that changes at every poll.
      source: async (id) => ({
        TaskType: 'WorkflowTask',
        Status: 'PROCESSING',
        WorkflowTask: { TaskId: id, Status: 'PROCESSING', Message: `${big}${version++}` },
      }),
      allowAnyTask: true,
      clock: time.clock(),
      cacheMs: 10,
      events: { pollMs: 1000, clientKey: () => 'client-1' },
      log: () => {},
    });
    const url = `${URL_}?TaskId=abc-WorkflowTask-1`;
    const response = await handler(
      new Request(url, {
        headers: { Accept: 'text/event-stream' },
      }),
    );
    assert.equal(response.status, 200);
    assert.equal(handler.openStreams, 1);
    await time.advance(60_000); // change after change, 300 kB each, and nobody reads
    assert.equal(handler.openStreams, 0, 'closed');
    assert.equal(time.pendingTimers(), 0, 'its feed and heartbeat stopped');
    await assert.rejects(response.body!.getReader().read(), /over 1 MB/);
    // Back, it is told why its last stream ended (once), after its hello.
    const back = await openStream(url, {}, (u, init) => handler(new Request(u, init)));
    await time.advance(10);
    const events = back.events.map((e) => e.event);
    assert.deepEqual(events.slice(0, 3), ['hello', 'notice', 'task']);
    assert.equal(JSON.parse(back.events[1].data).code, 'ClosedUnread');
    back.close();
    const again = await openStream(url, {}, (u, init) => handler(new Request(u, init)));
    await time.advance(10);
    assert.ok(!again.events.some((e) => e.event === 'notice'), 'told once');
    again.close();
  });
});
