import { LIVE_RESULT_FIELDS } from '../core/facts.js';
import { stripSecrets } from '../core/secrets.js';
import type { Broadcaster, TaskEvent } from './broadcaster.js';

/** The event type the notification receiver gives live-stream processing notifications. */
export const LIVE_EVENT = 'LiveStreamProcessTask';

/** Live tasks whose findings are kept at most (the oldest are forgotten first). */
const MAX_TASKS = 1000;

/**
 * The latest findings of live-stream processing tasks. MPS reports a live stream's review,
 * recognition and quality results only in notifications (`ParseLiveStreamProcessNotification`);
 * DescribeTaskDetail says no more than the state. This keeps the latest result of each kind per
 * task, heard on the broadcaster, and lays it on the `LiveStreamProcessTask` object of the answers
 * served for that task, so a widget following it shows them, by polling or on the event stream.
 */
export class LiveFindings {
  private readonly findings = new Map<string, Record<string, unknown>>();
  private readonly following = new Map<string, () => void>();
  /** The last body served with findings per task, so an unchanged one is not merged again. */
  private readonly served = new Map<string, { from: string; found: object; body: string }>();

  constructor(private readonly broadcaster?: Broadcaster) {}

  /** Keeps what a live notification reported (the newest of each kind wins). */
  record(event: TaskEvent): void {
    if (event.eventType !== LIVE_EVENT) return;
    const latest = { ...this.findings.get(event.taskId) };
    for (const field of LIVE_RESULT_FIELDS) {
      const value = event.task[field];
      if (value != null && typeof value === 'object') latest[field] = stripSecrets(value);
    }
    this.findings.delete(event.taskId); // re-insert: Map order doubles as LRU order
    this.findings.set(event.taskId, latest);
    for (const taskId of this.findings.keys()) {
      if (this.findings.size <= MAX_TASKS) break;
      this.forget(taskId);
    }
  }

  /**
   * `body` (an answer's JSON) with the task's latest live findings on its `LiveStreamProcessTask`
   * object; the same string when there are none. Listens for the task's notifications from the
   * first answer that shows it is a running live task.
   */
  merge(taskId: string, body: string, finished: boolean): string {
    if (!body.includes(`"${LIVE_EVENT}":{`)) return body;
    if (!finished) this.follow(taskId);
    const found = this.findings.get(taskId);
    if (!found) return body;
    const last = this.served.get(taskId);
    if (last && last.from === body && last.found === found) return last.body;
    const content = JSON.parse(body) as Record<string, unknown>;
    const task = content[LIVE_EVENT];
    if (!task || typeof task !== 'object' || Array.isArray(task)) return body;
    content[LIVE_EVENT] = { ...task, ...found };
    const merged = JSON.stringify(content);
    this.served.set(taskId, { from: body, found, body: merged });
    return merged;
  }

  private follow(taskId: string): void {
    if (!this.broadcaster || this.following.has(taskId)) return;
    this.following.set(
      taskId,
      this.broadcaster.subscribe(taskId, (event) => this.record(event)),
    );
    for (const oldest of this.following.keys()) {
      if (this.following.size <= MAX_TASKS) break;
      this.forget(oldest);
    }
  }

  private forget(taskId: string): void {
    this.findings.delete(taskId);
    this.served.delete(taskId);
    this.following.get(taskId)?.();
    this.following.delete(taskId);
  }
}
