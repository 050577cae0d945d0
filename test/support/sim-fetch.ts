import { createSimulatorHandler } from '../../src/simulator/http.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import type { VirtualTime } from './virtual-time.js';

/**
 * A simulator on virtual time, reached through its real web handler (Request → Response), with a
 * `Date` header as a real server sends. `fetch` counts the requests the watcher makes.
 */
let seeds = 1000;

export function simulatorOn(
  time: VirtualTime,
  opts: { serverSkewMs?: number; seed?: number } = {},
) {
  const sim = new MpsSimulator({
    now: () => time.now + (opts.serverSkewMs ?? 0),
    seed: opts.seed ?? ++seeds,
  });
  const handler = createSimulatorHandler(sim);
  const calls: { url: string; method: string; body: string | null; headers: Headers }[] = [];
  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    calls.push({
      url: request.url,
      method: request.method,
      body: init?.body ? String(init.body) : null,
      headers: request.headers,
    });
    const res = await handler(request);
    const headers = new Headers(res.headers);
    headers.set('Date', new Date(time.now + (opts.serverSkewMs ?? 0)).toUTCString());
    return new Response(res.body, { status: res.status, headers });
  };
  return { sim, fetch, calls };
}
