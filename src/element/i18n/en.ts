/** English strings. Every key can be overridden through the element's `strings` property. */
export const en = {
  title: 'Media processing task',
  noTask: 'No task selected',
  copied: 'Copied',
  copyTaskId: 'Copy task ID',
  retry: 'Retry',
  details: 'Details',
  state: {
    idle: 'No task',
    loading: 'Loading…',
    waiting: 'Waiting',
    processing: 'Processing',
    success: 'Finished',
    failed: 'Failed',
    partial: 'Finished with errors',
    error: 'Status unavailable',
  },
  /** The `minimal` variant (the rest of its table arrives with its chunk: `en-minimal.ts`). */
  minimal: {
    loading: 'Checking on your video…',
  },
  progressLabel: 'Task progress',
  progressText: (state: string, percent: string | null) =>
    percent ? `${state}, ${percent}` : state,
  etaLeft: (d: string) => `about ${d} left`,
  elapsed: (d: string) => `${d} elapsed`,
  tookTotal: (d: string) => `took ${d}`,
  source: 'Source',
  outputCount: (n: number) => (n === 1 ? '1 output' : `${n} outputs`),
  errors: {
    network: 'The status service cannot be reached.',
    timeout: 'The status service did not answer in time.',
    http: 'The status service answered with an error.',
    api: 'Media Processing Service returned an error.',
    invalid: 'The status response could not be read.',
    'not-found': 'This task does not exist or has expired (MPS keeps tasks for a few days).',
    unauthorized: 'You are not allowed to see this task.',
  } as Record<string, string>,
  offline: 'Offline — will resume automatically',
  reconnecting: 'Reconnecting…',
  retryingNow: 'Connection problem — retrying…',
  paused: 'Paused while the page is hidden',
  announce: {
    waiting: 'Task is waiting in the queue',
    processing: 'Task is processing',
    success: 'Task finished',
    failed: 'Task failed',
    partial: 'Task finished with errors',
    error: 'Task status unavailable',
  } as Record<string, string>,
  announcePercent: (p: string) => `Task ${p} complete`,
};

/** The strings of the main file: what the views outside the lazy parts may read. */
export type MainStrings = typeof en;

/**
 * Every string, those of the lazy chunks included (the detail sections' `en-details.ts`, the
 * minimal view's `en-minimal.ts`, its notify control's `en-notify.ts`): the shape of a language table and of the page's overrides.
 */
export type Strings = typeof en &
  typeof import('./en-details.js').enDetails &
  typeof import('./en-minimal.js').enMinimal &
  typeof import('./en-notify.js').enNotify &
  typeof import('./en-compact.js').enCompact;
