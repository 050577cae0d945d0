import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import { SCENARIOS, type Scenario } from '../../src/simulator/scenarios.js';

/**
 * A wtr plugin serving the simulator through a chaotic network on its own port: each task's
 * requests meet a rotating, deterministic mix of 500/502/503, 429 with Retry-After, connection
 * resets, truncated bodies, slow answers, answers from a lagging replica (an older state) and a
 * `Date` an hour off, and one request of the first task hangs past the client's 15 s timeout.
 * Never more than two faults in a row, as a real flaky backend would still answer.
 */
type Fault =
  | 'ok'
  | '500'
  | '502'
  | '503'
  | '429'
  | 'reset'
  | 'truncated'
  | 'slow'
  | 'lagging'
  | 'skew+'
  | 'skew-';

const PATTERN: Fault[] = [
  'ok',
  '503',
  'lagging',
  'ok',
  'truncated',
  '429',
  'ok',
  'reset',
  'skew+',
  'ok',
  '502',
  'slow',
  'ok',
  'skew-',
  '500',
];

export function chaosServerPlugin() {
  let server: Server | null = null;
  let port = 0;
  let now = Date.now();
  let lagMs = 0;
  const sim = new MpsSimulator({ speed: 4, seed: 13, now: () => now - lagMs });
  const served = new Map<string, number>();
  const faultsServed = new Map<Fault, number>();
  const order = new Map<string, number>();
  let hung = false;

  const envelope = (code: string) =>
    JSON.stringify({ Response: { Error: { Code: code, Message: code }, RequestId: 'chaos' } });

  return {
    name: 'chaos-server',
    async serverStart() {
      server = createServer((req, res) => {
        now = Date.now();
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Access-Control-Expose-Headers', 'Date, ETag, Retry-After');
        if (req.method === 'OPTIONS') return void res.writeHead(204).end();
        const url = new URL(req.url ?? '/', 'http://chaos');
        const id = url.searchParams.get('TaskId') ?? '';
        const count = (served.get(id) ?? 0) + 1;
        served.set(id, count);
        const index = order.get(id) ?? 0;
        if (index === 0 && count === 3 && !hung) {
          hung = true; // past the widget's 15 s timeout, then gone
          setTimeout(() => res.destroy(), 16_000);
          return;
        }
        const fault = PATTERN[(index * 4 + count - 1) % PATTERN.length];
        faultsServed.set(fault, (faultsServed.get(fault) ?? 0) + 1);
        const send = (status: number, body: string, headers: Record<string, string> = {}) =>
          res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(body);
        if (fault === 'reset') return void res.destroy();
        if (/^5/.test(fault)) {
          return send(
            Number(fault),
            envelope('InternalError'),
            fault === '503' ? { 'Retry-After': '1' } : {},
          );
        }
        if (fault === '429')
          return send(429, envelope('RequestLimitExceeded'), { 'Retry-After': '1' });
        if (fault === 'lagging') lagMs = 4000; // 16 s of task time back, at speed 4
        const answer = sim.describe(id);
        lagMs = 0;
        const body =
          fault === 'truncated' ? answer.body.slice(0, answer.body.length / 2) : answer.body;
        const skew = fault === 'skew+' ? 3_600_000 : fault === 'skew-' ? -3_600_000 : 0;
        const headers = { Date: new Date(now + skew).toUTCString() };
        setTimeout(() => send(answer.status, body, headers), fault === 'slow' ? 2500 : 0);
      });
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    },
    async serverStop() {
      server?.closeAllConnections();
      await new Promise((r) => server?.close(r));
    },
    executeCommand({ command, payload }: { command: string; payload?: unknown }) {
      if (command === 'chaos-url') return `http://127.0.0.1:${port}/task`;
      if (command === 'chaos-create') {
        const scenarios = payload as Scenario[];
        now = Date.now();
        return scenarios.map((scenario, i) => {
          if (!SCENARIOS.includes(scenario)) throw new Error(scenario);
          const id = sim.createTask({ scenario });
          order.set(id, i);
          return id;
        });
      }
      if (command === 'chaos-served') return Object.fromEntries(served);
      if (command === 'chaos-faults') return Object.fromEntries(faultsServed);
      return undefined;
    },
  };
}
