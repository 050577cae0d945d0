import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import type { Scenario } from '../../src/simulator/scenarios.js';

/** Host states in the order a task moves through them; the terminal ones share the last rank. */
const RANK: Record<string, number> = {
  idle: 0,
  loading: 1,
  waiting: 2,
  processing: 3,
  success: 4,
  partial: 4,
  failed: 4,
};

describe('<mps-task-status> through a chaotic network', () => {
  it('20 widgets reach the right end state: no page error, no status backwards, bounded requests', async function () {
    this.timeout(120_000);
    const scenarios: Scenario[] = Array.from({ length: 20 }, (_, i) =>
      i % 7 === 3 ? 'subtask-failure' : i === 11 ? 'source-failure' : 'success',
    );
    const expected = scenarios.map((s) =>
      s === 'subtask-failure' ? 'partial' : s === 'source-failure' ? 'failed' : 'success',
    );
    const ids = await executeServerCommand<string[], Scenario[]>('chaos-create', scenarios);
    const endpoint = await executeServerCommand<string, undefined>('chaos-url');
    const pageErrors: string[] = [];
    const onError = (e: ErrorEvent | PromiseRejectionEvent) =>
      pageErrors.push(String('message' in e ? e.message : e.reason));
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    const histories: string[][] = ids.map(() => []);
    const widgets = ids.map((id, i) => {
      const el = document.createElement('mps-task-status') as MpsTaskStatus;
      el.variant = 'compact';
      el.endpoint = endpoint;
      el.taskId = id;
      el.addEventListener('mps-task-state-change', (e) => histories[i].push(e.detail.state));
      document.body.append(el);
      return el;
    });
    const done = () => widgets.every((el) => RANK[el.getAttribute('state') ?? ''] === 4);
    const deadline = Date.now() + 100_000;
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);

    const states = widgets.map((el) => el.getAttribute('state'));
    expect(
      states,
      JSON.stringify(states) + JSON.stringify(widgets.map((el) => el.snapshot?.error?.message)),
    ).to.deep.equal(expected);
    expect(pageErrors).to.deep.equal([]);
    for (const history of histories) {
      const ranks = history.map((state) => RANK[state] ?? -1);
      expect(ranks, history.join(' → ')).to.deep.equal([...ranks].sort((a, b) => a - b));
      expect(history).not.to.include('error');
    }
    const served = await executeServerCommand<Record<string, number>, undefined>('chaos-served');
    const counts = ids.map((id) => served[id]);
    expect(Math.max(...counts)).to.be.lessThan(40, `requests per task: ${counts.join(',')}`);
    const faultsMet = counts.reduce((a, b) => a + b, 0);
    console.log(
      `chaos: ${faultsMet} requests served to 20 widgets, at most ${Math.max(...counts)} per task`,
    );
    // The widgets met every kind of fault (a count of requests would depend on the machine's
    // speed: a loaded one polls the same tasks fewer times).
    const faults = await executeServerCommand<Record<string, number>, undefined>('chaos-faults');
    expect(Object.keys(faults).sort(), JSON.stringify(faults)).to.deep.equal([
      '429',
      '500',
      '502',
      '503',
      'lagging',
      'ok',
      'reset',
      'skew+',
      'skew-',
      'slow',
      'truncated',
    ]);
    widgets.forEach((el) => el.remove());
  });
});
