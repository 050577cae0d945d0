import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import { defineMpsTaskStatus, MpsTaskStatus } from '../../src/element/index.js';
import { tickerState } from '../../src/element/ticker.js';
import { requestCount, sleep, startTask, stateIs, textOf } from '../support/browser.js';

type El = MpsTaskStatus;
const ENDPOINT = '/mps/task';

describe('<mps-task-status> lifecycle', () => {
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
    // A 3 s queue: long enough to be seen as WAITING however busy the machine is.
    const id = await startTask('long-queue', 10);
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
    el.endpoint = ENDPOINT;
    el.taskId = id;
    document.body.append(el);
    await stateIs(el, 'success');
    expect(states[0]).to.equal('idle>loading');
    expect(states).to.include('loading>waiting');
    expect(states.at(-1)).to.match(/>success$/);
    expect(finishes).to.deep.equal(['success']);
    expect(updates).to.be.greaterThan(1);
    expect(textOf(el)).to.contain('Finished');
    const n = await requestCount(id);
    await sleep(2500);
    expect(await requestCount(id)).to.equal(n, 'no request after FINISH');
    el.remove();
  });

  it('stops all requests and its clock when removed', async () => {
    const id = await startTask('long-queue', 1);
    const el = await fixture<El>(
      html`<mps-task-status task-id=${id} endpoint=${ENDPOINT} interval="1000"></mps-task-status>`,
    );
    await stateIs(el, 'waiting');
    expect(tickerState().running).to.equal(true);
    el.remove();
    await sleep(400);
    const n = await requestCount(id);
    await sleep(3500);
    expect(await requestCount(id)).to.equal(n);
    expect(tickerState().listeners).to.equal(0);
    expect(tickerState().running).to.equal(false);
  });

  it('the shared clock re-renders only widgets on screen; one scrolled into view catches up', async () => {
    const id = await startTask('long-queue', 1);
    const wrap = await fixture<HTMLDivElement>(
      html`<div>
        <mps-task-status task-id=${id} endpoint=${ENDPOINT}></mps-task-status>
        <div style="height: 12000px"></div>
        <mps-task-status task-id=${id} endpoint=${ENDPOINT}></mps-task-status>
      </div>`,
    );
    const [near, far] = [...wrap.querySelectorAll<El>('mps-task-status')];
    await stateIs(near, 'waiting');
    await stateIs(far, 'waiting');
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
    await sleep(3200);
    expect(renders.get(near), 'on screen: ticks every second').to.be.at.least(3);
    // Polls still render the far one when its data changes; ticks alone do not.
    expect(renders.get(far)!, 'off screen').to.be.lessThan(renders.get(near)! - 1);
    const before = renders.get(far)!;
    far.scrollIntoView();
    await waitUntil(() => renders.get(far)! > before, 'caught up when scrolled into view', {
      timeout: 1500,
    });
  });

  it('polls a widget off screen less often, and at once when it scrolls into view', async () => {
    const [nearId, farId] = [await startTask('long-queue', 1), await startTask('long-queue', 1)];
    const pace = { interval: 200, max: 1000, offscreen: 4000 };
    const wrap = await fixture<HTMLDivElement>(
      html`<div>
        <mps-task-status
          task-id=${nearId}
          endpoint=${ENDPOINT}
          interval=${pace.interval}
          max-interval=${pace.max}
          offscreen-interval=${pace.offscreen}
        ></mps-task-status>
        <div style="height: 12000px"></div>
        <mps-task-status
          task-id=${farId}
          endpoint=${ENDPOINT}
          interval=${pace.interval}
          max-interval=${pace.max}
          offscreen-interval=${pace.offscreen}
        ></mps-task-status>
      </div>`,
    );
    const [near, far] = [...wrap.querySelectorAll<El>('mps-task-status')];
    await stateIs(near, 'waiting');
    await stateIs(far, 'waiting');
    await sleep(500);
    const [nearBefore, farBefore] = [await requestCount(nearId), await requestCount(farId)];
    await sleep(3000);
    const nearPolls = (await requestCount(nearId)) - nearBefore;
    const farPolls = (await requestCount(farId)) - farBefore;
    expect(nearPolls, 'on screen: about one a second').to.be.at.least(2);
    expect(farPolls, 'off screen: at most one in 4 s').to.be.at.most(1);
    const farNow = await requestCount(farId);
    far.scrollIntoView();
    await waitUntil(async () => (await requestCount(farId)) > farNow, 'asked once in view', {
      timeout: 1500,
    });
    expect(far.getAttribute('state')).to.equal('waiting');
  });

  it('leaves no clock behind when an update or a copy confirmation lands after removal', async () => {
    const id = await startTask('long-queue', 1);
    const els: El[] = [];
    for (let i = 0; i < 3; i++) {
      els.push(
        await fixture<El>(
          html`<mps-task-status task-id=${id} endpoint=${ENDPOINT}></mps-task-status>`,
        ),
      );
    }
    for (const el of els) await stateIs(el, 'waiting');
    expect(tickerState().listeners).to.equal(3);
    // An attribute set and a removal in the same task: the update runs after disconnect.
    els[0].setAttribute('locale', 'zh-CN');
    els[0].remove();
    // A copy click, then removal before its 1.5 s confirmation ends.
    els[1].shadowRoot!.querySelector<HTMLButtonElement>('[part="copy-button"]')!.click();
    els[1].remove();
    els[2].remove();
    await sleep(2000);
    expect(tickerState().listeners).to.equal(0);
    expect(tickerState().running).to.equal(false);
    let renders = 0;
    for (const el of els) el.addEventListener('mps-task-update', () => renders++);
    const before = els.map((el) => el.shadowRoot!.innerHTML);
    await sleep(1500);
    expect(els.map((el) => el.shadowRoot!.innerHTML)).to.deep.equal(
      before,
      'removed widgets re-render',
    );
    expect(renders).to.equal(0);
  });

  it('does not restart when moved in the DOM', async () => {
    const id = await startTask('long-queue', 1);
    const a = await fixture<HTMLDivElement>(
      html`<div><mps-task-status task-id=${id} endpoint=${ENDPOINT}></mps-task-status></div>`,
    );
    const b = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = a.querySelector('mps-task-status')!;
    await stateIs(el, 'waiting');
    const task = el.snapshot!.task;
    const n = await requestCount(id);
    const states: string[] = [];
    el.addEventListener('mps-task-state-change', (e) => states.push(e.detail.state));
    b.append(el);
    await sleep(300);
    expect(el.snapshot!.task).to.equal(task);
    expect(states).to.deep.equal([]);
    expect(await requestCount(id)).to.be.at.most(n + 1);
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
