import { strict as assert } from 'node:assert';
import { afterEach, describe, it } from 'node:test';
import {
  activeFollowerCount,
  createTaskWatcher,
  type TaskWatcher,
  type TaskWatcherOptions,
} from '../../src/core/watcher.js';
import { simulatorOn } from '../support/sim-fetch.js';
import { VirtualTime } from '../support/virtual-time.js';
import { EventStreamRegistry } from '../../src/core/event-streams.js';
import { seed } from '../support/fixtures.js';

const ENDPOINT = 'http://backend.test/mps/task';
const open: TaskWatcher[] = [];
function watch(
  time: VirtualTime,
  fetch: ReturnType<typeof simulatorOn>['fetch'] | undefined,
  opts: Omit<TaskWatcherOptions, 'endpoint'> & { endpoint?: string },
) {
  const w = createTaskWatcher({
    endpoint: ENDPOINT,
    lingerMs: 50,
    transport: 'poll', // the polling machinery; the stream has its own tests (watcher-stream)
    ...opts,
    environment: { ...time.env(fetch), ...opts.environment },
  });
  open.push(w);
  return w;
}
afterEach(() => {
  open.splice(0).forEach((w) => w.dispose());
});
const describes = (calls: { url: string }[]) =>
  calls.filter((c) => c.url.includes('/mps/task')).length;

describe('watcher: following a task', () => {
  it('goes loading → polling → stopped at FINISH and then makes no request', async () => {
    const time = new VirtualTime();
    const { sim, fetch, calls } = simulatorOn(time);
    const id = sim.createTask({ scenario: 'success' });
    const w = watch(time, fetch, { taskId: id });
    const seen: string[] = [];
    w.subscribe(() =>
      seen.push(`${w.getSnapshot().connection}:${w.getSnapshot().task?.status ?? '-'}`),
    );
    assert.equal(w.getSnapshot().connection, 'loading');
    await time.runUntil(() => w.getSnapshot().connection === 'stopped', 120_000);
    const snap = w.getSnapshot();
    assert.equal(snap.task?.status, 'FINISH');
    assert.equal(snap.task?.outcome, 'success');
    assert.deepEqual(
      [...new Set(seen.map((s) => s.split(':')[1]))],
      ['-', 'WAITING', 'PROCESSING', 'FINISH'],
    );
    const n = describes(calls);
    await time.advance(120_000);
    assert.equal(describes(calls), n, 'no request after FINISH');
    assert.equal(time.pendingTimers(), 0, 'no timer left after FINISH');
  });

  it('shares one request stream among 50 subscribers of the same task', async () => {
    const run = async (subscribers: number) => {
      const time = new VirtualTime();
      const { sim, fetch, calls } = simulatorOn(time);
      const id = sim.createTask({ scenario: 'success' });
      const watchers = Array.from({ length: subscribers }, () =>
        watch(time, fetch, { taskId: id }),
      );
      let notified = 0;
      watchers.forEach((w) => w.subscribe(() => notified++));
      await time.runUntil(() => watchers[0].getSnapshot().connection === 'stopped', 120_000);
      assert.ok(
        watchers.every((w) => w.getSnapshot() === watchers[0].getSnapshot()),
        'all see the same snapshot',
      );
      return { requests: describes(calls), notified };
    };
    const one = await run(1);
    const fifty = await run(50);
    assert.ok(one.requests > 3);
    assert.equal(
      fifty.requests,
      one.requests,
      `50 subscribers made ${fifty.requests} requests, 1 made ${one.requests}`,
    );
    // Late subscribers miss only the initial "loading" notification.
    assert.ok(
      fifty.notified <= one.notified * 50 && fifty.notified >= (one.notified - 1) * 50,
      `${fifty.notified} vs ${one.notified}`,
    );
  });

  it('keeps the same snapshot object (and notifies nobody) when nothing changed', async () => {
    const time = new VirtualTime();
    const body = seed();
    body.Response.Status = 'PROCESSING';
    body.Response.WorkflowTask.MediaProcessResultSet[0].TranscodeTask.Status = 'PROCESSING';
    body.Response.WorkflowTask.MediaProcessResultSet[0].TranscodeTask.Progress = 40;
    let n = 0;
    const fetcher = async () => ({ ...body, Response: { ...body.Response, RequestId: `r${++n}` } });
    const w = watch(time, undefined, { taskId: 'same', fetcher });
    let notified = 0;
    w.subscribe(() => notified++);
    await time.advance(1);
    const first = w.getSnapshot();
    const before = notified;
    await time.advance(60_000);
    assert.ok(n >= 5, `polled ${n} times`);
    assert.equal(w.getSnapshot(), first, 'same object');
    assert.equal(notified, before, 'no notification for unchanged data');
  });

  it('corrects running durations for server clock skew (Date header)', async () => {
    const time = new VirtualTime();
    const { sim, fetch } = simulatorOn(time, { serverSkewMs: -120_000 });
    const w = watch(time, fetch, { taskId: sim.createTask({ scenario: 'long-queue' }) });
    w.subscribe(() => {});
    await time.advance(10_000);
    const offset = w.getSnapshot().serverOffsetMs;
    assert.ok(Math.abs(offset + 120_000) <= 1500, `offset ${offset}`);
  });

  it('predicts the finish from the progress rate', async () => {
    const time = new VirtualTime();
    const { sim, fetch } = simulatorOn(time);
    const id = sim.createTask({ scenario: 'transcode', durationMs: 300_000 });
    const w = watch(time, fetch, { taskId: id });
    w.subscribe(() => {});
    await time.advance(120_000);
    const predicted = w.getSnapshot().predictedFinishAt!;
    const actual = sim.finishTime(id)!;
    assert.ok(Math.abs(predicted - actual) < 6000, `predicted ${predicted - actual} ms off`);
  });
});

