import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { EventStreamRegistry } from '../../src/core/event-streams.js';
import {
  createTaskWatcher,
  WatcherRegistry,
  type TaskWatcher,
  type TaskWatcherOptions,
} from '../../src/core/watcher.js';
import { createTaskStatusHandler } from '../../src/server/handler.js';
import { toNodeListener } from '../../src/server/node-adapter.js';
import { simulatorSource } from '../../src/server/sources/simulator.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
const servers: Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/**
 * The real status handler over real HTTP (Node's fetch streams the events, as a browser does),
 * counting polls and stream requests; `refuseStreams` answers every stream request 404, as a
 * backend without event streams would.
 */
async function backend(opts: { refuseStreams?: boolean; heartbeatMs?: number } = {}) {
  const sim = new MpsSimulator();
  const handler = createTaskStatusHandler({
    source: simulatorSource(sim),
    allowAnyTask: true,
    cacheMs: 50,
    upstreamRate: { perSecond: 2000 },
    events: { pollMs: 100, heartbeatMs: opts.heartbeatMs ?? 15_000, maxPerClient: 100 },
  });
  const listener = toNodeListener(handler);
  const counts = { polls: 0, streams: 0 };
  const sockets = new Set<Socket>();
  const streamResponses = new Set<ServerResponse>();
  let override: Listener | null = null;
  const server = createServer((req, res) => {
    const stream = (req.headers.accept ?? '').includes('text/event-stream');
    if (stream) counts.streams++;
    else counts.polls++;
    if (override) return override(req, res);
    if (stream && opts.refuseStreams) {
      res.writeHead(404).end('no streams here');
      return;
    }
    if (stream) {
      streamResponses.add(res);
      res.on('close', () => streamResponses.delete(res));
    }
    void listener(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/task`;
  return {
    sim,
    handler,
    counts,
    endpoint,
    /** Cuts every open stream mid-task, as a proxy or a network change would. */
    cutStreams: () => streamResponses.forEach((res) => res.socket?.destroy()),
    setOverride: (l: Listener | null) => (override = l),
  };
}

/** A watcher with its own registries (no sharing with other tests). */
function follow(opts: TaskWatcherOptions, streams = new EventStreamRegistry()) {
  const w = createTaskWatcher(
    {
      lingerMs: 10,
      minInterval: 100,
      ...opts,
      environment: { eventStreams: streams, ...opts.environment },
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

const until = async (pred: () => boolean, ms = 8000, what = 'condition') => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
const finished = (w: TaskWatcher) => w.getSnapshot().task?.status === 'FINISH';

describe('watcher on the shared event stream', () => {
  it('reaches FINISH over the stream with zero polls', async () => {
    const b = await backend();
    const id = b.sim.createTask({ scenario: 'success', speed: 60 });
    const f = follow({ endpoint: b.endpoint, taskId: id });
    await until(() => finished(f.w), 10_000, 'FINISH');
    assert.equal(b.counts.polls, 0);
    assert.equal(b.counts.streams, 1);
    assert.deepEqual(f.states, ['loading', 'streaming', 'stopped']);
    assert.equal(f.w.getSnapshot().error, null);
    f.stop();
  });

  it('carries many tasks on one connection; tasks joining later reconnect it once, debounced', async () => {
    const b = await backend();
    const streams = new EventStreamRegistry();
    const ids = Array.from({ length: 30 }, () =>
      b.sim.createTask({ scenario: 'success', speed: 40 }),
    );
    const rows = ids.map((taskId) => follow({ endpoint: b.endpoint, taskId }, streams));
    await until(
      () => rows.every((r) => r.w.getSnapshot().connection === 'streaming'),
      5000,
      'all streaming',
    );
    assert.equal(b.counts.streams, 1);
    assert.equal(b.handler.openStreams, 1);
    const late = Array.from({ length: 5 }, () =>
      b.sim.createTask({ scenario: 'success', speed: 40 }),
    );
    rows.push(...late.map((taskId) => follow({ endpoint: b.endpoint, taskId }, streams)));
    await until(() => rows.every((r) => finished(r.w)), 15_000, 'all FINISH');
    assert.equal(b.counts.polls, 0);
    assert.equal(b.counts.streams, 2);
    rows.forEach((r) => r.stop());
    await until(() => streams.size === 0, 3000, 'stream closed');
  });

  it('a table longer than one stream carries (500) gets a second connection, not polling', async () => {
    const b = await backend();
    const streams = new EventStreamRegistry();
    const rows = Array.from({ length: 520 }, () =>
      follow(
        { endpoint: b.endpoint, taskId: b.sim.createTask({ scenario: 'long-queue' }) },
        streams,
      ),
    );
    await until(
      () => rows.every((r) => r.w.getSnapshot().connection === 'streaming'),
      10_000,
      'all streaming',
    );
    assert.equal(streams.size, 2);
    assert.equal(b.handler.openStreams, 2);
    assert.equal(b.counts.polls, 0);
    rows.forEach((r) => r.stop());
    await until(() => streams.size === 0, 3000, 'streams closed');
  });

  it('falls back to polling when the stream is refused, and still reaches FINISH', async () => {
    const b = await backend({ refuseStreams: true });
    const id = b.sim.createTask({ scenario: 'success', speed: 60 });
    const f = follow({ endpoint: b.endpoint, taskId: id });
    await until(() => finished(f.w), 10_000, 'FINISH');
    assert.ok(b.counts.polls >= 2);
    assert.equal(b.counts.streams, 1, 'a refused stream is not retried at once');
    assert.ok(!f.states.includes('streaming'));
    assert.equal(f.w.getSnapshot().error, null);
    f.stop();
  });

  it('polls while a stream cut mid-task is down, then rides the reconnected stream', async () => {
    const b = await backend();
    const id = b.sim.createTask({ scenario: 'success', speed: 8 });
    const f = follow({ endpoint: b.endpoint, taskId: id });
    await until(() => f.w.getSnapshot().connection === 'streaming', 5000, 'streaming');
    b.cutStreams();
    await until(() => b.counts.polls >= 1, 5000, 'a poll after the cut');
    await until(
      () => b.counts.streams >= 2 && f.w.getSnapshot().connection === 'streaming',
      8000,
      'stream back',
    );
    await until(() => finished(f.w), 20_000, 'FINISH');
    assert.deepEqual(f.states.slice(0, 3), ['loading', 'streaming', 'polling']);
    assert.equal(f.w.getSnapshot().error, null);
    f.stop();
  });

  it('falls back when the stream goes silent past its heartbeat', async () => {
    const b = await backend();
    const id = b.sim.createTask({ scenario: 'success', speed: 30 });
    // A stream that says hello (heartbeat 20 ms) and then nothing, never closing.
    b.setOverride((req, res) => {
      if (!(req.headers.accept ?? '').includes('text/event-stream')) {
        b.setOverride(null);
        return void toNodeListener(b.handler)(req, res);
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event: hello\ndata: {"heartbeatMs":20}\n\n');
    });
    const f = follow({ endpoint: b.endpoint, taskId: id });
    await until(() => b.counts.polls >= 1, 9000, 'a poll after silence');
    await until(() => finished(f.w), 15_000, 'FINISH');
    f.stop();
  });

  it("transport 'sse': never polls; a refused stream shows as an error it keeps retrying", async () => {
    const b = await backend({ refuseStreams: true });
    const id = b.sim.createTask({ scenario: 'success', speed: 60 });
    const f = follow({ endpoint: b.endpoint, taskId: id, transport: 'sse' });
    await until(() => f.w.getSnapshot().connection === 'retrying', 3000, 'retrying');
    assert.equal(b.counts.polls, 0);
    assert.match(f.w.getSnapshot().error!.message, /stream/);
    f.stop();
  });

  it("transport 'poll' never opens a stream", async () => {
    const b = await backend();
    const id = b.sim.createTask({ scenario: 'success', speed: 60 });
    const f = follow({ endpoint: b.endpoint, taskId: id, transport: 'poll' });
    await until(() => finished(f.w), 10_000, 'FINISH');
    assert.equal(b.counts.streams, 0);
    f.stop();
  });

  it('closes the stream while the page is hidden and reopens it when visible, without polling', async () => {
    const b = await backend();
    let hidden = false;
    const listeners = new Set<() => void>();
    const environment = {
      isHidden: () => hidden,
      onChange: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    };
    const id = b.sim.createTask({ scenario: 'long-queue', speed: 1 });
    const f = follow({ endpoint: b.endpoint, taskId: id, environment });
    await until(() => f.w.getSnapshot().connection === 'streaming', 5000, 'streaming');
    hidden = true;
    listeners.forEach((l) => l());
    await until(() => b.handler.openStreams === 0, 3000, 'stream closed');
    hidden = false;
    listeners.forEach((l) => l());
    await until(
      () => b.handler.openStreams === 1 && f.w.getSnapshot().connection === 'streaming',
      3000,
      'reopened',
    );
    assert.equal(b.counts.polls, 0);
    assert.equal(b.counts.streams, 2);
    f.stop();
  });

  it('offline: closes the stream and shows the offline pause; back online it rides the stream again', async () => {
    const b = await backend();
    let online = true;
    const listeners = new Set<() => void>();
    const environment = {
      isOnline: () => online,
      onChange: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    };
    const id = b.sim.createTask({ scenario: 'long-queue', speed: 1 });
    const f = follow({ endpoint: b.endpoint, taskId: id, environment });
    await until(() => f.w.getSnapshot().connection === 'streaming', 5000, 'streaming');
    online = false;
    listeners.forEach((l) => l());
    await until(() => b.handler.openStreams === 0, 3000, 'stream closed');
    await until(() => f.w.getSnapshot().pauseReason === 'offline', 3000, 'offline shown');
    online = true;
    listeners.forEach((l) => l());
    await until(() => f.w.getSnapshot().connection === 'streaming', 3000, 'streaming again');
    assert.equal(b.counts.polls, 0, 'no poll was sent while offline or on the way back');
    f.stop();
  });

  it('a hostile stream: junk frames and other tasks are skipped; a junk body is an error, as by polling', async () => {
    const b = await backend();
    const id = b.sim.createTask({ scenario: 'long-queue', speed: 1 });
    b.setOverride((req, res) => {
      if (!(req.headers.accept ?? '').includes('text/event-stream'))
        return void res.writeHead(500).end();
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event: hello\ndata: {"heartbeatMs":"soon"}\n\n');
      res.write('event: task\ndata: not json\n\n');
      res.write(`event: task\ndata: {"TaskId":"someone-else","Response":{}}\n\n`);
      res.write(`event: task\ndata: {"TaskId":${JSON.stringify(id)}}\n\n`.replace('}}', '}'));
      res.write(`event: surprise\ndata: {"TaskId":${JSON.stringify(id)}}\n\n`);
      res.write(
        `event: task\nid: "junk"\ndata: {"TaskId":${JSON.stringify(id)},"Response":{"Status":42,"WorkflowTask":"no"}}\n\n`,
      );
    });
    const f = follow({ endpoint: b.endpoint, taskId: id });
    await until(() => f.w.getSnapshot().error != null, 5000, 'an error');
    const snap = f.w.getSnapshot();
    assert.equal(snap.error!.kind, 'invalid');
    assert.equal(snap.connection, 'stopped');
    assert.equal(b.counts.polls, 0);
    f.stop();
  });

  it('an older event delivered late (8 % then 5 %) never moves the bar back; 9 % shows', async () => {
    const b = await backend();
    const id = b.sim.createTask({ scenario: 'long-queue', speed: 1 });
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
    b.setOverride((req, res) => {
      if (!(req.headers.accept ?? '').includes('text/event-stream'))
        return void res.writeHead(500).end();
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event: hello\ndata: {"heartbeatMs":15000}\n\n');
      for (const [n, progress] of [8, 5, 9].entries())
        res.write(`event: task\nid: "e${n}"\ndata: ${at(progress)}\n\n`);
    });
    const f = follow({ endpoint: b.endpoint, taskId: id });
    const seen: number[] = [];
    f.w.subscribe(() => {
      const progress = f.w.getSnapshot().task?.subtasks[0]?.progress;
      if (progress != null && progress !== seen.at(-1)) seen.push(progress);
    });
    await until(() => seen.includes(9), 5000, 'the 9 % event');
    assert.deepEqual(seen, [8, 9]);
    assert.equal(b.counts.polls, 0);
    f.stop();
  });

  it('a task that failed while the stream was down is cleared by the stream when it is back', async () => {
    const b = await backend();
    const id = b.sim.createTask({ scenario: 'long-queue', speed: 1 });
    const f = follow({ endpoint: b.endpoint, taskId: id });
    await until(() => f.w.getSnapshot().connection === 'streaming', 5000, 'streaming');
    // The stream drops, and the polls that take over fail (a 503 from a proxy, say).
    let failing = true;
    b.setOverride((req, res) => {
      if (!failing) {
        b.setOverride(null);
        return void toNodeListener(b.handler)(req, res);
      }
      res.writeHead(503, { 'Retry-After': '30' }).end();
    });
    b.cutStreams();
    await until(() => f.w.getSnapshot().connection === 'retrying', 8000, 'retrying');
    failing = false; // the backend is back; the next stream attempt succeeds
    await until(() => f.w.getSnapshot().connection === 'streaming', 8000, 'streaming again');
    assert.equal(f.w.getSnapshot().error, null);
    f.stop();
  });

  it("a stream failing again and again does not make the polls ignore the backend's Retry-After", async () => {
    const b = await backend();
    const id = b.sim.createTask({ scenario: 'long-queue', speed: 1 });
    const f = follow({ endpoint: b.endpoint, taskId: id });
    await until(() => f.w.getSnapshot().connection === 'streaming', 5000, 'streaming');
    // The backend goes down: every request, stream or poll, gets 503 with Retry-After: 30.
    b.setOverride((_req, res) => void res.writeHead(503, { 'Retry-After': '30' }).end());
    const before = { ...b.counts };
    b.cutStreams();
    await new Promise((r) => setTimeout(r, 4500));
    const streams = b.counts.streams - before.streams;
    const polls = b.counts.polls - before.polls;
    assert.ok(streams >= 2, `the stream kept trying (${streams})`);
    assert.equal(polls, 1, 'one poll took over, then it waits the 30 s it was told');
    assert.equal(f.w.getSnapshot().connection, 'retrying');
    f.stop();
  });

  it('a burst of answers is landed one per turn of the event loop, not in one long task', async () => {
    const b = await backend();
    const streams = new EventStreamRegistry();
    let turn = 0;
    const nextTurn = () => new Promise<void>((r) => setImmediate(() => (turn++, r())));
    const ids = Array.from({ length: 40 }, () => b.sim.createTask({ scenario: 'long-queue' }));
    const landedIn = new Map<string, number>();
    const rows = ids.map((taskId) => {
      const row = follow({ endpoint: b.endpoint, taskId, environment: { nextTurn } }, streams);
      row.w.subscribe(() => {
        if (row.w.getSnapshot().task && !landedIn.has(taskId)) landedIn.set(taskId, turn);
      });
      return row;
    });
    await until(() => landedIn.size === ids.length, 8000, 'every task landed');
    assert.equal(b.counts.polls, 0);
    assert.equal(new Set(landedIn.values()).size, ids.length, 'each in a turn of its own');
    rows.forEach((r) => r.stop());
  });
});
