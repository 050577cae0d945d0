export { MpsSimulator, frozenTask } from './simulator.js';
export type { SimulatorOptions, CreateTaskOptions, SimulatedResponse } from './simulator.js';
export { createSimulatorHandler } from './http.js';
export type { SimulatorHttpOptions } from './http.js';
export { SCENARIOS, SCENARIO_LABELS, planFor } from './scenarios.js';
export type { Scenario, TaskPlan, SubtaskPlan } from './scenarios.js';