describe('watcher: the 5-minute transcode target', () => {
  it('makes ≤ 30 requests and shows FINISH ≤ 2 s after the server (median over seeds)', async () => {
    const lags: number[] = [];
    const counts: number[] = [];
    for (let seed = 1; seed <= 9; seed++) {
      const time = new VirtualTime();
      const { sim, fetch, calls } = simulatorOn(time, { seed: seed * 7919 });
      time.randomValue = seed / 10;
      const id = sim.createTask({ scenario: 'transcode', durationMs: 300_000 });
      const w = watch(time, fetch, { taskId: id });
      let shownAt = 0;
      w.subscribe(() => {
        if (!shownAt && w.getSnapshot().task?.status === 'FINISH') shownAt = time.now;
      });
      await time.runUntil(() => shownAt > 0, 600_000);
      counts.push(describes(calls));
      lags.push(shownAt - sim.finishTime(id)!);
    }
    lags.sort((a, b) => a - b);
    const median = lags[Math.floor(lags.length / 2)];
    assert.ok(Math.max(...counts) <= 30, `requests per seed: ${counts}`);
    assert.ok(median <= 2000, `FINISH lag median ${median} ms (${lags})`);
  });
});

describe('watcher: failures', () => {
  it('backs off on retryable errors, honours Retry-After, then recovers', async () => {
    const time = new VirtualTime();
    const answers = [503, 503, 200];
    const times: number[] = [];
    const fetch = async () => {
      times.push(time.now);
      const status = answers.shift() ?? 200;
      return status === 200
        ? new Response(JSON.stringify(seed()), { status })
        : new Response('busy', {
            status,
            headers: times.length === 2 ? { 'Retry-After': '9' } : {},
          });
    };
    const w = watch(time, fetch, { taskId: 'backoff' });
    w.subscribe(() => {});
    await time.advance(1);
    let s = w.getSnapshot();
    assert.equal(s.connection, 'retrying');
    assert.equal(s.attempt, 1);
    assert.equal(s.error?.status, 503);
    assert.equal(
      s.nextRetryAt,
      time.now + 1000 - 1,
      'first retry after 1 s (jitter ×1 at random 0.5)',
    );
    await time.advance(1000);
    s = w.getSnapshot();
    assert.equal(s.attempt, 2);
    assert.equal(s.nextRetryAt! - times[1], 9000, 'Retry-After: 9 wins over 2 s backoff');
    await time.advance(9000);
    s = w.getSnapshot();
    assert.equal(s.task?.status, 'FINISH');
    assert.equal(s.error, null);
    assert.equal(s.attempt, 0);
    assert.equal(s.connection, 'stopped');
  });

  it('gives up after maxAttempts into an error that refresh() restarts', async () => {
    const time = new VirtualTime();
    let healthy = false;
    let requests = 0;
    const fetch = async () => {
      requests++;
      return healthy ? new Response(JSON.stringify(seed())) : new Response('down', { status: 500 });
    };
    const w = watch(time, fetch, { taskId: 'give-up', maxAttempts: 4 });
    w.subscribe(() => {});
    await time.advance(10 * 60_000);
    assert.equal(requests, 4);
    assert.equal(w.getSnapshot().connection, 'stopped');
    assert.equal(w.getSnapshot().error?.status, 500);
    healthy = true;
    w.refresh();
    await time.advance(1);
    assert.equal(requests, 5);
    assert.equal(w.getSnapshot().task?.status, 'FINISH');
    assert.equal(w.getSnapshot().error, null);
  });

  it('never gives up on rate limiting (429), only backs off', async () => {
    const time = new VirtualTime();
    let requests = 0;
    const fetch = async () => {
      requests++;
      return requests <= 12
        ? new Response('slow down', { status: 429, headers: { 'Retry-After': '1' } })
        : new Response(JSON.stringify(seed()));
    };
    const w = watch(time, fetch, { taskId: 'paced', maxAttempts: 3 });
    w.subscribe(() => {});
    await time.advance(60_000);
    assert.equal(requests, 13);
    assert.equal(w.getSnapshot().task?.status, 'FINISH');
  });

  it('does not retry terminal errors (not found, unauthorized, invalid)', async () => {
    for (const [status, body, kind] of [
      [
        200,
        JSON.stringify({ Response: { Error: { Code: 'ResourceNotFound', Message: 'x' } } }),
        'not-found',
      ],
      [403, 'no', 'unauthorized'],
      [200, JSON.stringify({ Response: { Status: 7 } }), 'invalid'],
    ] as const) {
      const time = new VirtualTime();
      let requests = 0;
      const w = watch(
        time,
        async () => {
          requests++;
          return new Response(body, { status });
        },
        { taskId: `t-${kind}` },
      );
      w.subscribe(() => {});
      await time.advance(5 * 60_000);
      assert.equal(requests, 1, kind);
      assert.equal(w.getSnapshot().connection, 'stopped');
      assert.equal(w.getSnapshot().error?.kind, kind);
    }
  });

  it('a body that is not JSON (cut short in transit) is retried, then given up as invalid', async () => {
    const time = new VirtualTime();
    let requests = 0;
    const w = watch(
      time,
      async () => {
        requests++;
        return new Response('{"Response": {"Stat', { status: 200 });
      },
      { taskId: 't-truncated' },
    );
    w.subscribe(() => {});
    await time.advance(10 * 60_000);
    assert.equal(requests, 3, 'three attempts, then the error shows');
    assert.equal(w.getSnapshot().connection, 'stopped');
    assert.equal(w.getSnapshot().error?.kind, 'invalid');
  });

  it('an older answer from a lagging replica never moves the status backwards', async () => {
    const time = new VirtualTime();
    const answers = ['PROCESSING', 'WAITING', 'FINISH', 'PROCESSING'];
    const w = createTaskWatcher({
      endpoint: '/x',
      taskId: 't-lagging',
      environment: time.env(),
      fetcher: async () => ({ Response: { Status: answers.shift() ?? 'PROCESSING' } }),
    });
    const seen: string[] = [];
    w.subscribe(() => seen.push(w.getSnapshot().task?.status ?? '-'));
    await time.advance(60_000);
    assert.equal(w.getSnapshot().task?.status, 'FINISH');
    w.refresh(); // asks again after FINISH: a replica still says PROCESSING
    await time.advance(60_000);
    assert.equal(w.getSnapshot().task?.status, 'FINISH');
    const statuses = seen.filter((s, i) => s !== '-' && s !== seen[i - 1]);
    assert.deepEqual(statuses, ['PROCESSING', 'FINISH']);
    w.dispose();
  });

  it('progress never runs backwards: a lagging replica (80 % → 40 % → 90 %) is a quiet answer', async () => {
    const time = new VirtualTime();
    const answers = [80, 40, 90, 90];
    const w = createTaskWatcher({
      endpoint: '/x',
      taskId: 't-lagging-progress',
      environment: time.env(),
      fetcher: async () => transcodeAt(answers.shift() ?? 90),
    });
    const seen: number[] = [];
    w.subscribe(() => {
      const progress = w.getSnapshot().task?.subtasks[0]?.progress;
      if (progress != null && progress !== seen.at(-1)) seen.push(progress);
    });
    await time.advance(60_000);
    assert.deepEqual(seen, [80, 90]);
    w.dispose();
  });

  it('a change of course still shows: a step that restarts, a new step', async () => {
    const time = new VirtualTime();
    const answers = [transcodeAt(80, 'FAIL'), transcodeAt(10), transcodeAt(10, 'PROCESSING', 2)];
    const w = createTaskWatcher({
      endpoint: '/x',
      taskId: 't-restart',
      environment: time.env(),
      fetcher: async () => answers.shift() ?? transcodeAt(10, 'PROCESSING', 2),
    });
    const seen: string[] = [];
    w.subscribe(() => {
      const steps = w.getSnapshot().task?.subtasks ?? [];
      const key = steps.map((t) => `${t.status}:${t.progress}`).join(',');
      if (key && key !== seen.at(-1)) seen.push(key);
    });
    await time.advance(60_000);
    assert.deepEqual(seen, ['FAIL:100', 'PROCESSING:10', 'PROCESSING:10,PROCESSING:10']);
    w.dispose();
  });

  it('a failure of our own reading code is "invalid" and stops, never retried as a network error', async () => {
    const time = new VirtualTime();
    let requests = 0;
    const w = createTaskWatcher({
      endpoint: '/x',
      taskId: 't-reader-bug',
      environment: time.env(),
      // A body whose reading throws a TypeError inside parse (a getter that fails).
      fetcher: async () => {
        requests++;
        return {
          Response: {
            get Status(): string {
              throw new TypeError('boom');
            },
          },
        };
      },
    });
    w.subscribe(() => {});
    await time.advance(60_000);
    assert.equal(requests, 1);
    assert.equal(w.getSnapshot().connection, 'stopped');
    assert.equal(w.getSnapshot().error?.kind, 'invalid');
    assert.match(w.getSnapshot().error!.message, /boom/);
    w.dispose();
  });

  it('keeps the last known task through errors', async () => {
    const time = new VirtualTime();
    const { sim, fetch } = simulatorOn(time);
    let fail = false;
    const flaky = async (url: string, init?: RequestInit) =>
      fail ? new Response('x', { status: 502 }) : fetch(url, init);
    const w = watch(time, flaky, { taskId: sim.createTask({ scenario: 'success' }) });
    const whileRetrying: unknown[] = [];
    w.subscribe(() => {
      if (w.getSnapshot().connection === 'retrying') whileRetrying.push(w.getSnapshot().task);
    });
    await time.advance(5000);
    const task = w.getSnapshot().task;
    assert.ok(task);
    fail = true;
    await time.advance(30_000);
    assert.ok(whileRetrying.length > 0, 'went into retrying');
    assert.ok(
      whileRetrying.every((t) => t === task),
      'kept the last known task',
    );
  });
});

