/**
 * `npm run bench` (part 1): requests and FINISH delay for a simulated 5-minute transcode, in
 * virtual time, for fixed-interval polling against the adaptive policy. Counts, not wall-clock
 * times, so the figures are the same on any machine.
 */
import { createTaskWatcher } from '../src/core/watcher.js';
import { simulatorOn } from '../test/support/sim-fetch.js';
import { VirtualTime } from '../test/support/virtual-time.js';

interface Row {
  label: string;
  requests: number[];
  lagMs: number[];
}

async function run(
  label: string,
  minInterval: number,
  maxInterval: number,
  seeds: number,
  durationMs: number,
): Promise<Row> {
  const row: Row = { label, requests: [], lagMs: [] };
  for (let seed = 1; seed <= seeds; seed++) {
    const time = new VirtualTime();
    time.randomValue = (seed * 0.618) % 1;
    const { sim, fetch, calls } = simulatorOn(time, { seed: seed * 7919 + minInterval });
    const id = sim.createTask({ scenario: 'transcode', durationMs });
    // A distinct endpoint per run: streams are shared by endpoint + task id across the process.
    const w = createTaskWatcher({
      endpoint: `http://bench.test/mps/task?run=${label}-${durationMs}-${seed}`,
      taskId: id,
      minInterval,
      maxInterval,
      transport: 'poll',
      environment: time.env(fetch),
    });
    let shownAt = 0;
    const off = w.subscribe(() => {
      if (!shownAt && w.getSnapshot().task?.status === 'FINISH') shownAt = time.now;
    });
    await time.runUntil(() => shownAt > 0, durationMs * 3);
    off();
    row.requests.push(calls.length);
    row.lagMs.push(shownAt - sim.finishTime(id)!);
  }
  return row;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs: number[]) => Math.max(...xs);

export async function pollingBench(seeds = 15): Promise<string> {
  const lines = [];
  for (const minutes of [5, 1, 20]) {
    const ms = minutes * 60_000;
    const rows = [
      await run('fixed 1 s', 1000, 1000, seeds, ms),
      await run('fixed 5 s', 5000, 5000, seeds, ms),
      await run('adaptive (default 1–15 s)', 1000, 15_000, seeds, ms),
    ];
    lines.push(`\n${minutes}-minute transcode (1 s queue), ${seeds} seeds, virtual time`);
    lines.push('| poller | requests (median / max) | FINISH shown after server (median / max) |');
    lines.push('|---|---|---|');
    for (const r of rows) {
      lines.push(
        `| ${r.label} | ${median(r.requests)} / ${max(r.requests)} | ${(median(r.lagMs) / 1000).toFixed(2)} s / ${(max(r.lagMs) / 1000).toFixed(2)} s |`,
      );
    }
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await pollingBench());
