/**
 * Malformed and hostile requests against the handler over real loopback HTTP (node:http through
 * `toNodeListener`): issue "Unbreakable on bad input", items 7–9.
 */
import { strict as assert } from 'node:assert';
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTaskStatusHandler } from '../../src/server/handler.js';
import { toNodeListener } from '../../src/server/node-adapter.js';
import { TokenBucket } from '../../src/server/rate-limit.js';
import { simulatorSource } from '../../src/server/sources/simulator.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';

const sim = new MpsSimulator({ seed: 5 });
let upstreamCalls = 0;
const source = simulatorSource(sim);
let server: Server;
let port = 0;

before(async () => {
  const handler = createTaskStatusHandler({
    source: (id, ctx) => {
      upstreamCalls++;
      return source(id, ctx);
    },
    allowAnyTask: true,
    log: () => {},
  });
  server = createServer(toNodeListener(handler));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise((r) => server.close(r)));

/** A raw HTTP/1.1 exchange, so the path and headers go out exactly as written. */
function raw(text: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.on('data', (chunk) => (data += chunk));
    socket.on('end', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: rest.join('\r\n\r\n') });
    });
    socket.on('error', reject);
  });
}

describe('the handler facing hostile requests', () => {
  it('7. a malformed %-escape in the path or a bad Host header → 400 with an error body', async () => {
    const calls = upstreamCalls;
    const escape = await raw(
      'GET /api/mps/task/%E0%A4%A HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    assert.equal(escape.status, 400);
    assert.match(escape.body, /InvalidParameterValue\.TaskId/);
    const host = await raw(
      'GET /api/task?TaskId=a-b HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n',
    );
    assert.equal(host.status, 400);
    assert.match(host.body, /Error/);
    assert.equal(upstreamCalls, calls, 'rejected input never reaches MPS');
  });

  it('8. a 100 MB chunked POST is refused with 413 while it streams, without buffering it', async () => {
    const before = process.memoryUsage();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/task',
          headers: { 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', () => {}); // the server closes the connection after refusing
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 100) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
      setTimeout(() => reject(new Error('no answer')), 20_000).unref();
    });
    assert.equal(status, 413);
    const grown = process.memoryUsage().arrayBuffers - before.arrayBuffers;
    assert.ok(grown < 20 * 1024 * 1024, `buffered ${(grown / 1e6).toFixed(1)} MB`);
  });

  it('8. a declared Content-Length over the limit is refused before reading', async () => {
    const res = await raw(
      'POST /api/task HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\n{"TaskId":',
    );
    assert.equal(res.status, 413);
  });

  it('9. Retry-After stays bounded after a storm of refusals and recovers as time passes', () => {
    let now = 0;
    const bucket = new TokenBucket(20, 40, now);
    let worst = 0;
    for (let i = 0; i < 40_000; i++) {
      const token = bucket.take(now);
      if (!token.ok) worst = Math.max(worst, token.retryAfterMs);
    }
    assert.ok(worst <= 10_000, `told to wait ${worst} ms`);
    now += 3000;
    // 3 s of refill: the next callers get tokens, then short waits.
    let served = 0;
    let wait = 0;
    for (let i = 0; i < 100; i++) {
      const token = bucket.take(now);
      if (token.ok) served++;
      else wait = Math.max(wait, token.retryAfterMs);
    }
    assert.ok(served >= 40, `served ${served}`);
    assert.ok(wait <= 10_000, `then told to wait ${wait} ms`);
  });
});
