// Push vs polling, in real time over real HTTP (Node's fetch streams the events as a browser
// does): the same simulated tasks followed by the core watcher four ways. Wall-clock by nature —
// a notification and a round trip are what is measured. The tasks are sped up only to ~30–60 s:
// MPS times have 1 s resolution, and a task squeezed into seconds would make the adaptive
// poller's rate estimate (and so its aim) worse than it is on real tasks.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStreamRegistry } from '../src/core/event-streams.js';
import {
  createTaskWatcher,
  WatcherRegistry,
  type TaskWatcherOptions,
} from '../src/core/watcher.js';
import { memoryBroadcaster } from '../src/server/broadcaster.js';
import { createTaskStatusHandler } from '../src/server/handler.js';
import { toNodeListener } from '../src/server/node-adapter.js';
import { createNotificationHandler } from '../src/server/notifications.js';
import { startSimulatorNotifier } from '../src/server/notifier.js';
import { simulatorSource } from '../src/server/sources/simulator.js';
import { MpsSimulator } from '../src/simulator/simulator.js';

const STRATEGIES: { label: string; opts: Partial<TaskWatcherOptions> }[] = [
  { label: 'push (SSE, notifications)', opts: { transport: 'auto' } },
  { label: 'push refused → fallback polling', opts: { transport: 'auto' } },
  { label: 'adaptive polling (1–15 s)', opts: { transport: 'poll' } },
  { label: 'fixed 1 s polling', opts: { transport: 'poll', minInterval: 1000, maxInterval: 1000 } },
];
/** With Progress (a 5-minute transcode, run at 5×: 60 s) and without (AI steps report none: 27 s). */
const SCENARIOS = [
  { scenario: 'transcode', speed: 5, label: 'transcode (with Progress)' },
  { scenario: 'ai-workflow', speed: 1, label: 'AI workflow (no Progress)' },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const max = (xs: number[]) => Math.max(...xs);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function pushBench(tasksPerCell = 6): Promise<string> {
  const sim = new MpsSimulator({ seed: 11 });
  const broadcaster = memoryBroadcaster();
  const finishNotified = new Map<string, number>();
  const publish = broadcaster.publish.bind(broadcaster);
  broadcaster.publish = (event) => {
    if (event.task.Status === 'FINISH' && !finishNotified.has(event.taskId))
      finishNotified.set(event.taskId, Date.now());
    return publish(event);
  };
  const receiver = createNotificationHandler({ notifyKey: 'bench', broadcaster });
  const notifier = startSimulatorNotifier(sim, {
    url: 'http://bench/notify',
    notifyKey: 'bench',
    intervalMs: 50,
    fetch: (url, init) => receiver(new Request(url, init)),
  });
  const handler = createTaskStatusHandler({
    source: simulatorSource(sim),
    allowAnyTask: true,
    broadcaster,
    upstreamRate: { perSecond: 1000 },
  });
  const listener = toNodeListener(handler);
  const requests = new Map<string, number>();
  const server = createServer((req, res) => {
    const label = STRATEGIES[Number(req.headers['x-bench'])]?.label ?? '';
    requests.set(label, (requests.get(label) ?? 0) + 1);
    const stream = (req.headers.accept ?? '').includes('text/event-stream');
    if (stream && label.startsWith('push refused')) return void res.writeHead(404).end();
    void listener(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/task`;

  type Cell = { delays: number[]; afterNotification: number[]; tasks: number };
  const cells = new Map<string, Cell>();
  const runs: Promise<void>[] = [];
  for (const { label, opts } of STRATEGIES) {
    const streams = new EventStreamRegistry();
    const registry = new WatcherRegistry();
    for (const sc of SCENARIOS) {
      const cell: Cell = { delays: [], afterNotification: [], tasks: tasksPerCell };
      cells.set(`${label}|${sc.label}`, cell);
      for (let i = 0; i < tasksPerCell; i++) {
        const id = sim.createTask({ scenario: sc.scenario as never, speed: sc.speed });
        const w = createTaskWatcher(
          {
            endpoint,
            taskId: id,
            requestInit: {
              headers: { 'x-bench': String(STRATEGIES.findIndex((x) => x.label === label)) },
            },
            environment: { eventStreams: streams },
            ...opts,
          },
          registry,
        );
        runs.push(
          new Promise<void>((done) => {
            const off = w.subscribe(() => {
              if (w.getSnapshot().task?.status !== 'FINISH') return;
              const shown = Date.now();
              cell.delays.push(shown - sim.finishTime(id)!);
              const notified = finishNotified.get(id);
              if (notified != null) cell.afterNotification.push(shown - notified);
              off();
              w.dispose();
              done();
            });
          }),
        );
      }
    }
  }
  await Promise.all(runs);
  notifier.stop();
  await new Promise((r) => server.close(r));

  const lines = [
    `${tasksPerCell} tasks per cell (60 s transcodes, 27 s AI workflows), all followed at once over HTTP; requests include the stream requests, which a strategy's tasks share.`,
    '',
    '| strategy | tasks | requests per task | FINISH shown after the server (median / max) | after the notification arrived (median / max) |',
    '|---|---|---|---|---|',
  ];
  for (const { label } of STRATEGIES) {
    for (const sc of SCENARIOS) {
      const cell = cells.get(`${label}|${sc.label}`)!;
      const perTask = (requests.get(label) ?? 0) / (cell.tasks * SCENARIOS.length);
      const after =
        label.startsWith('push (') && cell.afterNotification.length
          ? `${s(median(cell.afterNotification))} / ${s(max(cell.afterNotification))}`
          : '—';
      lines.push(
        `| ${label} | ${sc.label} | ${perTask.toFixed(1)} | ${s(median(cell.delays))} / ${s(max(cell.delays))} | ${after} |`,
      );
    }
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await pushBench());