describe('watcher: races, teardown, sharing lifetime', () => {
  it('never lets a stale response land after refresh()', async () => {
    const time = new VirtualTime();
    const pending: ((body: unknown) => void)[] = [];
    const fetcher = () => new Promise<unknown>((resolve) => pending.push(resolve));
    const w = watch(time, undefined, { taskId: 'race', fetcher });
    w.subscribe(() => {});
    await time.advance(1);
    w.refresh(); // a second request while the first is in flight
    await time.advance(1);
    assert.equal(pending.length, 2);
    const newer = seed();
    const older = seed();
    older.Response.Status = 'WAITING';
    pending[1](newer);
    await time.flush();
    pending[0](older);
    await time.flush();
    assert.equal(w.getSnapshot().task?.status, 'FINISH', 'the older answer was dropped');
  });

  it('aborts the request in flight and clears timers when the last subscriber leaves', async () => {
    const time = new VirtualTime();
    let aborted = 0;
    const fetcher = (_: string, { signal }: { signal: AbortSignal }) =>
      new Promise<unknown>((_, reject) =>
        signal.addEventListener('abort', () => {
          aborted++;
          reject(new Error('abort'));
        }),
      );
    const w = watch(time, undefined, { taskId: 'gone', fetcher });
    const off = w.subscribe(() => {});
    await time.advance(1);
    assert.equal(activeFollowerCount() >= 1, true);
    off();
    await time.advance(100);
    assert.equal(aborted, 1);
    assert.equal(time.pendingTimers(), 0);
    assert.equal(time.listenerCount(), 0, 'visibility/online listeners removed');
  });

  it('survives a quick unsubscribe/resubscribe (a DOM move) without a new request', async () => {
    const time = new VirtualTime();
    const { sim, fetch, calls } = simulatorOn(time);
    const id = sim.createTask({ scenario: 'long-queue' });
    const w = watch(time, fetch, { taskId: id });
    const off = w.subscribe(() => {});
    await time.advance(1);
    const n = describes(calls);
    const snap = w.getSnapshot();
    off();
    w.subscribe(() => {});
    await time.advance(10);
    assert.equal(describes(calls), n);
    assert.equal(w.getSnapshot(), snap);
  });

  it('changing the task id gives a separate stream; old data never shows for the new id', async () => {
    const time = new VirtualTime();
    const { sim, fetch } = simulatorOn(time);
    const a = watch(time, fetch, { taskId: sim.createTask({ scenario: 'success' }) });
    a.subscribe(() => {});
    await time.advance(60_000);
    const b = watch(time, fetch, { taskId: sim.createTask({ scenario: 'long-queue' }) });
    assert.equal(b.getSnapshot().task, null);
    b.subscribe(() => {});
    await time.advance(1);
    assert.equal(b.getSnapshot().task?.status, 'WAITING');
  });

  it('takes a whole exchange (the lowest seam), with its ETag and clock offset', async () => {
    const time = new VirtualTime();
    const seen: (string | null)[] = [];
    const exchange = async (_id: string, ctx: { etag: string | null }) => {
      seen.push(ctx.etag);
      return seen.length === 1
        ? { body: seed(), serverOffsetMs: 5000, etag: '"a"' }
        : { body: undefined, serverOffsetMs: 5000, etag: '"a"' };
    };
    const w = watch(time, undefined, { taskId: 'transported', exchange });
    w.subscribe(() => {});
    await time.advance(1);
    assert.equal(w.getSnapshot().task?.status, 'FINISH');
    assert.equal(w.getSnapshot().serverOffsetMs, 5000);
    assert.deepEqual(seen, [null]);
  });

  it('passes the task id and an AbortSignal to a custom fetcher', async () => {
    const time = new VirtualTime();
    const seen: unknown[] = [];
    const w = watch(time, undefined, {
      taskId: 'custom-1',
      fetcher: async (id, init) => {
        seen.push([id, init.signal instanceof AbortSignal]);
        return seed();
      },
    });
    w.subscribe(() => {});
    await time.advance(1);
    assert.deepEqual(seen, [['custom-1', true]]);
  });
});

