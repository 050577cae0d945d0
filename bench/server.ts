/**
 * The push half under load and on a bad day (#22), side by side with the server as it was before
 * that work (`BASELINE`, checked out into a git worktree beside this one): many viewers of one
 * big task, clients that never read, a notification storm, and three instances on one Redis, with
 * Redis stopped for 20 s mid-run. Wall-clock and memory figures of this machine, in one process
 * (the viewers' reading is counted in the CPU figures).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Redis } from 'ioredis';
import { redisUnavailable, startRedis } from '../test/support/redis-server.js';

/** The last commit before the push half's hardening (#22). */
const BASELINE = '0f71b0e';
const root = fileURLToPath(new URL('..', import.meta.url));

type ServerModule = typeof import('../src/server/index.js');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) =>
  xs.length
    ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]
    : NaN;
const fixed = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');

async function baseline(): Promise<ServerModule> {
  const dir = join(tmpdir(), `mts-bench-baseline-${BASELINE}`);
  if (!existsSync(dir)) {
    execFileSync('git', ['worktree', 'add', '--detach', dir, BASELINE], {
      cwd: root,
      stdio: 'ignore',
    });
    symlinkSync(`${root}node_modules`, `${dir}/node_modules`);
  }
  return (await import(pathToFileURL(`${dir}/src/server/index.ts`).href)) as ServerModule;
}

/** A task of `size` bytes whose content is `version()`: a notification follows each change. */
function changingTask(size: number, version: () => number) {
  const big = 'x'.repeat(size);
  return async (id: string) => ({
    TaskType: 'WorkflowTask',
    Status: 'PROCESSING',
    WorkflowTask: { TaskId: id, Status: 'PROCESSING', Message: `${big}${version()}` },
  });
}

const change = (taskId: string) => ({
  taskId,
  eventType: 'WorkflowTask',
  task: {},
  receivedAt: Date.now(),
});

/** Reads a stream in-process, counting its `task` frames. */
function reader(response: Response) {
  const state = { tasks: 0 };
  const decoder = new TextDecoder();
  void (async () => {
    const r = response.body!.getReader();
    for (;;) {
      const { done, value } = await r.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      state.tasks += decoder.decode(value).split('event: task\n').length - 1;
    }
  })();
  return state;
}

/**
 * A handler (no budget, room for 5,000 streams) in front of one 50 kB task, `t-1`, that changes
 * only when `bump()` says so, with its notification.
 */
function bigTask(mod: ServerModule) {
  let version = 0;
  const broadcaster = mod.memoryBroadcaster();
  const handler = mod.createTaskStatusHandler({
    source: changingTask(50_000, () => version),
    allowAnyTask: true,
    broadcaster,
    cacheMs: 0,
    upstreamRate: { perSecond: 1e6 },
    events: { maxTotal: 5000, maxPerClient: 5000, pollMs: 600_000 },
    log: () => {},
  });
  const bump = () => {
    version++;
    broadcaster.publish(change('t-1'));
  };
  return { handler, bump };
}

/** 2,000 streams on one instance, all viewing one 50 kB task that changes 10 times. */
async function manyViewers(mod: ServerModule, n = 2000) {
  const { handler, bump } = bigTask(mod);
  const before = heapMb();
  const streams: { tasks: number }[] = [];
  for (let i = 0; i < n; i++)
    streams.push(
      reader(
        await handler(
          new Request('http://b/api/task?TaskId=t-1', { headers: { Accept: 'text/event-stream' } }),
        ),
      ),
    );
  const all = async (k: number) => {
    while (streams.some((s) => s.tasks < k)) await sleep(1);
  };
  await all(1);
  const perStreamKb = ((heapMb() - before) * 1024) / n;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const cpu: number[] = [];
  for (let k = 2; k <= 11; k++) {
    const start = process.cpuUsage();
    bump();
    await all(k);
    const used = process.cpuUsage(start);
    cpu.push((used.user + used.system) / 1000);
  }
  delay.disable();
  return { perStreamKb, cpuMs: pct(cpu, 0.5), p99: delay.percentile(99) / 1e6 };
}

/** 200 clients over real sockets that never read, a 50 kB task changing every 100 ms, `ms` long. */
async function nonReading(mod: ServerModule, ms = 60_000, n = 200) {
  const { handler, bump } = bigTask(mod);
  const server = createServer(mod.toNodeListener(handler));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const before = process.memoryUsage().rss / 2 ** 20;
  const sockets = [];
  for (let i = 0; i < n; i++) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(
      `GET /api/task?TaskId=t-1 HTTP/1.1\r\nHost: b\r\nAccept: text/event-stream\r\n\r\n`,
    );
    socket.pause();
    sockets.push(socket);
  }
  let peak = before;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    bump();
    await sleep(100);
    peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
  }
  for (const s of sockets) s.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  return { growthMb: peak - before, open: handler.openStreams };
}

