/**
 * Event streams through what sits in front of them in production: HTTP/2 (node:http2's
 * compatibility API) and Express's `compression()`. Each must pass every event on as it comes.
 */
import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, createServer as createH2Server, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import compression from 'compression';
import { SseParser, type SseMessage } from '../../src/core/sse.js';
import { createTaskStatusHandler } from '../../src/server/handler.js';
import { toNodeListener } from '../../src/server/node-adapter.js';
import { simulatorSource } from '../../src/server/sources/simulator.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import { openStream } from '../support/sse.js';

const servers: (Server | Http2Server)[] = [];
after(() =>
  Promise.all(
    servers.map((s) => {
      (s as Server).closeAllConnections?.(); // kept-alive fetch connections would hold it open
      return new Promise((r) => s.close(r));
    }),
  ),
);

function handlerFor(sim: MpsSimulator) {
  return createTaskStatusHandler({ source: simulatorSource(sim), allowAnyTask: true });
}

async function listen(server: Server | Http2Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** One HTTP/2 request; resolves with its status and the events that came before `until`. */
function h2Events(
  origin: string,
  headers: Record<string, string>,
  body: string | null,
  until: (events: SseMessage[]) => boolean,
): Promise<{ status: number; contentType: string; events: SseMessage[]; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const session = connect(origin);
    session.on('error', reject);
    const req = session.request(headers, { endStream: body == null });
    if (body != null) req.end(body);
    const parser = new SseParser();
    const events: SseMessage[] = [];
    let status = 0;
    let contentType = '';
    let ended = false;
    const finish = () => {
      req.close();
      session.destroy(); // not close(): that waits for the server's streams to end
      resolve({ status, contentType, events, ended });
    };
    req.on('response', (h) => {
      status = Number(h[':status']);
      contentType = String(h['content-type'] ?? '');
    });
    req.setEncoding('utf8');
    req.on('data', (text: string) => {
      events.push(...parser.push(text));
      if (until(events)) finish();
    });
    req.on('end', () => {
      ended = true;
      finish();
    });
    req.on('error', reject);
  });
}

describe('event streams over HTTP/2', () => {
  it('toNodeListener serves HTTP/2 (its pseudo-headers were copied as headers: every request was a 400)', async () => {
    const sim = new MpsSimulator();
    const origin = await listen(createH2Server(toNodeListener(handlerFor(sim))));
    const id = sim.createTask({ scenario: 'long-queue' });
    const got = await h2Events(
      origin,
      { ':path': `/api/task?TaskId=${id}`, accept: 'text/event-stream' },
      null,
      (events) => events.some((e) => e.event === 'task'),
    );
    assert.equal(got.status, 200);
    assert.match(got.contentType, /^text\/event-stream/);
    assert.deepEqual(
      got.events.map((e) => e.event),
      ['hello', 'task'],
    );
    assert.equal(got.ended, false, 'the task came while the stream was open');
  });

  it('a POST stream request and a plain GET over HTTP/2 as well; a malformed request is a 4xx', async () => {
    const sim = new MpsSimulator();
    const origin = await listen(createH2Server(toNodeListener(handlerFor(sim))));
    const ids = [
      sim.createTask({ scenario: 'long-queue' }),
      sim.createTask({ scenario: 'long-queue' }),
    ];
    const streamed = await h2Events(
      origin,
      {
        ':path': '/api/task',
        ':method': 'POST',
        accept: 'text/event-stream',
        'content-type': 'application/json',
      },
      JSON.stringify({ TaskIds: ids }),
      (events) => events.filter((e) => e.event === 'task').length === 2,
    );
    assert.equal(streamed.status, 200);
    const plain = await h2Events(
      origin,
      { ':path': `/api/task?TaskId=${ids[0]}` },
      null,
      () => false,
    );
    assert.equal(plain.status, 200);
    const bad = await h2Events(
      origin,
      { ':path': '/api/task', ':method': 'POST', 'content-type': 'application/json' },
      'x'.repeat(200_000),
      () => false,
    );
    assert.ok(bad.status >= 400 && bad.status < 500, String(bad.status));
  });
});

describe('event streams behind compression()', () => {
  it('are passed on as they come (no-transform): the task arrives while the stream is open', async () => {
    const sim = new MpsSimulator();
    const listener = toNodeListener(handlerFor(sim));
    // As Express mounts it: connect-style middleware on plain node:http requests.
    const compress = compression() as unknown as (
      req: IncomingMessage,
      res: ServerResponse,
      next: () => void,
    ) => void;
    const origin = await listen(
      createServer((req, res) => compress(req, res, () => void listener(req, res))),
    );
    const id = sim.createTask({ scenario: 'long-queue' });
    const stream = await openStream(`${origin}/api/task?TaskId=${id}`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    await stream.next((e) => e.event === 'task', 10_000);
    assert.equal(stream.response.headers.get('Content-Encoding'), null);
    stream.close();
    // Plain GETs are still compressed by it (the exemption is the stream's alone).
    const big = await fetch(`${origin}/api/task?TaskId=${id}`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    assert.equal(big.status, 200);
  });
});
