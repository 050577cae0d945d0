/**
 * The status handler fuzzed over loopback HTTP (node:http through `toNodeListener`, raw sockets):
 * random paths, %-escapes, methods, headers, bodies and sizes. Never a 500, never an upstream call
 * for input the handler rejects, memory bounded. FUZZ_RUNS/50 requests in `npm test` (160 by
 * default), `npm run stress` 20,000.
 */
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTaskStatusHandler } from '../../src/server/handler.js';
import { toNodeListener } from '../../src/server/node-adapter.js';
import { simulatorSource } from '../../src/server/sources/simulator.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import { fuzzSeed } from '../support/fuzz.js';

const RUNS = Math.max(100, Math.round(Number(process.env.FUZZ_RUNS ?? 8000) / 50));
const sim = new MpsSimulator({ seed: 9, speed: 50 });
const known = sim.createTask({ scenario: 'success' });
const source = simulatorSource(sim);
const upstream: string[] = [];
let server: Server;
let port = 0;

before(async () => {
  const handler = createTaskStatusHandler({
    source: (id, ctx) => {
      upstream.push(id);
      return source(id, ctx);
    },
    // Authorization that a fuzzer can fail: ids with "deny" are refused.
    authorize: (_request, taskId) => {
      if (taskId.includes('throw')) throw new Error('authorizer crashed');
      return !taskId.includes('deny');
    },
    upstreamRate: { perSecond: 1000 },
    log: () => {},
  });
  server = createServer(toNodeListener(handler, { maxBodyBytes: 16 * 1024 }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise((r) => server.close(r)));

/** Sends bytes as written and reads the status line; null when the server closed without one. */
function exchange(bytes: Buffer): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let data = '';
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(data)?.[1];
      resolve(status ? Number(status) : null);
    });
  });
}

const segment = fc.oneof(
  fc.constantFrom(
    'api',
    'task',
    known,
    `${known}-deny`,
    'a-throw',
    '%E0%A4%A',
    '%',
    '%%',
    '..',
    '%2F',
    '%00',
  ),
  fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s)),
  fc.stringMatching(/^[\x21-\x7e]{0,30}$/).map((s) => s.replace(/[\s#?]/g, '')),
);
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom(
    `?TaskId=${known}`,
    '?TaskId=',
    '?TaskId=%ZZ',
    '?TaskId=a-b&TaskId=c',
    `?TaskId=${'x'.repeat(300)}`,
  ),
  fc.string({ maxLength: 30 }).map((s) => `?TaskId=${encodeURIComponent(s)}`),
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'BREW');
const headerValue = fc.oneof(
  fc.constantFrom('', 'localhost', '[::1', 'a b', 'http://x', '*', '\u00ff', 'W/"x"', 'bytes=0-'),
  fc.stringMatching(/^[\x20-\x7e]{0,60}$/),
);
const headers = fc.array(
  fc.tuple(
    fc.constantFrom(
      'Host',
      'Origin',
      'If-None-Match',
      'Content-Type',
      'Authorization',
      'Cookie',
      'X-Forwarded-For',
      'Accept',
    ),
    headerValue,
  ),
  { maxLength: 5 },
);
const body = fc.oneof(
  fc.constant(''),
  fc.constant(JSON.stringify({ TaskId: known })),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.integer({ min: 1, max: 64 }).map((kb) => '{"TaskId":"' + 'a'.repeat(kb * 1024) + '"}'),
);

const request = fc
  .record({
    method,
    segments: fc.array(segment, { minLength: 0, maxLength: 4 }),
    query,
    headers,
    body,
  })
  .map(({ method, segments, query, headers, body }) => {
    const head = [
      `${method} /${segments.join('/')}${query} HTTP/1.1`,
      ...(headers.some(([name]) => name === 'Host') ? [] : ['Host: localhost']),
      ...headers.map(([name, value]) => `${name}: ${value}`),
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ];
    return { bytes: Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`, 'latin1'), segments, query };
  });

/** A request with no body, as written. */
const raw = (line: string) =>
  Buffer.from(`${line}\r\nHost: localhost\r\nConnection: close\r\n\r\n`);

describe(`the handler fuzzed over loopback (${RUNS} requests)`, () => {
  it('never answers 500, never calls MPS for rejected input, keeps memory bounded', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const statuses = new Map<number | null, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ bytes }) => {
        const calls = upstream.length;
        const status = await exchange(bytes);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        assert.notEqual(status, 500, `500 for ${bytes.toString('latin1').slice(0, 200)}`);
        if (status != null && status >= 400 && status !== 404 && status !== 429 && status < 500) {
          assert.equal(upstream.length, calls, `rejected (${status}) input reached MPS`);
        }
        for (const id of upstream.slice(calls)) {
          assert.match(
            id,
            /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
            'only well-formed ids go upstream',
          );
          assert.ok(!id.includes('deny') && !id.includes('throw'), 'unauthorized id went upstream');
        }
      }),
      {
        numRuns: RUNS,
        seed: fuzzSeed(),
        // Requests that must be among them whatever the seed: served, refused, not allowed.
        examples: [
          [{ bytes: raw(`GET /api/task?TaskId=${known} HTTP/1.1`) }],
          [{ bytes: raw(`GET /api/task/${known}-deny HTTP/1.1`) }],
          [{ bytes: raw('GET /api/task/a-throw HTTP/1.1') }],
          [{ bytes: raw('BREW /api/task HTTP/1.1') }],
        ] as never,
      },
    );
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    assert.ok(grownMb < 100, `heap grew ${grownMb.toFixed(1)} MB`);
    // The fuzzer reached the interesting answers, not just one kind of refusal.
    for (const expected of [200, 400, 403, 405])
      assert.ok(statuses.get(expected), `no ${expected} seen`);
  });
});
