import { MpsSimulator } from '../../src/server/simulator/simulator.js';
import type { Scenario } from '../../src/server/simulator/scenarios.js';

/**
 * A DescribeTaskDetail body for a scenario frozen `atMs` after creation (the simulator's own
 * code, run in the page), and a fetcher that keeps answering it. Deterministic states for
 * rendering, accessibility and i18n tests.
 */
export function bodyAt(scenario: Scenario, atMs: number): { taskId: string; body: unknown } {
  // Whole seconds, as MPS reports them, so durations do not flip with the fraction of "now".
  let now = Math.floor((Date.now() - atMs) / 1000) * 1000;
  const sim = new MpsSimulator({ now: () => now, seed: 3 });
  const taskId = sim.createTask({ scenario });
  now += atMs;
  return { taskId, body: JSON.parse(sim.describe(taskId).body) };
}

export function frozen(scenario: Scenario, atMs: number) {
  const { taskId, body } = bodyAt(scenario, atMs);
  return { taskId, fetcher: async () => structuredClone(body) };
}

/** States by scenario and moment: waiting, processing, success, failed, partial. */
export const STATES = {
  waiting: ['long-queue', 1000],
  processing: ['success', 9000],
  success: ['success', 120_000],
  failed: ['source-failure', 120_000],
  partial: ['subtask-failure', 120_000],
} as const;
