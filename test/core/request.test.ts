import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TaskStatusError } from '../../src/core/errors.js';
import { MAX_RETRY_AFTER_MS, fetchTask, parseRetryAfter, taskUrl } from '../../src/core/request.js';

const ID = '2353030000-WorkflowTask-80108cc3380155d98b2e3573a48a00ad';

describe('taskUrl (request contract)', () => {
  it('adds TaskId to the query for GET, keeping the query already there', () => {
    assert.equal(
      taskUrl('https://api.example.com/status', ID),
      `https://api.example.com/status?TaskId=${ID}`,
    );
    assert.equal(
      taskUrl('https://api.example.com/status?tenant=7&x=1', ID),
      `https://api.example.com/status?tenant=7&x=1&TaskId=${ID}`,
    );
  });
  it('resolves relative endpoints against the page', () => {
    assert.equal(
      taskUrl('/api/task', 'a', 'GET', 'https://site.example/admin/page'),
      'https://site.example/api/task?TaskId=a',
    );
    assert.equal(
      taskUrl('task', 'a', 'GET', 'https://site.example/admin/page'),
      'https://site.example/admin/task?TaskId=a',
    );
  });
  it('replaces {taskId} with the URL-encoded id instead', () => {
    assert.equal(
      taskUrl('https://api.example.com/tasks/{taskId}/status', 'a b/c?'),
      'https://api.example.com/tasks/a%20b%2Fc%3F/status',
    );
  });
  it('leaves the URL alone for POST', () => {
    assert.equal(
      taskUrl('https://api.example.com/status?x=1', ID, 'POST'),
      'https://api.example.com/status?x=1',
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, capped, ignores junk', () => {
    const now = Date.UTC(2026, 0, 1);
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter(new Date(now + 10_000).toUTCString(), now), 10_000);
    assert.equal(parseRetryAfter('999999', now), MAX_RETRY_AFTER_MS);
    assert.equal(parseRetryAfter(new Date(now - 5000).toUTCString(), now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});

type Seen = { url: string; init: RequestInit };
/** A fetch that records what it was asked and answers `make()`. Transport is the edge we mock here. */
function fakeFetch(make: (seen: Seen) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const s = { url, init };
    seen.push(s);
    return make(s);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, seen };
}
const ok = (body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status: 200, headers });
const call = (
  fetch: typeof globalThis.fetch,
  extra: Partial<Parameters<typeof fetchTask>[1]> = {},
) =>
  fetchTask(ID, {
    endpoint: 'https://api.example.com/s',
    signal: new AbortController().signal,
    fetch,
    ...extra,
  });
async function rejects(p: Promise<unknown>, check: Partial<TaskStatusError>) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof TaskStatusError, String(e));
    for (const [k, v] of Object.entries(check)) assert.equal((e as any)[k], v, `${k}`);
    return true;
  });
}

