import { frozenTask } from '../../src/simulator/simulator.js';
import type { Scenario } from '../../src/simulator/scenarios.js';

/** A fetcher that keeps answering a task frozen at one moment (deterministic states). */
export function frozen(scenario: Scenario, atMs: number) {
  const { taskId, body } = frozenTask(scenario, atMs);
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
