import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { tickerState } from '../../src/element/ticker.js';
import { activeFollowerCount } from '../../src/core/watcher.js';
import { frozenTask } from '../../src/simulator/simulator.js';

const WIDGETS = 1000;
const CYCLES = 10;
/** The page's JS heap after full garbage collections (measured through the DevTools protocol). */
const heap = () => executeServerCommand<number, undefined>('heap-after-gc');
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));

/** One cycle: mount, wait for data, change attributes, click copy buttons, remove — in a hurry. */
async function cycle(body: unknown, taskId: string): Promise<void> {
  const host = document.createElement('div');
  document.body.append(host);
  const widgets: MpsTaskStatus[] = [];
  for (let i = 0; i < WIDGETS; i++) {
    const el = document.createElement('mps-task-status');
    el.fetcher = async () => structuredClone(body);
    el.taskId = `${taskId}-${i % 50}`;
    widgets.push(el);
  }
  host.append(...widgets);
  while (!widgets.every((el) => el.getAttribute('state') === 'processing')) await frame();
  for (const [i, el] of widgets.entries()) {
    el.setAttribute('locale', i % 2 ? 'zh-CN' : 'en');
    if (i % 10 === 0)
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="copy-button"]')?.click();
  }
  host.remove(); // in the same task as the attribute changes and clicks
}

describe('<mps-task-status> soak', () => {
  it(`${WIDGETS} widgets mounted and removed ${CYCLES} times leave no timers, streams or heap behind`, async function () {
    this.timeout(300_000);
    const { taskId, body } = frozenTask('success', 9000);
    await cycle(body, taskId); // warm-up: code, styles, formatters, the zh-CN chunk
    await new Promise((r) => setTimeout(r, 2000));
    const baseline = await heap();
    for (let i = 0; i < CYCLES; i++) await cycle(body, taskId);
    // Streams linger 250 ms for DOM moves; copy confirmations end after 1.5 s.
    await new Promise((r) => setTimeout(r, 2000));
    expect(activeFollowerCount(), 'request streams').to.equal(0);
    expect(tickerState(), '1 Hz clock').to.deep.equal({ running: false, listeners: 0 });
    const after = await heap();
    const grownMb = (after - baseline) / 1e6;
    console.log(
      `soak: heap ${(baseline / 1e6).toFixed(1)} MB → ${(after / 1e6).toFixed(1)} MB after ${CYCLES} × ${WIDGETS} widgets`,
    );
    expect(grownMb).to.be.lessThan(5, `heap grew ${grownMb.toFixed(1)} MB`);
  });
});
