import '../src/index.js';
import { frozenTask } from '../src/simulator/simulator.js';
import type { Scenario } from '../src/simulator/scenarios.js';

/** Each state at a frozen moment of a simulated task; `error` is a ResourceNotFound answer. */
const STATES: [string, Scenario, number][] = [
  ['waiting', 'long-queue', 4000],
  ['processing', 'success', 12_000],
  ['success', 'success', 120_000],
  ['partial', 'subtask-failure', 120_000],
  ['failed', 'source-failure', 120_000],
  ['error', 'not-found', 0],
];

function widget(
  state: string,
  scenario: Scenario,
  at: number,
  opts: { theme?: string; variant?: string; locale?: string },
) {
  const el = document.createElement('mps-task-status');
  const { taskId, body } = frozenTask(scenario, at);
  el.fetcher = async () =>
    state === 'error'
      ? {
          Response: {
            Error: { Code: 'ResourceNotFound', Message: 'The task does not exist.' },
            RequestId: 'demo',
          },
        }
      : structuredClone(body);
  el.outputUrl = '/mps/files{path}';
  if (opts.theme) el.theme = opts.theme as 'light';
  if (opts.variant) el.variant = opts.variant as 'full';
  if (opts.locale) el.locale = opts.locale;
  el.taskId = taskId;
  return el;
}

/** One of each result family beyond the media subtasks, at a telling moment. */
const FAMILIES: [string, Scenario, number][] = [
  ['AI workflow, running', 'ai-workflow', 10_000],
  ['AI workflow, QC failed', 'ai-workflow', 120_000],
  ['ScheduleTask with AI activities', 'schedule-ai', 120_000],
  ['Live recording', 'live-recording', 70_000],
  ['Blind watermark', 'blind-watermark', 120_000],
  ['VOD Pro source', 'vod-pro', 120_000],
];

for (const grid of document.querySelectorAll<HTMLElement>('.grid[data-variant]')) {
  const { theme, variant, locale } = grid.dataset;
  const states =
    'families' in grid.dataset
      ? FAMILIES
      : locale && variant !== 'minimal'
        ? STATES.filter(([s]) => s === 'processing' || s === 'partial')
        : STATES;
  for (const [state, scenario, at] of states) {
    const fig = document.createElement('figure');
    const cap = document.createElement('figcaption');
    cap.textContent = state;
    fig.append(cap, widget(state, scenario, at, { theme, variant, locale }));
    grid.append(fig);
  }
}
const themed = document.querySelector<HTMLElementTagNameMap['mps-task-status']>('#themed')!;
const t = frozenTask('success', 14_000);
themed.fetcher = async () => structuredClone(t.body);
themed.taskId = t.taskId;
