import { createHash, timingSafeEqual } from 'node:crypto';
import { stripSecrets } from '../core/secrets.js';
import { LIVE_RESULT_FIELDS } from '../core/facts.js';
import { memoryBroadcaster, type Broadcaster, type TaskEvent } from './broadcaster.js';
import { LIVE_EVENT } from './live-findings.js';
import type { FetchHandler } from './node-adapter.js';
import { readBodyText } from './read-body.js';

export interface NotificationHandlerOptions {
  /** The `NotifyKey` of the task's `TaskNotifyConfig`: signs every notification. */
  notifyKey: string;
  /** Where accepted events go (default: a new in-memory broadcaster). */
  broadcaster?: Broadcaster;
  /** Largest body accepted, bytes (default 1 MB: an AI workflow's event can be large). */
  maxBodyBytes?: number;
  /** Notifications remembered to refuse replays (default 10,000; the oldest are forgotten first). */
  replayCacheSize?: number;
  /** Clock, ms (injectable for tests). */
  now?: () => number;
  /**
   * How far ahead a `Timestamp` (the signature's expiry) may be, seconds (default 86,400: one
   * day). A signature valid for longer is refused (401): a captured one must not work for ever.
   */
  maxValiditySeconds?: number;
  /**
   * Notifications accepted under one signature (default 1,000). MPS signs only the `Timestamp`,
   * so genuine notifications sent in the same second share a signature and are all accepted;
   * a captured one, sent again with other bodies, can cost no more than this (then 429).
   */
  maxPerSignature?: number;
}

/** The event objects a notification may carry, per the SDK's `ParseNotificationResponse` (and live). @internal */
export const EVENT_FIELDS = [
  'WorkflowTaskEvent',
  'EditMediaTaskEvent',
  'ScheduleTaskEvent',
  'LiveScheduleTaskEvent',
  'BatchTaskEvent',
  'ExtractBlindWatermarkTask',
] as const;

const jsonResponse = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });

const refuse = (status: number, error: string) => jsonResponse(status, { error });

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** `Sign = md5(Timestamp + NotifyKey)`, compared in constant time. */
function signatureValid(timestamp: number, sign: string, notifyKey: string): boolean {
  const expected = Buffer.from(md5(String(timestamp) + notifyKey));
  const given = Buffer.from(sign.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A live-stream processing notification (`ParseLiveStreamProcessNotification`: a top-level
 * `TaskId` and `NotificationType`, and the result info of that type), as a task event of its
 * task: a wake-up for its followers, carrying the findings (`LiveFindings` keeps them).
 */
function liveEventOf(body: Record<string, unknown>, receivedAt: number): TaskEvent | null {
  const { TaskId, NotificationType } = body;
  if (typeof TaskId !== 'string' || !TaskId || typeof NotificationType !== 'string') return null;
  const task: Record<string, unknown> = { TaskId, NotificationType };
  for (const field of LIVE_RESULT_FIELDS) if (body[field] != null) task[field] = body[field];
  return { taskId: TaskId, eventType: LIVE_EVENT, task: stripSecrets(task), receivedAt };
}

/** The task event a verified notification carries, or null when it names no task. */
function eventOf(body: Record<string, unknown>, receivedAt: number): TaskEvent | null {
  for (const field of EVENT_FIELDS) {
    const task = body[field];
    if (!task || typeof task !== 'object' || Array.isArray(task)) continue;
    const taskId = (task as { TaskId?: unknown }).TaskId;
    if (typeof taskId !== 'string' || !taskId) continue;
    const eventType =
      typeof body.EventType === 'string' && body.EventType
        ? body.EventType
        : field.replace(/Event$/, '');
    return {
      taskId,
      eventType,
      task: stripSecrets(task as Record<string, unknown>),
      receivedAt,
    };
  }
  return liveEventOf(body, receivedAt);
}

/**
 * What makes a notification the same one again: its content, not its bytes. Keys sorted at every
 * level, `Timestamp` as a number and `Sign` case-folded, so whitespace, key order or a string
 * `Timestamp` do not make a replayed copy new (MPS signs only the `Timestamp`).
 */
export function replayKey(body: Record<string, unknown>, timestamp: number): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
          )
        : value;
  const sign = typeof body.Sign === 'string' ? body.Sign.toLowerCase() : body.Sign;
  const content = JSON.stringify(canonical({ ...body, Timestamp: timestamp, Sign: sign }));
  return createHash('sha256').update(content).digest('hex');
}

