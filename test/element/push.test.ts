import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/mps-task-status.js';
import { startTask } from '../support/browser.js';

interface Counts {
  polls: number;
  streams: number;
  openStreams: number;
  mostPollsOfOneTask: number;
}
const counts = async (reset = false): Promise<Counts> =>
  (await fetch(`/push/counts${reset ? '?reset' : ''}`)).json() as Promise<Counts>;

describe('<mps-task-status> on server-sent events (the page’s one shared stream)', () => {
  it('120 rows on 120 tasks share one stream over HTTP/1.1, reach FINISH without polling, and the page’s other requests still go through', async () => {
    await counts(true);
    const ids = await Promise.all(Array.from({ length: 120 }, () => startTask('success', 8)));
    // One task in real time keeps the stream open while the page's other requests are checked.
    const slowId = await startTask('success', 1);
    const table = await fixture<HTMLElement>(
      html`<div>
        ${ids.map(
          (id) =>
            html`<mps-task-status
              variant="compact"
              task-id=${id}
              endpoint="/push/task"
            ></mps-task-status>`,
        )}
        <mps-task-status task-id=${slowId} endpoint="/push/task"></mps-task-status>
      </div>`,
    );
    const rows = [...table.querySelectorAll<MpsTaskStatus>('mps-task-status')];
    const slow = rows.pop()!;
    await waitUntil(() => rows.some((r) => r.snapshot?.connection === 'streaming'), 'streaming', {
      timeout: 8000,
    });
    // While the stream is open, the page's own requests are not starved of connections: they
    // are answered while the slow task is still on the stream (a starved page would get them
    // only once the stream closes, after its FINISH).
    const others = await Promise.all(
      Array.from({ length: 12 }, (_, i) => fetch(`/push/counts?probe=${i}`)),
    );
    expect(others.every((r) => r.ok)).to.be.true;
    expect(slow.getAttribute('state')).not.to.equal('success');
    slow.remove();
    await waitUntil(() => rows.every((r) => r.getAttribute('state') === 'success'), 'all success', {
      timeout: 30000,
    });
    const seen = await counts();
    // None on an idle machine. On a loaded one a row whose stream has not said `hello` within
    // its grace (1.5 s) polls once, by design; a row polling again would mean the stream failed.
    expect(seen.mostPollsOfOneTask, 'at most the one grace poll per row').to.be.at.most(1);
    expect(seen.polls, 'most rows never poll').to.be.below(rows.length / 4);
    expect(seen.streams, 'one stream (and at most one rejoin)').to.be.within(1, 2);
    await waitUntil(
      async () => (await counts()).openStreams === 0,
      'the stream closed after FINISH',
      { timeout: 5000 },
    );
  });

  it('falls back to polling on a backend without streams, and transport="poll" never asks for one', async () => {
    const id = await startTask('success', 60);
    // /mps/task is the raw simulator: it answers the stream request with an error.
    const auto = await fixture<MpsTaskStatus>(
      html`<mps-task-status task-id=${id} endpoint="/mps/task"></mps-task-status>`,
    );
    await waitUntil(() => auto.getAttribute('state') === 'success', 'success by polling', {
      timeout: 15000,
    });
    expect(auto.snapshot?.error).to.equal(null);
    await counts(true);
    const other = await startTask('success', 60);
    const poll = await fixture<MpsTaskStatus>(
      html`<mps-task-status
        task-id=${other}
        endpoint="/push/task"
        transport="poll"
      ></mps-task-status>`,
    );
    await waitUntil(() => poll.getAttribute('state') === 'success', 'success', { timeout: 15000 });
    const seen = await counts();
    expect(seen.streams).to.equal(0);
    expect(seen.polls).to.be.above(0);
  });

  it('follows events-endpoint when the stream lives elsewhere', async () => {
    await counts(true);
    const id = await startTask('success', 8);
    const el = await fixture<MpsTaskStatus>(
      html`<mps-task-status
        task-id=${id}
        endpoint="/mps/task"
        events-endpoint="/push/task"
      ></mps-task-status>`,
    );
    await waitUntil(() => el.snapshot?.connection === 'streaming', 'on the stream', {
      timeout: 8000,
    });
    await waitUntil(() => el.getAttribute('state') === 'success', 'success', { timeout: 15000 });
    expect((await counts()).streams).to.be.at.least(1);
  });
});
