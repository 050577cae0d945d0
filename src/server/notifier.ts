import { createHash } from 'node:crypto';

/** What the notifier reads of a simulated MPS (`MpsSimulator` has it): its tasks and their details. */
export interface NotifyingSource {
  taskIds(): string[];
  detail(taskId: string): Record<string, unknown> | null;
}

export interface SimulatorNotifierOptions {
  /** Where to POST (your `createNotificationHandler` route): MPS's `NotifyUrl`. */
  url: string;
  /** MPS's `NotifyKey`: signs each notification. */
  notifyKey: string;
  /** How often the tasks are looked at, ms (default 250). */
  intervalMs?: number;
  /** How long a signature stays valid, seconds (default 600). */
  validForSeconds?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Status of the task and of each of its steps: what makes a "Change" notification. */
function changeKey(task: Record<string, unknown>): string {
  const statuses: string[] = [String(task.Status)];
  JSON.stringify(task, (key, value) => {
    if (key !== 'Status' && key.endsWith('Task') && value && typeof value === 'object')
      statuses.push(`${key}:${String((value as { Status?: unknown }).Status)}`);
    return value;
  });
  return statuses.join('|');
}

/**
 * The task object of a DescribeTaskDetail body and its field. Most TaskTypes name their object
 * (`WorkflowTask`); `ExtractBlindWatermark` keeps its object under `ExtractBlindWatermarkTask`.
 */
function taskObjectOf(detail: Record<string, unknown>) {
  const kind = typeof detail.TaskType === 'string' ? detail.TaskType : null;
  if (!kind) return null;
  for (const field of [kind, `${kind}Task`]) {
    const task = detail[field];
    if (task && typeof task === 'object' && !Array.isArray(task))
      return { kind, field, task: task as Record<string, unknown> };
  }
  return null;
}

/** The notification MPS would send for a task at this moment (`NotifyMode: "Change"`). */
export function simulatedNotification(
  detail: Record<string, unknown>,
  notifyKey: string,
  expiresAtSeconds: number,
): Record<string, unknown> | null {
  const found = taskObjectOf(detail);
  if (!found) return null;
  const { kind, task } = found;
  // ParseNotification carries a blind-watermark task under its own name, the others as `*Event`.
  const field = found.field === 'ExtractBlindWatermarkTask' ? found.field : `${kind}Event`;
  return {
    EventType: kind,
    [field]: task,
    SessionId: '',
    SessionContext: '',
    Timestamp: expiresAtSeconds,
    Sign: createHash('md5').update(`${expiresAtSeconds}${notifyKey}`).digest('hex'),
  };
}

/**
 * Makes the simulator behave like MPS with `TaskNotifyConfig` `{NotifyType: "URL", NotifyMode:
 * "Change"}`: every state change of a task (its status or a step's) is POSTed, signed, to `url`.
 * Node only (md5). Returns `stop()`, and `tick()` to look at once.
 */
export function startSimulatorNotifier(
  sim: NotifyingSource,
  opts: SimulatorNotifierOptions,
): { stop(): void; tick(): void } {
  const send = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? Date.now;
  const sent = new Map<string, string>();
  const tick = () => {
    for (const id of sim.taskIds()) {
      const detail = sim.detail(id);
      const task = detail ? taskObjectOf(detail)?.task : null;
      if (!task) continue;
      const key = changeKey(task);
      if (sent.get(id) === key) continue;
      sent.set(id, key);
      const expires = Math.floor(now() / 1000) + (opts.validForSeconds ?? 600);
      const body = simulatedNotification(detail!, opts.notifyKey, expires);
      if (!body) continue;
      send(opts.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }).catch(() => sent.delete(id)); // not delivered: sent again on the next look
    }
  };
  const timer = setInterval(tick, opts.intervalMs ?? 250);
  (timer as { unref?: () => void }).unref?.(); // never what keeps a process alive
  tick();
  // `tick` looks now, for tests on a virtual clock.
  return { stop: () => clearInterval(timer), tick };
}