/** Remembers what was accepted until its signature expires, so a copy sent again is refused. */
class ReplayCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  /** False when `key` was seen and has not expired; else records it. */
  admit(key: string, expiresAt: number, now: number): boolean {
    const known = this.seen.get(key);
    if (known != null && known > now) return false;
    this.seen.delete(key);
    this.seen.set(key, expiresAt);
    for (const [oldest, expiry] of this.seen) {
      if (this.seen.size <= this.capacity && expiry > now) break;
      this.seen.delete(oldest);
    }
    return true;
  }

  /** Lets `key` in again (its event could not be passed on: MPS will send it again). */
  forget(key: string): void {
    this.seen.delete(key);
  }
}

/** Bodies accepted per signature until it expires: what one signature may cost is bounded. */
class SignatureBudget {
  private readonly used = new Map<string, { count: number; expiresAt: number }>();

  constructor(
    private readonly perSignature: number,
    private readonly capacity = 10_000,
  ) {}

  /** Counts one more body under `signature`; false past the budget. */
  spend(signature: string, expiresAt: number, now: number): boolean {
    let entry = this.used.get(signature);
    if (!entry || entry.expiresAt <= now) {
      this.used.delete(signature);
      this.used.set(signature, (entry = { count: 0, expiresAt }));
      for (const [oldest, { expiresAt: expiry }] of this.used) {
        if (this.used.size <= this.capacity && expiry > now) break;
        this.used.delete(oldest);
      }
    }
    return ++entry.count <= this.perSignature;
  }
}

/**
 * Receives MPS event notifications (`TaskNotifyConfig` with `NotifyType: "URL"`; `NotifyMode:
 * "Change"` reports every state change). Answers at once — MPS retries receivers that are slow
 * or fail — after checking, in order: POST (405), size (413), JSON object (400), `Timestamp` and
 * `Sign` present (401), not expired (`Timestamp` is the signature's expiry, UNIX seconds: 401),
 * `Sign = md5(Timestamp + NotifyKey)` in constant time (401), not a replay of a notification
 * already accepted (401), at most `maxPerSignature` under one signature (429), a task event in it (400): a `*TaskEvent` object, or a live-stream
 * processing notification's `TaskId`. Accepted events are published, secrets stripped, to the
 * broadcaster.
 */
export function createNotificationHandler(opts: NotificationHandlerOptions): FetchHandler & {
  broadcaster: Broadcaster;
} {
  if (!opts.notifyKey) throw new Error('createNotificationHandler: notifyKey is required');
  const broadcaster = opts.broadcaster ?? memoryBroadcaster();
  const now = opts.now ?? Date.now;
  const replays = new ReplayCache(opts.replayCacheSize ?? 10_000);
  const signatures = new SignatureBudget(opts.maxPerSignature ?? 1000);
  const maxBodyBytes = opts.maxBodyBytes ?? 1024 * 1024;
  const maxValidityMs = (opts.maxValiditySeconds ?? 86_400) * 1000;

  const handler = async (request: Request): Promise<Response> => {
    if (request.method !== 'POST') return refuse(405, 'Notifications are POSTed.');
    const text = await readBodyText(request, maxBodyBytes);
    if (text == null) return refuse(413, `Notification body over ${maxBodyBytes} bytes.`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return refuse(400, 'The notification is not valid JSON.');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      return refuse(400, 'The notification is not a JSON object.');
    const { Timestamp, Sign } = body as { Timestamp?: unknown; Sign?: unknown };
    const timestamp = typeof Timestamp === 'string' ? Number(Timestamp) : Timestamp;
    if (
      typeof timestamp !== 'number' ||
      !Number.isSafeInteger(timestamp) ||
      typeof Sign !== 'string'
    )
      return refuse(401, 'The notification has no valid Timestamp and Sign.');
    const at = now();
    if (timestamp * 1000 <= at) return refuse(401, 'The notification signature has expired.');
    if (timestamp * 1000 > at + maxValidityMs)
      return refuse(401, 'The notification signature is valid for too long.');
    if (!signatureValid(timestamp, Sign, opts.notifyKey))
      return refuse(401, 'The notification signature does not match.');
    const key = replayKey(body as Record<string, unknown>, timestamp);
    if (!replays.admit(key, timestamp * 1000, at))
      return refuse(401, 'The notification was already received (replay).');
    if (!signatures.spend(`${timestamp} ${Sign.toLowerCase()}`, timestamp * 1000, at))
      return refuse(429, 'Too many notifications under one signature.');
    const event = eventOf(body as Record<string, unknown>, at);
    if (!event) return refuse(400, 'The notification carries no task event.');
    try {
      await broadcaster.publish(event);
    } catch {
      replays.forget(key);
      return refuse(503, 'The event could not be passed on; send it again.');
    }
    return jsonResponse(200, { ok: true, taskId: event.taskId });
  };
  return Object.assign(handler, { broadcaster });
}