describe('watcher: hidden page and offline', () => {
  it('pauses while hidden and fetches at once when visible again', async () => {
    const time = new VirtualTime();
    const { sim, fetch, calls } = simulatorOn(time);
    const w = watch(time, fetch, { taskId: sim.createTask({ scenario: 'long-queue' }) });
    w.subscribe(() => {});
    await time.advance(1);
    time.setHidden(true);
    const n = describes(calls);
    await time.advance(120_000);
    assert.equal(w.getSnapshot().connection, 'paused');
    assert.equal(w.getSnapshot().pauseReason, 'hidden');
    assert.ok(describes(calls) <= n + 1, 'at most the poll already scheduled');
    const m = describes(calls);
    time.setHidden(false);
    await time.advance(1);
    assert.equal(describes(calls), m + 1, 'fetched at once');
  });

  it('does not fetch on every tab flip: only when the last request is older than the shortest interval', async () => {
    const time = new VirtualTime();
    const { sim, fetch, calls } = simulatorOn(time);
    const w = watch(time, fetch, {
      taskId: sim.createTask({ scenario: 'long-queue' }),
      minInterval: 1000,
    });
    w.subscribe(() => {});
    await time.advance(1);
    const n = describes(calls);
    for (let i = 0; i < 5; i++) {
      time.setHidden(true);
      time.setHidden(false);
      await time.advance(50);
    }
    assert.equal(describes(calls), n, 'quick flips within 1 s: no extra request');
    await time.advance(1500);
    const m = describes(calls);
    time.setHidden(true);
    time.setHidden(false);
    await time.advance(1);
    assert.equal(describes(calls), m + 1, 'a flip after the interval fetches at once');
  });

  it('keeps polling in the background when asked to', async () => {
    const time = new VirtualTime();
    const { sim, fetch, calls } = simulatorOn(time);
    const w = watch(time, fetch, {
      taskId: sim.createTask({ scenario: 'long-queue' }),
      pollInBackground: true,
    });
    w.subscribe(() => {});
    time.setHidden(true);
    await time.advance(60_000);
    assert.ok(describes(calls) >= 5);
  });

  it('treats offline as a pause (no attempts burnt) and resumes when online', async () => {
    const time = new VirtualTime();
    const { sim, fetch, calls } = simulatorOn(time);
    const net = async (url: string, init?: RequestInit) => {
      if (!time.online) throw new TypeError('Failed to fetch');
      return fetch(url, init);
    };
    const w = watch(time, net, { taskId: sim.createTask({ scenario: 'long-queue' }) });
    w.subscribe(() => {});
    await time.advance(1);
    time.online = false; // the request fails before the browser fires 'offline'
    await time.advance(20_000);
    assert.equal(w.getSnapshot().connection, 'paused');
    assert.equal(w.getSnapshot().pauseReason, 'offline');
    assert.equal(w.getSnapshot().attempt, 0);
    assert.ok(w.getSnapshot().task, 'last known data kept');
    const n = describes(calls);
    time.setOnline(true);
    await time.advance(1);
    assert.equal(describes(calls), n + 1);
    assert.equal(w.getSnapshot().connection, 'polling');
  });
});

