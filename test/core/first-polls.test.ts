import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTaskWatcher, WatcherRegistry } from '../../src/core/watcher.js';
import { EventStreamRegistry } from '../../src/core/event-streams.js';
import { createTaskStatusHandler } from '../../src/server/handler.js';
import { toNodeListener } from '../../src/server/node-adapter.js';
import { simulatorSource } from '../../src/server/sources/simulator.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import { until } from '../support/until.js';

// Its own process (node --test runs each file apart): the page's budget of first polls is fresh.
describe('first polls beside the event stream', () => {
  const sim = new MpsSimulator();
  const polls: string[] = [];
  /** What the server saw, in order: a poll, its answer sent, a stream opened. */
  const order: string[] = [];
  /** Answers to polls wait this long: a stream opened beside the poll would come first. */
  let pollDelayMs = 0;
  const listener = toNodeListener(
    createTaskStatusHandler({ source: simulatorSource(sim), allowAnyTask: true }),
  );
  const server = createServer((req, res) => {
    // The second test's widget asks at /late/…: another test's stream cannot reach its record.
    const record = (what: string) => req.url?.startsWith('/late/') && order.push(what);
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      polls.push(req.url ?? '');
      record('poll');
      res.on('finish', () => record('answered'));
      setTimeout(() => void listener(req, res), pollDelayMs);
      return;
    }
    record('stream');
    void listener(req, res);
  });
  after(() => new Promise((r) => server.close(r)));

  it("a page's first four widgets ask at once; a table's other rows get theirs from the stream", async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/task`;
    const streams = new EventStreamRegistry();
    const ids = Array.from({ length: 12 }, () => sim.createTask({ scenario: 'long-queue' }));
    const watchers = ids.map((taskId) =>
      createTaskWatcher(
        { endpoint, taskId, environment: { eventStreams: streams } },
        new WatcherRegistry(),
      ),
    );
    const offs = watchers.map((w) => w.subscribe(() => {}));
    await until(() => watchers.every((w) => w.getSnapshot().task != null));
    assert.equal(polls.length, 4, polls.join());
    assert.deepEqual(
      polls.map((url) => new URL(url, 'http://x').searchParams.get('TaskId')),
      ids.slice(0, 4),
    );
    offs.forEach((off) => off());
    watchers.forEach((w) => w.dispose());
  });

  it('a first-polled widget joins the stream once its answer is in: nothing shares the network with its first status', async () => {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/late/task`;
    order.length = 0;
    pollDelayMs = 500;
    const streams = new EventStreamRegistry();
    const taskId = sim.createTask({ scenario: 'long-queue' });
    const watcher = createTaskWatcher(
      { endpoint, taskId, environment: { eventStreams: streams, firstPolls: 1 } },
      new WatcherRegistry(),
    );
    const off = watcher.subscribe(() => {});
    await until(() => watcher.getSnapshot().connection === 'streaming');
    assert.deepEqual(order.slice(0, 3), ['poll', 'answered', 'stream']);
    off();
    watcher.dispose();
  });
});
