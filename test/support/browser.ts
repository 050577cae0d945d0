import { executeServerCommand } from '@web/test-runner-commands';
import { waitUntil, fixture, html } from '@open-wc/testing';
import type { ScriptedAnswer } from './test-server-plugin.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import type { Scenario } from '../../src/simulator/scenarios.js';
import type { TaskFetcher } from '../../src/core/request.js';
import { VirtualTime } from './virtual-time.js';

/** Creates a task on the simulator mounted at /mps (running 20x real time in tests). */
export async function startTask(scenario: string, speed?: number): Promise<string> {
  const res = await fetch('/mps/tasks', {
    method: 'POST',
    body: JSON.stringify({ scenario, speed }),
  });
  return ((await res.json()) as { TaskId: string }).TaskId;
}

/** How many describe requests the simulator saw for a task. */
export async function requestCount(taskId: string): Promise<number> {
  return (
    (await (await fetch(`/mps/stats?TaskId=${encodeURIComponent(taskId)}`)).json()) as {
      requests: number;
    }
  ).requests;
}

export async function scriptedServer(
  answers: ScriptedAnswer[],
  fallback?: ScriptedAnswer,
): Promise<string> {
  await executeServerCommand<boolean, { answers: ScriptedAnswer[]; fallback?: ScriptedAnswer }>(
    'scripted-server-script',
    { answers, fallback },
  );
  return executeServerCommand<string, undefined>('scripted-server-url');
}

export function scriptedRequests() {
  return executeServerCommand<{ method: string; url: string; body: string }[], undefined>(
    'scripted-server-requests',
  );
}

/** Waits for the host `state` attribute. */
export async function stateIs(el: Element, ...states: string[]) {
  await waitUntil(
    () => states.includes(el.getAttribute('state') ?? ''),
    `state never became ${states.join('|')} (is ${el.getAttribute('state')})`,
    { timeout: 15000 },
  );
  // And whatever that render still loads on demand (strings, detail sections).
  await (el as Element & { updateComplete?: Promise<unknown> }).updateComplete;
}

/** The element's rendered text, whitespace-folded. */
export function textOf(el: Element): string {
  return (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A widget (English) that keeps answering one body; resolves once it shows one of `states`. */
export async function showBody<T extends HTMLElement>(
  taskId: string,
  body: unknown,
  ...states: string[]
) {
  const el = await fixture<T>(
    html`<mps-task-status
      lang="en"
      task-id=${taskId}
      .fetcher=${async () => body}
    ></mps-task-status>`,
  );
  await stateIs(el, ...states);
  return el;
}

/**
 * The page on a virtual clock (starting at the real time) for the length of `body`: the widgets'
 * timers and the shared 1 Hz ticker fire only as the test advances it, so "how many polls in
 * 3 s" is a count, not a race with a busy machine. Rendering, microtasks and the
 * IntersectionObserver stay real; open-wc's `waitUntil` polls on `setTimeout`, so it is not
 * used inside (wait with `clock.runUntil` or `inViewport`).
 */
export async function onVirtualClock(body: (clock: VirtualTime) => Promise<void>): Promise<void> {
  const clock = new VirtualTime();
  clock.now = Date.now();
  const restore = clock.install();
  try {
    await body(clock);
  } finally {
    restore();
  }
}

/**
 * Tasks simulated in the page on `clock`'s time, and a fetcher that answers them and counts the
 * requests per task (the element's `fetcher` seam: no network, so no real waiting).
 */
export function simulatedTasks(clock: VirtualTime) {
  const sim = new MpsSimulator({ now: () => clock.now, seed: 11 });
  const calls = new Map<string, number>();
  const fetcher: TaskFetcher = async (taskId) => {
    calls.set(taskId, (calls.get(taskId) ?? 0) + 1);
    return JSON.parse(sim.describe(taskId).body) as unknown;
  };
  return {
    fetcher,
    start: (scenario: Scenario) => sim.createTask({ scenario }),
    calls: (taskId: string) => calls.get(taskId) ?? 0,
  };
}

/**
 * Resolves once the page's IntersectionObserver has placed `elements` (near the screen or not)
 * as they are now: an observer made after the widgets' one is told in the same rendering step,
 * after it.
 */
export function inViewport(...elements: Element[]): Promise<void> {
  return new Promise((resolve) => {
    const seen = new Set<Element>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) seen.add(entry.target);
        if (seen.size < elements.length) return;
        observer.disconnect();
        resolve();
      },
      { rootMargin: '100% 0px' },
    );
    for (const element of elements) observer.observe(element);
  });
}
