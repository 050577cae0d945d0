import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RequestSlots, originOf } from '../../src/core/request-slots.js';
import { fetchTask } from '../../src/core/request.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('RequestSlots', () => {
  it('lets `limit` requests per origin through and queues the rest in order', async () => {
    const slots = new RequestSlots(2);
    const started: number[] = [];
    const releases: (() => void)[] = [];
    for (let i = 0; i < 5; i++)
      void Promise.resolve(slots.acquire('https://a.example')).then((release) => {
        started.push(i);
        releases[i] = release;
      });
    await tick();
    assert.deepEqual(started, [0, 1]);
    releases[1]();
    releases[1](); // releasing twice frees one slot only
    await tick();
    assert.deepEqual(started, [0, 1, 2]);
    releases[0]();
    await tick();
    assert.deepEqual(started, [0, 1, 2, 3]);
  });

  it('keeps origins apart', async () => {
    const slots = new RequestSlots(1);
    const got: string[] = [];
    for (const origin of ['https://a.example', 'https://a.example', 'https://b.example'])
      void Promise.resolve(slots.acquire(origin)).then(() => got.push(origin));
    await tick();
    assert.deepEqual(got, ['https://a.example', 'https://b.example']);
  });

  it('drops a waiter whose signal aborts, and rejects it with the reason', async () => {
    const slots = new RequestSlots(1);
    const first = await slots.acquire('');
    const ctrl = new AbortController();
    const waiting = slots.acquire('', ctrl.signal);
    let thirdStarted = false;
    void Promise.resolve(slots.acquire('')).then(() => (thirdStarted = true));
    ctrl.abort(new Error('gone'));
    await assert.rejects(Promise.resolve(waiting), /gone/);
    first();
    await tick();
    assert.equal(thirdStarted, true, 'the aborted waiter did not keep its place');
  });

  it('hands a free slot over at once, in the same task: the request leaves before the script goes on', async () => {
    const slots = new RequestSlots(1);
    const free = slots.acquire('');
    assert.equal(typeof free, 'function', 'a free slot waited for a later task');
    assert.ok(slots.acquire('') instanceof Promise, 'a busy origin must wait');
    await assert.rejects(
      Promise.resolve(slots.acquire('', AbortSignal.abort(new Error('already')))),
      /already/,
    );
  });

  it('names the origin of absolute URLs and the page for relative ones', () => {
    assert.equal(
      originOf('https://API.example:8443/mps/task?TaskId=1'),
      'https://api.example:8443',
    );
    assert.equal(originOf('/mps/task?TaskId=1'), '');
  });

  it('holds a slot in fetchTask until the body has been read, and counts the timeout from there', async () => {
    const slots = new RequestSlots(1);
    let inFlight = 0;
    let most = 0;
    const fetch = async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      return new Response(
        new ReadableStream({
          async start(controller) {
            await new Promise((r) => setTimeout(r, 20));
            controller.enqueue(new TextEncoder().encode('{"Response":{"Status":"WAITING"}}'));
            inFlight--;
            controller.close();
          },
        }),
      );
    };
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        fetchTask(`t${n}`, {
          endpoint: 'https://a.example/s',
          signal: new AbortController().signal,
          fetch: fetch as typeof globalThis.fetch,
          // Shorter than the three requests in a row: the queue time must not count.
          timeoutMs: 100,
          requestSlot: (origin, signal) => slots.acquire(origin, signal),
        }),
      ),
    );
    assert.equal(most, 1);
    assert.equal(results.length, 3);
  });
});
