import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { EventStreamRegistry } from '../../src/core/event-streams.js';
import {
  createTaskWatcher,
  WatcherRegistry,
  type TaskWatcher,
  type TaskWatcherOptions,
} from '../../src/core/watcher.js';
import { createTaskStatusHandler } from '../../src/server/handler.js';
import { memoryBroadcaster } from '../../src/server/broadcaster.js';
import { toNodeListener } from '../../src/server/node-adapter.js';
import { simulatorSource } from '../../src/server/sources/simulator.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import { VirtualTime } from '../support/virtual-time.js';

type Override = (request: Request) => Response | Promise<Response>;
const isStream = (request: Request) =>
  (request.headers.get('Accept') ?? '').includes('text/event-stream');
/** A stream body that writes `frames` and then stays open, as a live stream does. */
const sse = (...frames: string[]) =>
  new Response(
    new ReadableStream({
      start: (c) => frames.forEach((f) => c.enqueue(new TextEncoder().encode(f))),
    }),
    { headers: { 'Content-Type': 'text/event-stream' } },
  );

/**
 * The real status handler and simulator, called in-process on one virtual clock with the
 * watcher: minutes of streaming run in milliseconds, and "nothing more was asked" is a count at
 * a known instant, not a sleep. Counts polls and stream requests; `refuseStreams` answers every
 * stream request 404, as a backend without event streams would; `cutStreams` breaks every open
 * stream mid-task, as a proxy or a network change would.
 */
function backend(opts: { refuseStreams?: boolean; heartbeatMs?: number } = {}) {
  const time = new VirtualTime();
  const sim = new MpsSimulator({ now: () => time.now });
  const handler = createTaskStatusHandler({
    source: simulatorSource(sim),
    allowAnyTask: true,
    cacheMs: 50,
    upstreamRate: { perSecond: 2000 },
    events: { pollMs: 2000, heartbeatMs: opts.heartbeatMs ?? 15_000, maxPerClient: 100 },
    clock: time.clock(),
  });
  const counts = { polls: 0, streams: 0 };
  const cuts = new Set<() => void>();
  let override: Override | null = null;
  const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    const request = new Request(url, init);
    if (isStream(request)) counts.streams++;
    else counts.polls++;
    if (override) return override(request);
    if (isStream(request) && opts.refuseStreams)
      return new Response('no streams here', { status: 404 });
    const response = await handler(request);
    if (!isStream(request) || !response.body) return response;
    // The body passes through a stream this test can break, like a socket.
    const reader = response.body.getReader();
    let cut = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        cut = () => {
          controller.error(new Error('connection reset'));
          void reader.cancel().catch(() => {});
        };
        cuts.add(cut);
      },
      async pull(controller) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) {
          cuts.delete(cut);
          controller.close();
        } else controller.enqueue(value);
      },
      cancel: () => {
        cuts.delete(cut);
        return reader.cancel();
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return {
    time,
    sim,
    handler,
    counts,
    endpoint: 'http://status.test/api/task',
    fetch,
    cutStreams: () => [...cuts].forEach((cut) => cut()),
    setOverride: (o: Override | null) => (override = o),
    /** Runs virtual time until `pred`, failing past `ms` of it. */
    until: async (pred: () => boolean, ms = 60_000, what = 'condition') => {
      await time.runUntil(pred, ms);
      if (!pred()) throw new Error(`${what} not met within ${ms} ms of virtual time`);
    },
  };
}

type Backend = ReturnType<typeof backend>;

/** A watcher of `b` with its own registries (no sharing with other tests). */
function follow(
  b: Backend,
  opts: Omit<TaskWatcherOptions, 'endpoint'>,
  streams = new EventStreamRegistry(),
) {
  const w = createTaskWatcher(
    {
      endpoint: b.endpoint,
      lingerMs: 10,
      minInterval: 100,
      ...opts,
      environment: {
        ...b.time.env(b.fetch),
        eventStreams: streams,
        nextTurn: () => Promise.resolve(),
        // These tests follow the stream's own mechanics: no first poll beside it (tested apart).
        firstPolls: 0,
        ...opts.environment,
      },
    },
    new WatcherRegistry(),
  );
  const states: string[] = [];
  const off = w.subscribe(() => {
    const c = w.getSnapshot().connection;
    if (states.at(-1) !== c) states.push(c);
  });
  return { w, states, streams, stop: () => (off(), w.dispose()) };
}

