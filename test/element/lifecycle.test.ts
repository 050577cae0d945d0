import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import { defineMpsTaskStatus, MpsTaskStatus } from '../../src/element/index.js';
import { tickerState } from '../../src/element/ticker.js';
import {
  inViewport,
  onVirtualClock,
  requestCount,
  simulatedTasks,
  startTask,
  stateIs,
  textOf,
} from '../support/browser.js';

type El = MpsTaskStatus;
const ENDPOINT = '/mps/task';

describe('<mps-task-status> lifecycle', () => {
  // A test that scrolls leaves the page scrolled: without a layout between one fixture's removal
  // and the next one's insertion, the next test's first widget starts 12,000 px off screen.
  afterEach(() => window.scrollTo(0, 0));

  it('is idle without a task id, shows the empty slot, and requests nothing', async () => {
    const el = await fixture<El>(
      html`<mps-task-status endpoint=${ENDPOINT}
        ><span slot="empty">Pick a video</span></mps-task-status
      >`,
    );
    expect(el.getAttribute('state')).to.equal('idle');
    expect(el.snapshot).to.equal(null);
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="empty"]')!;
    expect(slot.assignedElements()[0].textContent).to.equal('Pick a video');
  });

  it('follows a task WAITING → PROCESSING → FINISH with events, then stops polling', async () => {
    await onVirtualClock(async (clock) => {
      const tasks = simulatedTasks(clock);
      const id = tasks.start('long-queue');
      const states: string[] = [];
      const finishes: string[] = [];
      let updates = 0;
      const el = document.createElement('mps-task-status');
      el.addEventListener('mps-task-state-change', (e) =>
        states.push(`${e.detail.previous}>${e.detail.state}`),
      );
      el.addEventListener('mps-task-finish', (e) => finishes.push(e.detail.outcome));
      el.addEventListener('mps-task-update', (e) => {
        updates++;
        expect(e.detail.snapshot.taskId).to.equal(id);
      });
      el.fetcher = tasks.fetcher;
      el.taskId = id;
      document.body.append(el);
      await clock.runUntil(() => el.getAttribute('state') === 'success', 600_000);
      await el.updateComplete;
      expect(states[0]).to.equal('idle>loading');
      expect(states).to.include('loading>waiting');
      expect(states).to.include('waiting>processing');
      expect(states.at(-1)).to.equal('processing>success');
      expect(finishes).to.deep.equal(['success']);
      expect(updates).to.be.greaterThan(2);
      expect(textOf(el)).to.contain('Finished');
      const n = tasks.calls(id);
      await clock.advance(600_000);
      expect(tasks.calls(id)).to.equal(n, 'no request after FINISH');
      el.remove();
    });
  });

  it('stops all requests and its clock when removed', async () => {
    await onVirtualClock(async (clock) => {
      const tasks = simulatedTasks(clock);
      const id = tasks.start('long-queue');
      const el = await fixture<El>(
        html`<mps-task-status
          task-id=${id}
          .fetcher=${tasks.fetcher}
          interval="1000"
        ></mps-task-status>`,
      );
      await clock.runUntil(() => el.getAttribute('state') === 'waiting', 10_000);
      expect(tickerState().running).to.equal(true);
      const n = tasks.calls(id);
      el.remove();
      await clock.advance(60_000);
      expect(tasks.calls(id)).to.equal(n);
      expect(tickerState().listeners).to.equal(0);
      expect(tickerState().running).to.equal(false);
      expect(clock.pendingTimers(), 'timers left behind').to.equal(0);
    });
  });

  it('the shared clock re-renders only widgets on screen; one scrolled into view catches up', async () => {
    await onVirtualClock(async (clock) => {
      const tasks = simulatedTasks(clock);
      const id = tasks.start('long-queue');
      const wrap = await fixture<HTMLDivElement>(
        html`<div>
          <mps-task-status task-id=${id} .fetcher=${tasks.fetcher}></mps-task-status>
          <div style="height: 12000px"></div>
          <mps-task-status task-id=${id} .fetcher=${tasks.fetcher}></mps-task-status>
        </div>`,
      );
      const [near, far] = [...wrap.querySelectorAll<El>('mps-task-status')];
      await inViewport(near, far);
      await clock.runUntil(() => far.getAttribute('state') === 'waiting', 10_000);
      const renders = new Map<El, number>([
        [near, 0],
        [far, 0],
      ]);
      for (const el of [near, far]) {
        const update = (el as unknown as { update(c: unknown): void }).update.bind(el);
        (el as unknown as { update(c: unknown): void }).update = (changed) => {
          renders.set(el, renders.get(el)! + 1);
          update(changed);
        };
      }
      await clock.advance(5000);
      expect(renders.get(near), 'on screen: ticks every second').to.be.at.least(5);
      // Polls still render the far one when its data changes; ticks alone do not.
      expect(renders.get(far)!, 'off screen').to.be.lessThan(2);
      const before = renders.get(far)!;
      far.scrollIntoView();
      await inViewport(far);
      await clock.advance(1000);
      expect(renders.get(far)!, 'caught up when scrolled into view').to.be.greaterThan(before);
    });
  });

  it('polls a widget off screen less often, and at once when it scrolls into view', async () => {
    await onVirtualClock(async (clock) => {
      const tasks = simulatedTasks(clock);
      const [nearId, farId] = [tasks.start('long-queue'), tasks.start('long-queue')];
      const pace = { interval: 200, max: 1000, offscreen: 4000 };
      const widget = (id: string) =>
        html`<mps-task-status
          task-id=${id}
          .fetcher=${tasks.fetcher}
          interval=${pace.interval}
          max-interval=${pace.max}
          offscreen-interval=${pace.offscreen}
        ></mps-task-status>`;
      const wrap = await fixture<HTMLDivElement>(
        html`<div>
          ${widget(nearId)}
          <div style="height: 12000px"></div>
          ${widget(farId)}
        </div>`,
      );
      const [near, far] = [...wrap.querySelectorAll<El>('mps-task-status')];
      await inViewport(near, far);
      await clock.runUntil(() => far.getAttribute('state') === 'waiting', 10_000);
      await clock.advance(500);
      const [nearBefore, farBefore] = [tasks.calls(nearId), tasks.calls(farId)];
      await clock.advance(8000);
      const nearPolls = tasks.calls(nearId) - nearBefore;
      const farPolls = tasks.calls(farId) - farBefore;
      expect(nearPolls, 'on screen: one a second (max-interval)').to.be.within(7, 9);
      expect(farPolls, 'off screen: one in 4 s (offscreen-interval)').to.be.within(1, 2);
      const farNow = tasks.calls(farId);
      far.scrollIntoView();
      await inViewport(far);
      // Asked at once when overdue, else when it would have been on screen: within a second.
      await clock.advance(999);
      expect(tasks.calls(farId), 'asked once in view').to.equal(farNow + 1);
      expect(far.getAttribute('state')).to.equal('waiting');
    });
  });

  it('leaves no clock behind when an update or a copy confirmation lands after removal', async () => {
    await onVirtualClock(async (clock) => {
      const tasks = simulatedTasks(clock);
      const id = tasks.start('long-queue');
      const els: El[] = [];
      for (let i = 0; i < 3; i++) {
        els.push(
          await fixture<El>(
            html`<mps-task-status task-id=${id} .fetcher=${tasks.fetcher}></mps-task-status>`,
          ),
        );
      }
      await clock.runUntil(() => els.every((el) => el.getAttribute('state') === 'waiting'), 10_000);
      expect(tickerState().listeners).to.equal(3);
      // An attribute set and a removal in the same task: the update runs after disconnect.
      els[0].setAttribute('locale', 'zh-CN');
      els[0].remove();
      // A copy click, then removal before its 1.5 s confirmation ends.
      els[1].shadowRoot!.querySelector<HTMLButtonElement>('[part="copy-button"]')!.click();
      els[1].remove();
      els[2].remove();
      await clock.advance(2000);
      // The Chinese strings load for real (a module import), not on the virtual clock.
      await els[0].updateComplete;
      expect(tickerState().listeners).to.equal(0);
      expect(tickerState().running).to.equal(false);
      let renders = 0;
      for (const el of els) el.addEventListener('mps-task-update', () => renders++);
      const before = els.map((el) => el.shadowRoot!.innerHTML);
      await clock.advance(60_000);
      expect(els.map((el) => el.shadowRoot!.innerHTML)).to.deep.equal(
        before,
        'removed widgets re-render',
      );
      expect(renders).to.equal(0);
      expect(clock.pendingTimers(), 'timers left behind').to.equal(0);
    });
  });

  it('does not restart when moved in the DOM', async () => {
    await onVirtualClock(async (clock) => {
      const tasks = simulatedTasks(clock);
      const id = tasks.start('long-queue');
      const a = await fixture<HTMLDivElement>(
        html`<div>
          <mps-task-status task-id=${id} .fetcher=${tasks.fetcher}></mps-task-status>
        </div>`,
      );
      const b = await fixture<HTMLDivElement>(html`<div></div>`);
      const el = a.querySelector('mps-task-status')!;
      await clock.runUntil(() => el.getAttribute('state') === 'waiting', 10_000);
      const task = el.snapshot!.task;
      const n = tasks.calls(id);
      const states: string[] = [];
      el.addEventListener('mps-task-state-change', (e) => states.push(e.detail.state));
      b.append(el);
      await clock.advance(300);
      expect(el.snapshot!.task).to.equal(task);
      expect(states).to.deep.equal([]);
      expect(tasks.calls(id), 'no new first request').to.equal(n);
    });
  });

  it('restarts cleanly when task-id changes: old data never flashes back', async () => {
    const done = await startTask('success');
    const el = await fixture<El>(
      html`<mps-task-status task-id=${done} endpoint=${ENDPOINT}></mps-task-status>`,
    );
    await stateIs(el, 'success');
    const next = await startTask('long-queue', 1);
    const seenIds: string[] = [];
    const seenStates: string[] = [];
    el.addEventListener('mps-task-update', (e) => seenIds.push(e.detail.snapshot.taskId));
    el.addEventListener('mps-task-state-change', (e) => seenStates.push(e.detail.state));
    el.taskId = next;
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('loading');
    expect(textOf(el)).not.to.contain('Finished');
    await stateIs(el, 'waiting');
    expect(seenIds.every((i) => i === next)).to.equal(true);
    expect(seenStates).to.deep.equal(['loading', 'waiting']);
  });

  it('restarts when the endpoint changes (GET ?TaskId → {taskId} path → POST)', async () => {
    const id = await startTask('success');
    const el = await fixture<El>(
      html`<mps-task-status task-id=${id} endpoint="/nowhere/task"></mps-task-status>`,
    );
    await stateIs(el, 'error');
    el.endpoint = '/mps/task/{taskId}';
    await stateIs(el, 'success');
    const id2 = await startTask('success');
    const post = await fixture<El>(
      html`<mps-task-status task-id=${id2} endpoint=${ENDPOINT} method="POST"></mps-task-status>`,
    );
    await stateIs(post, 'success');
  });

  it('survives being defined twice (CMS pages load scripts twice)', async () => {
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => warnings.push(a);
    try {
      expect(() => defineMpsTaskStatus()).not.to.throw();
      await import('../../src/index.js?again' as string).catch(() => undefined);
      class Other extends HTMLElement {}
      customElements.define('mps-other-taken', Other);
      expect(() => defineMpsTaskStatus('mps-other-taken')).not.to.throw();
    } finally {
      console.warn = warn;
    }
    expect(warnings.length).to.equal(1);
    expect(customElements.get('mps-task-status')).to.equal(MpsTaskStatus);
  });

  it('shares one request stream among widgets of the same task', async () => {
    const id = await startTask('success');
    const box = await fixture<HTMLDivElement>(
      html`<div>
        ${Array.from({ length: 20 }, () => html`<mps-task-status task-id=${id} endpoint=${ENDPOINT} variant="compact"></mps-task-status>`)}
      </div>`,
    );
    const els = [...box.querySelectorAll('mps-task-status')];
    await Promise.all(els.map((e) => stateIs(e, 'success')));
    const shared = await requestCount(id);
    const solo = await startTask('success');
    const one = await fixture<El>(
      html`<mps-task-status task-id=${solo} endpoint=${ENDPOINT}></mps-task-status>`,
    );
    await stateIs(one, 'success');
    expect(shared).to.be.at.most((await requestCount(solo)) + 1);
  });

  it('uses one shared 1 Hz ticker for all running widgets', async () => {
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => startTask('long-queue', 1)));
    const box = await fixture<HTMLDivElement>(
      html`<div>
        ${ids.map((id) => html`<mps-task-status task-id=${id} endpoint=${ENDPOINT}></mps-task-status>`)}
      </div>`,
    );
    await Promise.all([...box.children].map((e) => stateIs(e, 'waiting')));
    expect(tickerState()).to.deep.equal({ running: true, listeners: 5 });
    box.remove();
    await waitUntil(() => !tickerState().running);
  });
});