/** 1,000 notifications for one task in 1 s; DescribeTaskDetail takes 100 ms. */
async function storm(mod: ServerModule) {
  const broadcaster = mod.memoryBroadcaster();
  let calls = 0;
  const handler = mod.createTaskStatusHandler({
    source: async (id) => {
      calls++;
      await sleep(100);
      return changingTask(100, () => calls)(id);
    },
    allowAnyTask: true,
    broadcaster,
    events: { pollMs: 600_000 },
    log: () => {},
  });
  const stream = reader(
    await handler(
      new Request('http://b/api/task?TaskId=t-1', { headers: { Accept: 'text/event-stream' } }),
    ),
  );
  while (stream.tasks < 1) await sleep(5);
  const before = calls;
  const end = Date.now() + 1000;
  while (Date.now() < end) {
    broadcaster.publish(change('t-1'));
    await sleep(1);
  }
  await sleep(1500);
  return { calls: calls - before };
}

/**
 * Three instances on one Redis following 1,000 simulated tasks (a third each on one stream per
 * instance), notified of every change (each notification reaching one instance, as MPS's POST
 * would). With `outageMs`, Redis is stopped that long from 10 s in.
 */
export async function threeInstances(mod: ServerModule, runMs: number, outageMs = 0) {
  const redis = await startRedis();
  const sim = new mod.MpsSimulator();
  const perSecond = 100;
  const clients = [0, 1, 2].map(() => {
    // Reconnecting at least every second (ioredis's default waits up to 2 s between tries).
    const c = new Redis(redis.url, { retryStrategy: (n) => Math.min(n * 50, 1000) });
    c.on('error', () => {});
    return c;
  });
  const broadcasters = clients.map((c) => mod.redisBroadcaster({ redis: c, prefix: 'bench:' }));
  const handlers = broadcasters.map((broadcaster) =>
    mod.createTaskStatusHandler({
      source: mod.simulatorSource(sim),
      allowAnyTask: true,
      broadcaster,
      upstreamRate: { perSecond },
      events: { maxPerClient: 100 },
      log: () => {},
    }),
  );
  const kinds = ['success', 'transcode', 'ai-workflow', 'edit-media', 'schedule'] as const;
  // 1,000 tasks submitted over the first 30 s (a batch each 300 ms, at speeds 1× to 3×), so their
  // finishes spread over the run as a real queue's do; each batch is followed on one stream of
  // one instance, in turn.
  const ids: string[] = [];
  const shownFinish = new Map<string, number>();
  const decoder = new TextDecoder();
  const follow = async (batch: string[], instance: number) => {
    const res = await handlers[instance](
      new Request('http://b/api/task', {
        method: 'POST',
        headers: { Accept: 'text/event-stream', 'Content-Type': 'application/json' },
        body: JSON.stringify({ TaskIds: batch }),
      }),
    );
    const r = res.body!.getReader();
    let text = '';
    for (;;) {
      const { done, value } = await r.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      text += decoder.decode(value, { stream: true });
      const frames = text.split('\n\n');
      text = frames.pop()!;
      for (const f of frames) {
        const m = /"TaskId":"([^"]+)","Response":\{.*?"Status":"FINISH"/.exec(f);
        if (f.startsWith('event: task\n') && m && !shownFinish.has(m[1]))
          shownFinish.set(m[1], Date.now());
      }
    }
  };
  const submit = (batchNo: number) => {
    const batch = Array.from({ length: 10 }, (_, k) =>
      sim.createTask({ scenario: kinds[(batchNo + k) % 5], speed: 1 + (k % 5) / 2 }),
    );
    ids.push(...batch);
    void follow(batch, batchNo % 3);
  };
  // The notifier: each change of a task's status goes to one instance (round robin).
  const lastKey = new Map<string, string>();
  const finishedAt = new Map<string, number>();
  let next = 0;
  const gets: number[] = [];
  const start = Date.now();
  let redisUp = true;
  let restartedAt = 0;
  let pushBackMs = NaN;
  let batches = 0;
  while (Date.now() - start < runMs) {
    while (batches < 100 && batches * 300 <= Date.now() - start) submit(batches++);
    for (const id of ids) {
      const detail = sim.detail(id) as { Status?: string; WorkflowTask?: { Status?: string } };
      const key = JSON.stringify([detail?.Status, detail?.WorkflowTask?.Status]);
      if (lastKey.get(id) === key) continue;
      lastKey.set(id, key);
      if (detail?.Status === 'FINISH') finishedAt.set(id, Date.now());
      void broadcasters[next++ % 3].publish(change(id));
    }
    // A viewer's GET every tick, timed (no request may wait more than 3 s).
    const t = Date.now();
    const res = await handlers[next % 3](
      new Request(`http://b/api/task?TaskId=${ids[next % ids.length]}`),
    );
    await res.body?.cancel();
    gets.push(Date.now() - t);
    const elapsed = Date.now() - start;
    if (outageMs && redisUp && elapsed > 10_000 && !restartedAt) {
      await redis.stop();
      redisUp = false;
    } else if (outageMs && !redisUp && elapsed > 10_000 + outageMs) {
      const back = await startRedis(redis.port);
      redisUp = true;
      restartedAt = Date.now();
      // Push is back when an event one instance publishes reaches another's subscriber.
      const probe = `probe-${Date.now()}`;
      let heard = 0;
      const off = broadcasters[1].subscribe(probe, () => (heard ||= Date.now()));
      while (!heard && Date.now() - restartedAt < 30_000) {
        await broadcasters[0].publish(change(probe));
        await sleep(50);
      }
      off();
      pushBackMs = heard ? heard - restartedAt : NaN;
      redis.stop = back.stop;
    }
    await sleep(100);
  }
  // Tasks that finished last are given up to 15 s more to be shown (a poll at the pace without
  // notifications), then what is still missing is named.
  const tailEnd = Date.now() + 15_000;
  while ([...finishedAt.keys()].some((id) => !shownFinish.has(id)) && Date.now() < tailEnd)
    await sleep(100);
  const latency = [...finishedAt].flatMap(([id, at]) =>
    shownFinish.has(id) ? [Math.max(0, shownFinish.get(id)! - at)] : [],
  );
  const missing = [...finishedAt]
    .filter(([id]) => !shownFinish.has(id))
    .map(
      ([id, at]) =>
        `${((at - start) / 1000).toFixed(1)} s in (${id}, instance ${Math.floor(ids.indexOf(id) / 10) % 3})`,
    );
  const calls = handlers.reduce((n, h) => n + h.upstreamCalls, 0);
  await Promise.all(broadcasters.map((b) => b.close().catch(() => {})));
  clients.forEach((c) => c.disconnect());
  await redis.stop();
  return {
    callsPerSecond: calls / (runMs / 1000),
    perSecond,
    finished: finishedAt.size,
    shown: latency.length,
    p95: pct(latency, 0.95),
    getMax: Math.max(...gets),
    pushBackMs,
    missing,
  };
}