const finished = (w: TaskWatcher) => w.getSnapshot().task?.status === 'FINISH';

const servers: Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

describe('watcher on the shared event stream, over real HTTP', () => {
  it('reaches FINISH over the stream: one first poll beside it (the first status), then only the stream', async () => {
    const sim = new MpsSimulator();
    // Notified of changes, as MPS does: the feed asks on each one instead of at the task's pace
    // (seconds apart), so the test takes a second, not a dozen.
    const broadcaster = memoryBroadcaster();
    const handler = createTaskStatusHandler({
      source: simulatorSource(sim),
      allowAnyTask: true,
      broadcaster,
      cacheMs: 50,
      events: { pollMs: 100 },
    });
    const counts = { polls: 0, streams: 0 };
    const listener = toNodeListener(handler);
    const server = createServer((req, res) => {
      if ((req.headers.accept ?? '').includes('text/event-stream')) counts.streams++;
      else counts.polls++;
      void listener(req, res);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/task`;
    const id = sim.createTask({ scenario: 'success', speed: 60 });
    const w = createTaskWatcher(
      { endpoint, taskId: id, environment: { eventStreams: new EventStreamRegistry() } },
      new WatcherRegistry(),
    );
    const states: string[] = [];
    w.subscribe(() => {
      const c = w.getSnapshot().connection;
      if (states.at(-1) !== c) states.push(c);
    });
    // Real time: waited for, never timed (a busy machine only makes it later).
    while (!finished(w)) {
      await broadcaster.publish({
        taskId: id,
        eventType: 'WorkflowTask',
        task: {},
        receivedAt: Date.now(),
      });
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(counts.polls, 1, 'the first status asked at once, not after the stream opens');
    assert.equal(counts.streams, 1);
    assert.equal(states.at(-1), 'stopped');
    assert.ok(states.includes('streaming'), states.join());
    assert.equal(w.getSnapshot().error, null);
    w.dispose();
  });
});

describe('watcher on the shared event stream, in virtual time', () => {
  it('carries many tasks on one connection; tasks joining later reconnect it once, debounced', async () => {
    const b = backend();
    const streams = new EventStreamRegistry();
    const ids = Array.from({ length: 30 }, () => b.sim.createTask({ scenario: 'success' }));
    const rows = ids.map((taskId) => follow(b, { taskId }, streams));
    await b.until(
      () => rows.every((r) => r.w.getSnapshot().connection === 'streaming'),
      600_000,
      'all streaming',
    );
    assert.equal(b.counts.streams, 1);
    // At most one open: on a busy machine every task may already have finished and the server
    // closed the stream while the client is still landing its last answers.
    assert.ok(b.handler.openStreams <= 1, `${b.handler.openStreams} streams open`);
    const late = Array.from({ length: 5 }, () => b.sim.createTask({ scenario: 'success' }));
    rows.push(...late.map((taskId) => follow(b, { taskId }, streams)));
    await b.until(() => rows.every((r) => finished(r.w)), 600_000, 'all FINISH');
    assert.equal(b.counts.polls, 0);
    assert.equal(b.counts.streams, 2);
    rows.forEach((r) => r.stop());
    await b.until(() => streams.size === 0, 600_000, 'stream closed');
  });

  it('a table longer than one stream carries (500) gets a second connection, not polling', async () => {
    const b = backend();
    const streams = new EventStreamRegistry();
    const rows = Array.from({ length: 520 }, () =>
      follow(b, { taskId: b.sim.createTask({ scenario: 'long-queue' }) }, streams),
    );
    await b.until(
      () => rows.every((r) => r.w.getSnapshot().connection === 'streaming'),
      600_000,
      'all streaming',
    );
    assert.equal(streams.size, 2);
    assert.equal(b.handler.openStreams, 2);
    assert.equal(b.counts.polls, 0);
    rows.forEach((r) => r.stop());
    await b.until(() => streams.size === 0, 600_000, 'streams closed');
  });

  it('falls back to polling when the stream is refused, and still reaches FINISH', async () => {
    const b = backend({ refuseStreams: true });
    const id = b.sim.createTask({ scenario: 'success' });
    const f = follow(b, { taskId: id });
    await b.time.advance(10_000);
    assert.ok(b.counts.polls >= 2, `polled: ${b.counts.polls}`);
    assert.equal(b.counts.streams, 1, 'a refused stream is not retried at once');
    await b.until(() => finished(f.w), 600_000, 'FINISH');
    assert.ok(!f.states.includes('streaming'));
    assert.equal(f.w.getSnapshot().error, null);
    f.stop();
  });

  it('polls while a stream cut mid-task is down, then rides the reconnected stream', async () => {
    const b = backend();
    const id = b.sim.createTask({ scenario: 'success' });
    const f = follow(b, { taskId: id });
    await b.until(() => f.w.getSnapshot().connection === 'streaming', 600_000, 'streaming');
    b.cutStreams();
    await b.until(() => b.counts.polls >= 1, 600_000, 'a poll after the cut');
    await b.until(
      () => b.counts.streams >= 2 && f.w.getSnapshot().connection === 'streaming',
      600_000,
      'stream back',
    );
    await b.until(() => finished(f.w), 600_000, 'FINISH');
    assert.deepEqual(f.states.slice(0, 3), ['loading', 'streaming', 'polling']);
    assert.equal(f.w.getSnapshot().error, null);
    f.stop();
  });

  it('a stream whose hello does not come (a buffering proxy) is polled within 1.5 s and retried only slowly', async () => {
    const b = backend();
    const id = b.sim.createTask({ scenario: 'long-queue' });
    // Headers, then nothing: what a compressing or buffering proxy lets through.
    b.setOverride((request) => (isStream(request) ? sse() : b.handler(request)));
    const f = follow(b, { taskId: id });
    await b.time.advance(1600);
    assert.ok(b.counts.polls >= 1, `polled by 1.6 s: ${b.counts.polls}`);
    assert.equal(f.w.getSnapshot().connection, 'polling');
    await b.time.advance(12_000);
    assert.equal(b.counts.streams, 1, 'the buffering endpoint is remembered, not retried at once');
    assert.ok(b.counts.polls >= 3, `kept polling: ${b.counts.polls}`);
    f.stop();
  });

  it('falls back when the stream goes silent past its heartbeat', async () => {
    const b = backend();
    const id = b.sim.createTask({ scenario: 'success' });
    // A stream that says hello (heartbeat 20 ms) and then nothing, never closing.
    b.setOverride((request) => {
      if (!isStream(request)) {
        b.setOverride(null);
        return b.fetch(request.url, request);
      }
      return sse('event: hello\ndata: {"heartbeatMs":20}\n\n');
    });
    const f = follow(b, { taskId: id });
    await b.until(() => b.counts.polls >= 1, 600_000, 'a poll after silence');
    await b.until(() => finished(f.w), 600_000, 'FINISH');
    f.stop();
  });

  it("transport 'sse': never polls; a refused stream shows as an error it keeps retrying", async () => {
    const b = backend({ refuseStreams: true });
    const id = b.sim.createTask({ scenario: 'success' });
    const f = follow(b, { taskId: id, transport: 'sse' });
    await b.until(() => f.w.getSnapshot().connection === 'retrying', 600_000, 'retrying');
    assert.equal(b.counts.polls, 0);
    assert.match(f.w.getSnapshot().error!.message, /stream/);
    f.stop();
  });

  it("transport 'poll' never opens a stream", async () => {
    const b = backend();
    const id = b.sim.createTask({ scenario: 'success' });
    const f = follow(b, { taskId: id, transport: 'poll' });
    await b.until(() => finished(f.w), 600_000, 'FINISH');
    assert.equal(b.counts.streams, 0);
    f.stop();
  });

  it('closes the stream while the page is hidden and reopens it when visible, without polling', async () => {
    const b = backend();
    let hidden = false;
    const listeners = new Set<() => void>();
    const environment = {
      isHidden: () => hidden,
      onChange: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    };
    const id = b.sim.createTask({ scenario: 'long-queue' });
    const f = follow(b, { taskId: id, environment });
    await b.until(() => f.w.getSnapshot().connection === 'streaming', 600_000, 'streaming');
    hidden = true;
    listeners.forEach((l) => l());
    await b.until(() => b.handler.openStreams === 0, 600_000, 'stream closed');
    hidden = false;
    listeners.forEach((l) => l());
    await b.until(
      () => b.handler.openStreams === 1 && f.w.getSnapshot().connection === 'streaming',
      600_000,
      'reopened',
    );
    assert.equal(b.counts.polls, 0);
    assert.equal(b.counts.streams, 2);
    f.stop();
  });

  it('offline: closes the stream and shows the offline pause; back online it rides the stream again', async () => {
    const b = backend();
    let online = true;
    const listeners = new Set<() => void>();
    const environment = {
      isOnline: () => online,
      onChange: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    };
    const id = b.sim.createTask({ scenario: 'long-queue' });
    const f = follow(b, { taskId: id, environment });
    await b.until(() => f.w.getSnapshot().connection === 'streaming', 600_000, 'streaming');
    online = false;
    listeners.forEach((l) => l());
    await b.until(() => b.handler.openStreams === 0, 600_000, 'stream closed');
    await b.until(() => f.w.getSnapshot().pauseReason === 'offline', 600_000, 'offline shown');
    online = true;
    listeners.forEach((l) => l());
    await b.until(() => f.w.getSnapshot().connection === 'streaming', 600_000, 'streaming again');
    assert.equal(b.counts.polls, 0, 'no poll was sent while offline or on the way back');
    f.stop();
  });

  it('a hostile stream: junk frames and other tasks are skipped; a junk body is an error, as by polling', async () => {
    const b = backend();
    const id = b.sim.createTask({ scenario: 'long-queue' });
    b.setOverride((request) =>
      !isStream(request)
        ? new Response(null, { status: 500 })
        : sse(
            'event: hello\ndata: {"heartbeatMs":"soon"}\n\n',
            'event: task\ndata: not json\n\n',
            `event: task\ndata: {"TaskId":"someone-else","Response":{}}\n\n`,
            `event: task\ndata: {"TaskId":${JSON.stringify(id)}}\n\n`.replace('}}', '}'),
            `event: surprise\ndata: {"TaskId":${JSON.stringify(id)}}\n\n`,
            `event: task\nid: "junk"\ndata: {"TaskId":${JSON.stringify(id)},"Response":{"Status":42,"WorkflowTask":"no"}}\n\n`,
          ),
    );
    const f = follow(b, { taskId: id });
    await b.until(() => f.w.getSnapshot().error != null, 600_000, 'an error');
    const snap = f.w.getSnapshot();
    assert.equal(snap.error!.kind, 'invalid');
    assert.equal(snap.connection, 'stopped');
    assert.equal(b.counts.polls, 0);
    f.stop();
  });

  it('an older event delivered late (8 % then 5 %) never moves the bar back; 9 % shows', async () => {
    const b = backend();
    const id = b.sim.createTask({ scenario: 'long-queue' });
    const at = (progress: number) =>
      JSON.stringify({
        TaskId: id,
        Response: {
          TaskType: 'WorkflowTask',
          Status: 'PROCESSING',
          WorkflowTask: {
            TaskId: id,
            Status: 'PROCESSING',
            MediaProcessResultSet: [
              { Type: 'Transcode', TranscodeTask: { Status: 'PROCESSING', Progress: progress } },
            ],
          },
        },
      });
    b.setOverride((request) =>
      !isStream(request)
        ? new Response(null, { status: 500 })
        : sse(
            'event: hello\ndata: {"heartbeatMs":15000}\n\n',
            ...[8, 5, 9].map(
              (progress, n) => `event: task\nid: "e${n}"\ndata: ${at(progress)}\n\n`,
            ),
          ),
    );
    const f = follow(b, { taskId: id });
    const seen: number[] = [];
    f.w.subscribe(() => {
      const progress = f.w.getSnapshot().task?.subtasks[0]?.progress;
      if (progress != null && progress !== seen.at(-1)) seen.push(progress);
    });
    await b.until(() => seen.includes(9), 600_000, 'the 9 % event');
    assert.deepEqual(seen, [8, 9]);
    assert.equal(b.counts.polls, 0);
    f.stop();
  });

  it('a connection cut mid-frame does not spoil the first frame of the next one (a new parser per connection)', async () => {
    const b = backend();
    const id = b.sim.createTask({ scenario: 'long-queue' });
    const taskFrame = (status: string) =>
      `event: task\nid: "${status}"\ndata: ${JSON.stringify({
        TaskId: id,
        Response: {
          TaskType: 'WorkflowTask',
          Status: status,
          WorkflowTask: { TaskId: id, Status: status },
        },
      })}\n\n`;
    let connection = 0;
    b.setOverride((request) => {
      if (!isStream(request))
        return new Response(null, { status: 503, headers: { 'Retry-After': '60' } });
      connection++;
      if (connection > 2) return sse('event: hello\ndata: {"heartbeatMs":15000}\n\n');
      const cutMidFrame = connection === 1;
      return new Response(
        new ReadableStream({
          start(c) {
            const text = cutMidFrame
              ? `event: hello\ndata: {"heartbeatMs":15000}\n\n${taskFrame('WAITING')}event: task\ndata: {"TaskId":`
              : taskFrame('PROCESSING'); // its first frame is the task (a hello is optional)
            c.enqueue(new TextEncoder().encode(text));
          },
          // Cut after the text was read (an errored stream drops what it had not handed over).
          pull(c) {
            if (cutMidFrame) c.error(new Error('connection reset'));
          },
        }),
        { headers: { 'Content-Type': 'text/event-stream' } },
      );
    });
    const f = follow(b, { taskId: id });
    await b.until(
      () => f.w.getSnapshot().task?.status === 'PROCESSING',
      600_000,
      "the next connection's first frame",
    );
    assert.ok(connection >= 2);
    f.stop();
  });

  it('a task that failed while the stream was down is cleared by the stream when it is back', async () => {
    const b = backend();
    const id = b.sim.createTask({ scenario: 'long-queue' });
    const f = follow(b, { taskId: id });
    await b.until(() => f.w.getSnapshot().connection === 'streaming', 600_000, 'streaming');
    // The stream drops, and the polls that take over fail (a 503 from a proxy, say).
    let failing = true;
    b.setOverride((request) => {
      if (!failing) {
        b.setOverride(null);
        return b.fetch(request.url, request);
      }
      return new Response(null, { status: 503, headers: { 'Retry-After': '30' } });
    });
    b.cutStreams();
    await b.until(() => f.w.getSnapshot().connection === 'retrying', 600_000, 'retrying');
    failing = false; // the backend is back; the next stream attempt succeeds
    await b.until(() => f.w.getSnapshot().connection === 'streaming', 600_000, 'streaming again');
    assert.equal(f.w.getSnapshot().error, null);
    f.stop();
  });

  it("a stream failing again and again does not make the polls ignore the backend's Retry-After", async () => {
    const b = backend();
    const id = b.sim.createTask({ scenario: 'long-queue' });
    const f = follow(b, { taskId: id });
    await b.until(() => f.w.getSnapshot().connection === 'streaming', 600_000, 'streaming');
    // The backend goes down: every request, stream or poll, gets 503 with Retry-After: 30.
    b.setOverride(() => new Response(null, { status: 503, headers: { 'Retry-After': '30' } }));
    const before = { ...b.counts };
    b.cutStreams();
    await b.time.advance(4500);
    const streams = b.counts.streams - before.streams;
    const polls = b.counts.polls - before.polls;
    assert.ok(streams >= 2, `the stream kept trying (${streams})`);
    assert.equal(polls, 1, 'one poll took over, then it waits the 30 s it was told');
    assert.equal(f.w.getSnapshot().connection, 'retrying');
    f.stop();
  });

  it('a burst of answers is landed one per turn of the event loop, not in one long task', async () => {
    const b = backend();
    const streams = new EventStreamRegistry();
    let turn = 0;
    const nextTurn = () => new Promise<void>((r) => setImmediate(() => (turn++, r())));
    const ids = Array.from({ length: 40 }, () => b.sim.createTask({ scenario: 'long-queue' }));
    const landedIn = new Map<string, number>();
    const rows = ids.map((taskId) => {
      const row = follow(b, { taskId, environment: { nextTurn } }, streams);
      row.w.subscribe(() => {
        if (row.w.getSnapshot().task && !landedIn.has(taskId)) landedIn.set(taskId, turn);
      });
      return row;
    });
    await b.until(() => landedIn.size === ids.length, 600_000, 'every task landed');
    assert.equal(b.counts.polls, 0);
    assert.equal(new Set(landedIn.values()).size, ids.length, 'each in a turn of its own');
    rows.forEach((r) => r.stop());
  });
});
