import { executeServerCommand } from '@web/test-runner-commands';
import { waitUntil, fixture, html } from '@open-wc/testing';
import type { ScriptedAnswer } from './test-server-plugin.js';

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