export async function serverBench(only?: string): Promise<string> {
  const ours = (await import('../src/server/index.js')) as ServerModule;
  const base = await baseline();
  const rows: string[] = [
    `| scenario | measure | before #22 (${BASELINE}) | now | target |`,
    '|---|---|---|---|---|',
  ];
  if (only !== 'redis') await singleInstance(rows, ours, base);
  return redisRows(rows, ours);
}

async function singleInstance(rows: string[], ours: ServerModule, base: ServerModule) {
  const [b1, o1] = [await manyViewers(base), await manyViewers(ours)];
  rows.push(
    `| 2,000 streams, one 50 kB task | memory per stream | ${fixed(b1.perStreamKb)} kB | ${fixed(o1.perStreamKb)} kB | |`,
    `| | CPU per change (median of 10, readers included) | ${fixed(b1.cpuMs, 0)} ms | ${fixed(o1.cpuMs, 0)} ms | |`,
    `| | event-loop delay p99 | ${fixed(b1.p99, 0)} ms | ${fixed(o1.p99, 0)} ms | ≤ 100 ms |`,
  );
  const [b2, o2] = [await nonReading(base), await nonReading(ours)];
  rows.push(
    `| 200 clients that never read, 60 s | server memory growth (RSS peak) | ${fixed(b2.growthMb, 0)} MB | ${fixed(o2.growthMb, 0)} MB | ≤ 64 MB |`,
  );
  const [b3, o3] = [await storm(base), await storm(ours)];
  rows.push(
    `| 1,000 notifications for one task in 1 s | upstream calls | ${b3.calls} | ${o3.calls} | ≤ 3 |`,
  );
}

async function redisRows(rows: string[], ours: ServerModule): Promise<string> {
  const skip = redisUnavailable();
  if (skip) return `${rows.join('\n')}\n\n(Redis scenarios skipped: ${skip})`;
  const o4 = await threeInstances(ours, 60_000);
  rows.push(
    `| 3 instances, one Redis, 1,000 tasks, 60 s | upstream calls/s (shared budget ${o4.perSecond}/s) | | ${fixed(o4.callsPerSecond)} | ≤ ${o4.perSecond} |`,
    `| | FINISH shown after its notification, p95 (${o4.shown} of ${o4.finished}${o4.missing.length ? `; not shown: finished ${o4.missing.join(', ')}` : ''}) | | ${fixed(o4.p95, 0)} ms | ≤ 500 ms |`,
  );
  const o5 = await threeInstances(ours, 60_000, 20_000);
  rows.push(
    `| the same, Redis stopped 20 s from 10 s in | longest GET | | ${o5.getMax} ms | ≤ 3,000 ms |`,
    `| | FINISH shown (of those finished), p95 after notification | | ${o5.shown} of ${o5.finished}, ${fixed(o5.p95, 0)} ms${o5.missing.length ? ` (not shown: finished ${o5.missing.join(', ')})` : ''} | all |`,
    `| | push back after Redis returned | | ${fixed(o5.pushBackMs, 0)} ms | ≤ 2,000 ms |`,
  );
  return rows.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  console.log(await serverBench(process.argv[2]));