describe('watcher: widgets off screen', () => {
  /** A 10-minute transcode followed for 5 minutes: its requests, in view or not. */
  async function requestsOver5Minutes(
    opts: Partial<TaskWatcherOptions>,
    inView: boolean[],
  ): Promise<number> {
    const time = new VirtualTime();
    const { sim, fetch, calls } = simulatorOn(time);
    const taskId = sim.createTask({ scenario: 'transcode', durationMs: 600_000 });
    const watchers = inView.map((visible) => {
      const w = watch(time, fetch, { taskId, ...opts });
      w.setInView(visible);
      w.subscribe(() => {});
      return w;
    });
    await time.runUntil(() => watchers[0].getSnapshot().task?.status === 'PROCESSING', 60_000);
    const before = describes(calls);
    await time.advance(300_000);
    assert.equal(watchers[0].getSnapshot().task?.status, 'PROCESSING');
    return describes(calls) - before;
  }

  it('asks for a task nobody sees at most once a minute, a seen one as before', async () => {
    const seen = await requestsOver5Minutes({}, [true]);
    const unseen = await requestsOver5Minutes({}, [false]);
    assert.ok(seen >= 18, `in view: ${seen} requests in 5 minutes`);
    assert.ok(unseen <= 5, `off screen: ${unseen} requests in 5 minutes`);
    // One widget of the task in view is enough; offscreenInterval 0 turns the pacing off.
    assert.equal(await requestsOver5Minutes({}, [false, true]), seen);
    assert.equal(await requestsOver5Minutes({ offscreenInterval: 0 }, [false]), seen);
  });

  it('back in view, asks when it would have asked had it stayed there', async () => {
    const time = new VirtualTime();
    const { sim, fetch, calls } = simulatorOn(time);
    const taskId = sim.createTask({ scenario: 'transcode', durationMs: 600_000 });
    const w = watch(time, fetch, { taskId, maxInterval: 15_000 });
    w.setInView(false);
    w.subscribe(() => {});
    await time.runUntil(() => w.getSnapshot().task?.status === 'PROCESSING', 60_000);
    await time.advance(120_000);
    let lastAt = time.now;
    let n = describes(calls);
    // Find the moment right after an answer, then wait 20 s: an in-view row would have asked.
    await time.runUntil(() => describes(calls) > n, 120_000);
    lastAt = time.now;
    n = describes(calls);
    await time.advance(20_000);
    assert.equal(describes(calls), n, 'off screen: no request 20 s after the last');
    w.setInView(true);
    await time.advance(1);
    assert.equal(describes(calls), n + 1, 'in view: asked at once, being overdue');
    assert.ok(time.now - lastAt < 60_000);
    // Flipping again at once makes no extra request.
    w.setInView(false);
    w.setInView(true);
    await time.advance(1);
    assert.equal(describes(calls), n + 1);
  });

  it('coming back to the tab does not ask at once for a task nobody sees', async () => {
    const time = new VirtualTime();
    const { sim, fetch, calls } = simulatorOn(time);
    const taskId = sim.createTask({ scenario: 'transcode', durationMs: 600_000 });
    const [seen, unseen] = [
      watch(time, fetch, { taskId }),
      watch(time, fetch, {
        taskId: sim.createTask({ scenario: 'transcode', durationMs: 600_000 }),
      }),
    ];
    unseen.setInView(false);
    seen.subscribe(() => {});
    unseen.subscribe(() => {});
    await time.runUntil(() => unseen.getSnapshot().task?.status === 'PROCESSING', 60_000);
    await time.advance(5_000);
    const before = describes(calls);
    time.setHidden(true);
    time.setHidden(false);
    await time.advance(1);
    assert.equal(describes(calls), before + 1, 'only the task in view is asked at once');
  });
});