describe('fetchTask', () => {
  it('GETs with no header of its own (a preload of the URL is reused), merges requestInit headers and credentials', async () => {
    const f = fakeFetch(() => ok({ Response: { Status: 'WAITING' } }));
    const r = await call(f.fetch, {
      requestInit: { headers: { Authorization: 'Bearer t' }, credentials: 'include' },
    });
    assert.deepEqual(r.body, { Response: { Status: 'WAITING' } });
    const { url, init } = f.seen[0];
    assert.equal(url, `https://api.example.com/s?TaskId=${ID}`);
    assert.equal(init.method, 'GET');
    assert.equal(init.credentials, 'include');
    const h = new Headers(init.headers);
    assert.equal(h.get('authorization'), 'Bearer t');
    assert.deepEqual([...h.keys()], ['authorization']);
    assert.equal(init.body, undefined);
  });
  it('POSTs {"TaskId"} as JSON so a backend can forward it to MPS unchanged', async () => {
    const f = fakeFetch(() => ok({ Status: 'WAITING' }));
    await call(f.fetch, { method: 'POST' });
    assert.equal(f.seen[0].init.method, 'POST');
    assert.equal(f.seen[0].init.body, JSON.stringify({ TaskId: ID }));
    assert.equal(new Headers(f.seen[0].init.headers).get('content-type'), 'application/json');
  });
  it('sends If-None-Match with a known ETag and reads 304 as unchanged', async () => {
    const f = fakeFetch(() => new Response(null, { status: 304, headers: { ETag: '"v1"' } }));
    const r = await call(f.fetch, { etag: '"v1"' });
    assert.equal(new Headers(f.seen[0].init.headers).get('if-none-match'), '"v1"');
    assert.equal(r.body, undefined);
    assert.equal(r.etag, '"v1"');
  });
  it('measures server clock skew from the Date header', async () => {
    const skew = 90_000;
    const f = fakeFetch(() =>
      ok({ Status: 'WAITING' }, { Date: new Date(Date.now() + skew).toUTCString() }),
    );
    const r = await call(f.fetch);
    assert.ok(Math.abs(r.serverOffsetMs - skew) <= 1500, `offset ${r.serverOffsetMs}`);
  });
  it('maps each HTTP class', async () => {
    const status = (code: number, headers: Record<string, string> = {}) =>
      fakeFetch(() => new Response('x', { status: code, headers })).fetch;
    await rejects(call(status(404)), { kind: 'not-found', retryable: false, status: 404 });
    await rejects(call(status(410)), { kind: 'not-found', retryable: false });
    await rejects(call(status(401)), { kind: 'unauthorized', retryable: false });
    await rejects(call(status(403)), { kind: 'unauthorized', retryable: false });
    for (const code of [408, 425, 429, 500, 502, 503, 504])
      await rejects(call(status(code)), { kind: 'http', retryable: true, status: code });
    for (const code of [400, 405, 422])
      await rejects(call(status(code)), { kind: 'http', retryable: false, status: code });
    await rejects(call(status(503, { 'Retry-After': '7' })), { retryAfterMs: 7000, paced: false });
    await rejects(call(status(429)), { paced: true });
  });
  it('surfaces the MPS code of an error envelope sent with an HTTP error', async () => {
    const f = fakeFetch(
      () =>
        new Response(
          JSON.stringify({
            Response: { Error: { Code: 'ResourceNotFound', Message: 'gone' }, RequestId: 'r1' },
          }),
          { status: 404 },
        ),
    );
    await rejects(call(f.fetch), {
      kind: 'not-found',
      code: 'ResourceNotFound',
      message: 'gone',
      requestId: 'r1',
    });
  });
  it('reports malformed JSON as invalid, worth a retry (a body cut short in transit)', async () => {
    await rejects(
      call(fakeFetch(() => new Response('{"Response": {"Status": "WAI', { status: 200 })).fetch),
      { kind: 'invalid', retryable: true },
    );
  });
  it('refuses huge bodies instead of parsing them (declared or not)', async () => {
    const huge = '{"Response": {"Status": "FINISH", "Junk": "' + 'x'.repeat(6_000_000) + '"}}';
    await rejects(call(fakeFetch(() => new Response(huge, { status: 200 })).fetch), {
      kind: 'invalid',
      retryable: false,
    });
    const declared = fakeFetch(
      () => new Response('{}', { status: 200, headers: { 'Content-Length': '900000000' } }),
    );
    await rejects(call(declared.fetch), {
      kind: 'invalid',
      message: 'The status response is larger than 5 MB',
    });
  });

  it('reports network failures as retryable', async () => {
    await rejects(
      call(
        fakeFetch(() => {
          throw new TypeError('Failed to fetch');
        }).fetch,
      ),
      { kind: 'network', retryable: true },
    );
  });
  it('times out through AbortSignal', async () => {
    const hang = fakeFetch(
      ({ init }) =>
        new Promise<Response>((_, reject) =>
          init.signal!.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          ),
        ),
    );
    await rejects(call(hang.fetch, { timeoutMs: 30 }), { kind: 'timeout', retryable: true });
  });
  it('passes our own cancellation through untouched (not an error to show)', async () => {
    const ctrl = new AbortController();
    const hang = fakeFetch(
      ({ init }) =>
        new Promise<Response>((_, reject) =>
          init.signal!.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          ),
        ),
    );
    const p = fetchTask(ID, {
      endpoint: 'https://a.example/s',
      signal: ctrl.signal,
      fetch: hang.fetch,
    });
    ctrl.abort();
    await assert.rejects(p, (e: unknown) => !(e instanceof TaskStatusError));
  });
});
