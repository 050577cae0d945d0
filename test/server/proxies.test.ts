/**
 * Event streams through what sits in front of them in production: HTTP/2 (node:http2's
 * compatibility API) and Express's `compression()`. Each must pass every event on as it comes.
 * And the answers `toNodeListener` gzips itself.
 */
import { strict as assert } from 'node:assert';
import {
  createServer,
  get,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, createServer as createH2Server, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
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

/** One GET on plain node:http, its body as sent (no decoding), with its headers. */
function rawGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      }).on('error', reject);
    },
  );
}

/** A task created a minute ago: finished, with its outputs (an answer of several kB). */
function finishedTask() {
  let now = Date.now() - 60_000;
  const sim = new MpsSimulator({ now: () => now });
  const id = sim.createTask({ scenario: 'success' });
  now += 60_000;
  return { sim, id };
}

describe('event streams behind compression()', () => {
  it('are passed on as they come (no-transform): the task arrives while the stream is open', async () => {
    const { sim, id: finished } = finishedTask();
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
    // Plain answers are compressed (the exemption is the stream's alone), once: toNodeListener
    // gzipped it, and compression() leaves an encoded body alone.
    const big = await rawGet(`${origin}/api/task?TaskId=${finished}`, {
      'Accept-Encoding': 'gzip',
    });
    assert.equal(big.headers['content-encoding'], 'gzip');
    assert.ok(JSON.parse(gunzipSync(big.body).toString()).Response.WorkflowTask);
  });
});

describe('answers gzipped by toNodeListener', () => {
  it('gzips a JSON answer for a client that takes it, with a weak ETag that still gets its 304', async () => {
    const { sim, id } = finishedTask();
    const origin = await listen(createServer(toNodeListener(handlerFor(sim))));
    const url = `${origin}/api/task?TaskId=${id}`;
    const plain = await rawGet(url);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(String(plain.headers.vary), /Accept-Encoding/);
    assert.match(String(plain.headers.etag), /^"/, 'the plain answer keeps its strong ETag');
    assert.ok(plain.body.length >= 1024, `a task's answer is over 1 kB (${plain.body.length} B)`);

    const zipped = await rawGet(url, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.match(String(zipped.headers.vary), /Accept-Encoding/);
    assert.equal(zipped.headers.etag, `W/${plain.headers.etag}`);
    assert.ok(zipped.body.length * 2 < plain.body.length, 'at most half the bytes');
    const { RequestId: _a, ...unzipped } = JSON.parse(gunzipSync(zipped.body).toString()).Response;
    const { RequestId: _b, ...sent } = JSON.parse(plain.body.toString()).Response;
    assert.deepEqual(unzipped, sent);

    const again = await rawGet(url, {
      'Accept-Encoding': 'gzip',
      'If-None-Match': String(zipped.headers.etag),
    });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.match(String(again.headers.vary), /Accept-Encoding/);
  });

  it('sends it plain when gzip is refused (q=0), when told not to, and short error envelopes as they are', async () => {
    const { sim, id } = finishedTask();
    const origin = await listen(createServer(toNodeListener(handlerFor(sim))));
    const off = await listen(createServer(toNodeListener(handlerFor(sim), { compress: false })));
    for (const [base, encoding] of [
      [origin, 'gzip;q=0, identity'],
      [origin, 'br'],
      [off, 'gzip'],
    ]) {
      const res = await rawGet(`${base}/api/task?TaskId=${id}`, { 'Accept-Encoding': encoding });
      assert.equal(res.headers['content-encoding'], undefined, `${encoding}`);
      assert.ok(res.body.length >= 1024, 'long enough to be gzipped otherwise');
      assert.ok(JSON.parse(res.body.toString()).Response.WorkflowTask, encoding);
    }
    const refused = await rawGet(`${origin}/api/task?TaskId=bad%20id`, {
      'Accept-Encoding': 'gzip',
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.ok(JSON.parse(refused.body.toString()).Response.Error.Code);
  });
});