describe('watcher: interval options a page got wrong', () => {
  it('NaN, negative, zero or endless intervals fall back to the defaults, never a request storm', async () => {
    const count = async (opts: Partial<TaskWatcherOptions>, inView = true) => {
      const time = new VirtualTime();
      const { sim, fetch, calls } = simulatorOn(time);
      const w = watch(time, fetch, {
        taskId: sim.createTask({ scenario: 'transcode', durationMs: 600_000 }),
        ...opts,
      });
      w.setInView(inView);
      w.subscribe(() => {});
      await time.advance(120_000);
      return describes(calls);
    };
    const defaults = await count({});
    const offscreenDefaults = await count({}, false);
    for (const bad of [NaN, -5, Infinity, 2 ** 40]) {
      // As an attribute: interval="2s" → NaN.
      assert.equal(await count({ minInterval: bad, maxInterval: bad }), defaults);
      assert.equal(await count({ offscreenInterval: bad }, false), offscreenDefaults);
    }
    // 0 is a shortest interval of 100 ms, not of none.
    assert.ok((await count({ minInterval: 0, maxInterval: 0 })) <= 1200);
    assert.ok(defaults < 40, `defaults: ${defaults} requests in 2 minutes`);
  });
});

/** A running transcode workflow whose `steps` transcodes report `progress` (%) and `status`. */
function transcodeAt(progress: number, status = 'PROCESSING', steps = 1) {
  const step = {
    Type: 'Transcode',
    TranscodeTask: { Status: status, ErrCode: 0, Progress: progress },
  };
  return {
    Response: {
      TaskType: 'WorkflowTask',
      Status: 'PROCESSING',
      WorkflowTask: {
        TaskId: 't',
        Status: 'PROCESSING',
        MediaProcessResultSet: Array.from({ length: steps }, () => step),
      },
    },
  };
}

