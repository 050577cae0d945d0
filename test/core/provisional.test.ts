import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadTaskReader, type ReaderChunk } from '../../src/core/load-reader.js';
import { provisionalTask } from '../../src/core/provisional.js';
import { readTask } from '../../src/core/reader-chunk.js';
import type { FetchResult } from '../../src/core/request.js';
import { createTaskWatcher, WatcherRegistry } from '../../src/core/watcher.js';
import type { TaskWatcherOptions } from '../../src/core/watcher-options.js';
import { SCENARIOS } from '../../src/simulator/scenarios.js';
import { frozenTask } from '../../src/simulator/simulator.js';
import { seed } from '../support/fixtures.js';
import { VirtualTime } from '../support/virtual-time.js';

/** A reader chunk that loads only when the test says so (on a phone it lands after the answer). */
function heldReader() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    release,
    load: (): Promise<ReaderChunk> => gate.then(() => loadTaskReader()),
  };
}

/** A watcher whose one answer is `body` (the exchange seam), with the reader held back. */
function watchWith(body: unknown, opts: Partial<TaskWatcherOptions> = {}) {
  const time = new VirtualTime();
  const reader = heldReader();
  let requests = 0;
  const watcher = createTaskWatcher(
    {
      endpoint: '/mps/task',
      taskId: 'task-1',
      transport: 'poll',
      provisional: true,
      exchange: async (): Promise<FetchResult> => {
        requests++;
        return { body, serverOffsetMs: 0, etag: null };
      },
      ...opts,
      environment: { ...time.env(), loadReader: reader.load },
    },
    new WatcherRegistry(),
  );
  let notified = 0;
  const off = watcher.subscribe(() => notified++);
  return { time, reader, watcher, off, requests: () => requests, notified: () => notified };
}

describe('a first status from the answer alone, before the reader chunk', () => {
  it('a processing task shows as processing at once, then in full when the reader lands', async () => {
    const { body } = frozenTask('success', 9000);
    const run = watchWith(body);
    await run.time.flush();
    const shown = run.watcher.getSnapshot();
    assert.equal(shown.task?.status, 'PROCESSING');
    assert.equal(shown.task?.outcome, 'pending');
    // Nothing the reader has not checked: no progress, steps or outputs yet.
    assert.equal(shown.task?.progress, null);
    assert.deepEqual([shown.task?.subtasks.length, shown.task?.outputs.length], [0, 0]);
    assert.equal(shown.connection, 'polling');
    run.reader.release();
    await run.time.flush();
    const read = run.watcher.getSnapshot().task!;
    assert.equal(read.status, 'PROCESSING');
    assert.ok(read.subtasks.length > 0, 'the full reading replaced the preview');
    assert.deepEqual(read, readTask(body));
    assert.equal(run.requests(), 1, 'the full reading came from the same answer');
    run.off();
  });

  it('a finished task waits for the reader: its outcome needs every step read', async () => {
    const run = watchWith(frozenTask('success', 600_000).body);
    await run.time.flush();
    assert.equal(run.watcher.getSnapshot().task, null);
    assert.equal(run.watcher.getSnapshot().connection, 'loading');
    run.reader.release();
    await run.time.flush();
    assert.equal(run.watcher.getSnapshot().task?.outcome, 'success');
    run.off();
  });

  it('only where the options ask for it (the minimal variant), and never over a server-rendered answer', async () => {
    const { body } = frozenTask('success', 9000);
    const plain = watchWith(body, { provisional: false });
    await plain.time.flush();
    assert.equal(plain.watcher.getSnapshot().task, null);
    plain.off();
    const rendered = watchWith(body, { initial: { body, serverOffsetMs: 0, etag: '"e1"' } });
    await rendered.time.flush();
    assert.equal(rendered.watcher.getSnapshot().task, null, 'the page already shows it whole');
    assert.equal(rendered.requests(), 0);
    rendered.off();
  });

  it('an error envelope, a bare status of another type, a non-object: no preview', () => {
    const cases = [
      {
        Response: {
          Error: { Code: 'ResourceNotFound.TaskNotExist', Message: 'x' },
          Status: 'PROCESSING',
        },
      },
      { Response: { Status: ['PROCESSING'] } },
      { Response: { Status: 'processing' } },
      { Response: 'PROCESSING' },
      null,
      'PROCESSING',
      [{ Status: 'PROCESSING' }],
    ];
    for (const body of cases) assert.equal(provisionalTask(body), null, JSON.stringify(body));
  });

  it('agrees with the reader on every published and simulated body it previews', () => {
    const bodies = [
      seed(),
      ...SCENARIOS.filter((scenario) => scenario !== 'bad-json').flatMap((scenario) =>
        [0, 1000, 9000, 60_000].map((at) => frozenTask(scenario, at).body),
      ),
    ];
    let previewed = 0;
    for (const body of bodies) {
      const preview = provisionalTask(body);
      if (!preview) continue;
      previewed++;
      assert.equal(readTask(body).status, preview.status);
    }
    assert.ok(previewed >= 4, `only ${previewed} bodies previewed`);
  });
});
