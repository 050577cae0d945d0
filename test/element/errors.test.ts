import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { frozen } from '../support/bodies.js';
import {
  scriptedRequests,
  scriptedServer,
  startTask,
  stateIs,
  textOf,
} from '../support/browser.js';

type El = MpsTaskStatus;
const part = (el: Element, name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`);

describe('<mps-task-status> bad input', () => {
  let pageErrors: unknown[] = [];
  const onError = (e: ErrorEvent | PromiseRejectionEvent) => pageErrors.push(e);
  beforeEach(() => {
    pageErrors = [];
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
  });
  afterEach(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
    expect(pageErrors, 'no uncaught exception').to.deep.equal([]);
  });

  it('malformed JSON → retried twice, then an error state with message, code and Retry', async () => {
    const errors: { kind: string; willRetry: boolean }[] = [];
    const id = await startTask('bad-json');
    const el = await fixture<El>(
      html`<mps-task-status
        task-id=${id}
        endpoint="/mps/task"
        @mps-task-error=${(e: CustomEvent & { detail: { error: { kind: string }; willRetry: boolean } }) => errors.push({ kind: e.detail.error.kind, willRetry: e.detail.willRetry })}
      ></mps-task-status>`,
    );
    await stateIs(el, 'error');
    expect(textOf(el)).to.contain('The status response could not be read.');
    expect(part(el, 'retry-button')).to.exist;
    expect(errors).to.deep.equal([
      { kind: 'invalid', willRetry: true },
      { kind: 'invalid', willRetry: true },
      { kind: 'invalid', willRetry: false },
    ]);
  });

  it('wrong types → error naming the bad path in the tooltip', async () => {
    const id = await startTask('wrong-types');
    const el = await fixture<El>(
      html`<mps-task-status task-id=${id} endpoint="/mps/task"></mps-task-status>`,
    );
    await stateIs(el, 'error');
    expect(el.snapshot!.error!.path).to.equal('Status');
    expect(part(el, 'error')!.querySelector('.code')!.getAttribute('title')).to.contain('Status');
  });

  it('degraded leaves → data shown, fields listed as unknown', async () => {
    const id = await startTask('degraded');
    const el = await fixture<El>(
      html`<mps-task-status task-id=${id} endpoint="/mps/task"></mps-task-status>`,
    );
    await stateIs(el, 'success');
    expect(textOf(el)).to.match(/3 fields could not be read/);
  });

  it('unknown task → not-found error, one request, no retry', async () => {
    const id = await startTask('not-found');
    const el = await fixture<El>(
      html`<mps-task-status task-id=${id} endpoint="/mps/task"></mps-task-status>`,
    );
    await stateIs(el, 'error');
    expect(textOf(el)).to.contain('does not exist or has expired');
    expect(textOf(el)).to.contain('ResourceNotFound');
  });

  it('Retry restarts after an error', async () => {
    const body = await frozen('success', 120_000).fetcher();
    const url = await scriptedServer([{ status: 401 }], {
      status: 200,
      body: JSON.stringify(body),
    });
    const el = await fixture<El>(
      html`<mps-task-status task-id="x-1" endpoint=${url + '/status'}></mps-task-status>`,
    );
    await stateIs(el, 'error');
    (part(el, 'retry-button') as HTMLButtonElement).click();
    await stateIs(el, 'success');
    expect((await scriptedRequests()).length).to.equal(2);
  });

  it('unauthorized → error, and the request is not repeated', async () => {
    const url = await scriptedServer([{ status: 401, body: 'no' }], { status: 401 });
    const el = await fixture<El>(
      html`<mps-task-status task-id="x-2" endpoint=${url + '/status'}></mps-task-status>`,
    );
    await stateIs(el, 'error');
    expect(textOf(el)).to.contain('not allowed');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await scriptedRequests()).length).to.equal(1);
  });

  it('shows last-known data as stale with a countdown while retrying (Retry-After)', async () => {
    const body = await frozen('success', 9000).fetcher();
    const url = await scriptedServer(
      [
        { status: 200, body: JSON.stringify(body) },
        { status: 503, headers: { 'Retry-After': '30' }, body: 'busy' },
      ],
      { status: 503, headers: { 'Retry-After': '30' } },
    );
    const errors: boolean[] = [];
    const el = await fixture<El>(
      html`<mps-task-status
        task-id="x-3"
        endpoint=${url + '/status'}
        max-interval="1000"
        @mps-task-error=${(e: CustomEvent & { detail: { willRetry: boolean } }) => errors.push(e.detail.willRetry)}
      ></mps-task-status>`,
    );
    await waitUntil(() => el.hasAttribute('stale'), 'never stale', { timeout: 8000 });
    expect(el.getAttribute('state')).to.equal('processing');
    expect(textOf(el)).to.match(/Connection problem — retrying in (29|30) sec \(attempt 1\)/);
    expect(errors).to.deep.equal([true]);
    expect(part(el, 'progress')).to.exist;
  });

  it('hostile strings stay text; javascript: never becomes a link; secrets never shown', async () => {
    const task = frozen('s3', 120_000);
    const taskId = task.taskId;
    const body = (await task.fetcher()) as any;
    const wf = body.Response.WorkflowTask;
    wf.MediaProcessResultSet[0].TranscodeTask.Output.Path =
      '<img src=x onerror="window.__pwned=1">.mp4';
    wf.MediaProcessResultSet[1].TranscodeTask.Status = 'FAIL';
    wf.MediaProcessResultSet[1].TranscodeTask.ErrCodeExt = '<b>bold</b>';
    wf.MediaProcessResultSet[1].TranscodeTask.Message = '<script>window.__pwned=2</script>';
    const el = await fixture<El>(
      html`<mps-task-status
        task-id=${taskId}
        .fetcher=${async () => body}
        .resolveOutputUrl=${(o: { path: string }) => (o.path.includes('img') ? 'javascript:alert(1)' : `https://cdn.example${o.path}`)}
      ></mps-task-status>`,
    );
    await stateIs(el, 'partial');
    const root = el.shadowRoot!;
    expect(root.querySelector('img[onerror], script, b')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    expect(textOf(el)).to.contain('<img src=x onerror=');
    expect(textOf(el)).to.contain('<script>window.__pwned=2</script>');
    const links = [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')!);
    expect(links.length).to.be.greaterThan(0);
    expect(links.every((h) => h.startsWith('https://cdn.example/'))).to.equal(true);
    const everything = root.innerHTML + JSON.stringify(el.snapshot);
    for (const secret of ['EXAMPLESECRET', 'AKIDEXAMPLE', 'example-notify-key'])
      expect(everything).not.to.contain(secret);
  });

  it('offline: pauses with a notice over the last-known data, resumes at once when online', async () => {
    const { taskId, fetcher } = frozen('success', 9000);
    let requests = 0;
    const counted = async () => {
      requests++;
      return fetcher();
    };
    const el = await fixture<El>(
      html`<mps-task-status lang="en" task-id=${taskId} .fetcher=${counted}></mps-task-status>`,
    );
    await stateIs(el, 'processing');
    const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      window.dispatchEvent(new Event('offline'));
      await waitUntil(() => el.hasAttribute('stale'), 'never stale');
      expect(textOf(el)).to.contain('Offline — will resume automatically');
      expect(el.matches(':state(stale)')).to.equal(true);
      expect(el.getAttribute('state')).to.equal('processing');
    } finally {
      delete (navigator as unknown as Record<string, unknown>).onLine;
      Object.defineProperty(Navigator.prototype, 'onLine', onLine);
    }
    const before = requests;
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => requests > before && !el.hasAttribute('stale'), 'did not resume');
    expect(textOf(el)).not.to.contain('Offline');
  });

  it('follows a flaky backend to the end, reporting each failed request', async () => {
    const id = await startTask('flaky');
    let failures = 0;
    const el = await fixture<El>(
      html`<mps-task-status
        task-id=${id}
        endpoint="/mps/task"
        @mps-task-error=${() => failures++}
      ></mps-task-status>`,
    );
    await stateIs(el, 'success');
    expect(failures).to.be.greaterThan(0);
  });
});