describe('watcher: options apply after mount', () => {
  it('a rotated bearer token is used from the next request on (one follower, no restart)', async () => {
    const time = new VirtualTime();
    const { sim, fetch, calls } = simulatorOn(time);
    const id = sim.createTask({ scenario: 'long-queue' });
    const seenTokens: string[] = [];
    const recording: typeof fetch = (input, init) => {
      seenTokens.push(new Headers(init?.headers).get('Authorization') ?? '-');
      return fetch(input, init);
    };
    const options = (token: string) => ({
      taskId: id,
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    });
    const w = watch(time, recording, options('old'));
    w.subscribe(() => {});
    await time.advance(10_000);
    const before = describes(calls);
    w.update({
      endpoint: ENDPOINT,
      transport: 'poll',
      ...options('new'),
      environment: time.env(recording),
    });
    await time.advance(20_000);
    assert.ok(describes(calls) > before, 'it kept polling');
    assert.equal(activeFollowerCount() >= 1, true);
    const after = seenTokens.slice(before);
    assert.ok(after.length > 0);
    assert.deepEqual(
      [...new Set(after)],
      ['Bearer new'],
      'every request after the change carries the new token',
    );
    assert.equal(w.getSnapshot().task?.taskId, id, 'the task shown stays: no restart');
  });

  it('a new interval applies to the next poll', async () => {
    const time = new VirtualTime();
    let requests = 0;
    const fetcher = async () => (requests++, { Response: { Status: 'WAITING' } });
    const w = createTaskWatcher({
      endpoint: '/x',
      taskId: 't-interval',
      transport: 'poll',
      minInterval: 1000,
      maxInterval: 1000,
      environment: time.env(),
      fetcher,
    });
    open.push(w);
    w.subscribe(() => {});
    await time.advance(10_000);
    const fast = requests;
    w.update({
      endpoint: '/x',
      taskId: 't-interval',
      transport: 'poll',
      minInterval: 5000,
      maxInterval: 5000,
      environment: time.env(),
      fetcher,
    });
    const start = requests;
    await time.advance(20_000);
    assert.ok(fast >= 9, `1 s polls at first: ${fast}`);
    assert.ok(requests - start <= 5, `5 s polls after the change: ${requests - start}`);
  });

  it("transport 'sse': a stream lost while it carried the task notifies listeners once, with the error", async () => {
    const time = new VirtualTime();
    let cut: (() => void) | null = null;
    const body = JSON.stringify({
      TaskId: 't-sse-once',
      Response: {
        Status: 'PROCESSING',
        WorkflowTask: { TaskId: 't-sse-once', Status: 'PROCESSING' },
      },
    });
    const streaming = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(
              new TextEncoder().encode(
                `event: hello\ndata: {"heartbeatMs":15000}\n\nevent: task\nid: "e1"\ndata: ${body}\n\n`,
              ),
            );
            cut = () => controller.error(new Error('connection reset'));
          },
        }),
        { headers: { 'Content-Type': 'text/event-stream' } },
      );
    const w = createTaskWatcher({
      endpoint: 'http://backend.test/api/{taskId}',
      taskId: 't-sse-once',
      transport: 'sse',
      environment: {
        ...time.env(streaming),
        eventStreams: new EventStreamRegistry(),
        nextTurn: async () => {},
      },
    });
    open.push(w);
    const snapshots: string[] = [];
    w.subscribe(() =>
      snapshots.push(`${w.getSnapshot().connection}:${w.getSnapshot().error?.message ?? ''}`),
    );
    await time.advance(1000);
    assert.equal(w.getSnapshot().connection, 'streaming');
    const before = snapshots.length;
    cut!();
    await time.advance(10);
    assert.deepEqual(snapshots.slice(before), ['retrying:Status stream unavailable']);
  });
});

describe('watcher: an answer the page already has (server rendering)', () => {
  it('shows it with no first request, then asks conditionally on its ETag, and follows to FINISH', async () => {
    const time = new VirtualTime();
    const { sim, fetch, calls } = simulatorOn(time);
    const id = sim.createTask({ scenario: 'success' });
    await time.advance(9000);
    const rendered = await fetch(`${ENDPOINT}?TaskId=${id}`);
    // As our server handler tags its answers (the simulator's own routes do not).
    const etag = '"rendered"';
    const initial = { body: await rendered.json(), etag, serverOffsetMs: 0 };
    calls.length = 0;
    const w = watch(time, fetch, { taskId: id, initial });
    w.subscribe(() => {});
    await time.flush();
    assert.equal(w.getSnapshot().task?.status, 'PROCESSING', 'shown from the page at once');
    assert.equal(describes(calls), 0, 'no first request');
    await time.runUntil(() => describes(calls) > 0, 60_000);
    assert.equal(calls[0].headers.get('if-none-match'), etag);
    await time.runUntil(() => w.getSnapshot().connection === 'stopped', 300_000);
    assert.equal(w.getSnapshot().task?.outcome, 'success');
  });
});
