import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFirstRequest } from '../../src/core/first-requests.js';
import { createTaskWatcher, WatcherRegistry } from '../../src/core/watcher.js';
import type { TaskWatcherOptions } from '../../src/core/watcher-options.js';
import { createTaskStatusHandler } from '../../src/server/handler.js';
import { toNodeListener } from '../../src/server/node-adapter.js';
import { simulatorSource } from '../../src/server/sources/simulator.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import { until } from '../support/until.js';

// Its own process (node --test runs each file apart): no first request is left from another file.
describe('first requests started before any widget (the page script’s prelude)', () => {
  const sim = new MpsSimulator();
  const asked: { taskId: string; auth: string }[] = [];
  let failNext = false;
  const listener = toNodeListener(
    createTaskStatusHandler({ source: simulatorSource(sim), allowAnyTask: true }),
  );
  const server = createServer((req, res) => {
    const taskId = new URL(req.url ?? '', 'http://x').searchParams.get('TaskId') ?? '';
    asked.push({ taskId, auth: String(req.headers.authorization ?? '') });
    if (failNext) {
      failNext = false;
      res.writeHead(503).end();
      return;
    }
    void listener(req, res);
  });
  let endpoint = '';
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/task`;
  });
  after(() => new Promise((r) => server.close(r)));

  const follow = async (options: Omit<TaskWatcherOptions, 'endpoint'>) => {
    const watcher = createTaskWatcher(
      { endpoint, transport: 'poll', minInterval: 60_000, ...options },
      new WatcherRegistry(),
    );
    const off = watcher.subscribe(() => {});
    await until(() => watcher.getSnapshot().task != null || !!watcher.getSnapshot().error);
    return { watcher, off };
  };
  const asksFor = (taskId: string) => asked.filter((a) => a.taskId === taskId);

  it('the follower whose first request it is takes it: one request for the first status', async () => {
    const taskId = sim.createTask({ scenario: 'long-queue' });
    startFirstRequest({ endpoint, taskId, method: 'GET' });
    startFirstRequest({ endpoint, taskId, method: 'GET' }); // a second call asks nothing more
    const { watcher, off } = await follow({ taskId });
    assert.equal(watcher.getSnapshot().task?.status, 'WAITING');
    assert.equal(asksFor(taskId).length, 1);
    off();
  });

  it('a widget that makes its request otherwise (its own headers) asks for itself', async () => {
    const taskId = sim.createTask({ scenario: 'long-queue' });
    startFirstRequest({ endpoint, taskId, method: 'GET' });
    const headers = { Authorization: 'Bearer t0k3n' };
    const { watcher, off } = await follow({ taskId, requestInit: { headers } });
    assert.ok(watcher.getSnapshot().task);
    await until(() => asksFor(taskId).length === 2);
    assert.deepEqual(
      asksFor(taskId)
        .map((a) => a.auth)
        .sort(),
      ['', 'Bearer t0k3n'],
    );
    off();
  });

  it('a first request that failed is the follower’s failure: shown as retrying, then recovered', async () => {
    const taskId = sim.createTask({ scenario: 'long-queue' });
    failNext = true;
    startFirstRequest({ endpoint, taskId, method: 'GET' });
    const watcher = createTaskWatcher(
      { endpoint, taskId, transport: 'poll', minInterval: 100 },
      new WatcherRegistry(),
    );
    const seen: string[] = [];
    const off = watcher.subscribe(() => seen.push(watcher.getSnapshot().connection));
    await until(() => watcher.getSnapshot().task != null, 10_000);
    assert.ok(seen.includes('retrying'), seen.join());
    assert.equal(watcher.getSnapshot().error, null);
    assert.equal(asksFor(taskId).length, 2, 'the failed first request and one retry');
    off();
  });
});
