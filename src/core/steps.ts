import { stepFacts } from './facts.js';
import { mediaOutput, stepFiles, storageOf } from './outputs.js';
import { amount, finite, percent, record, text, type Loose } from './loose-values.js';
import { parseMpsTime } from './time.js';
import type { ErrorInfo, OutputView, Subtask } from './view.js';

/** The media subtask fields of a `MediaProcessResultSet` entry or `ActivityResItem`, and their types. */
const MEDIA_FIELDS: Record<string, string> = {
  TranscodeTask: 'Transcode',
  AnimatedGraphicTask: 'AnimatedGraphics',
  SnapshotByTimeOffsetTask: 'SnapshotByTimeOffset',
  SampleSnapshotTask: 'SampleSnapshot',
  ImageSpriteTask: 'ImageSprites',
  AdaptiveDynamicStreamingTask: 'AdaptiveDynamicStreaming',
};

/** A step's own status once it has ended (EditMediaTask reports the task-level FINISH). */
const ENDED = new Set(['SUCCESS', 'FAIL', 'FINISH']);

/** How deep result entries may nest (an activity's output holding AI results holding steps). */
const MAX_NESTING = 3;

/** `ErrCodeExt` values MPS writes on success: empty, `"0"` and `"SUCCESS"` (Tencent's own examples). */
const SUCCESS_CODES = new Set(['', '0', 'SUCCESS']);

/** `ErrCodeExt` when it names an error; null when it is absent or one of MPS's ways of writing success. */
function errorCodeExt(value: unknown): string | null {
  const code = text(value)?.trim();
  return code && !SUCCESS_CODES.has(code.toUpperCase()) ? code : null;
}

/**
 * An error when the step failed. Any one sign of failure is enough, so a failure is never shown
 * as success when MPS's fields disagree: `Status: FAIL` (even with `ErrCode: 0`), a non-zero
 * `ErrCode`, or an `ErrCodeExt` that names an error (even beside `Status: SUCCESS`). `""`, `"0"`
 * and `"SUCCESS"` in any case are not errors: Tencent's own DescribeTaskDetail and
 * ParseNotification examples send `"ErrCodeExt": "SUCCESS"` on a successful step, whatever the
 * SDK's comment says. The code shown is `ErrCodeExt` (the current API) when it names an error,
 * else the numeric `ErrCode`, else `FAIL`.
 * @internal
 */
export function errorOf(step: Loose, failed = step.Status === 'FAIL'): ErrorInfo | null {
  const ext = errorCodeExt(step.ErrCodeExt);
  const code = finite(step.ErrCode);
  if (!ext && !code && !failed) return null;
  return { code: ext ?? (code ? String(code) : 'FAIL'), message: text(step.Message) ?? '' };
}

/**
 * Whether an object carries the step envelope every MPS step shares (a `Status` or `ErrCodeExt`,
 * beside `ErrCode`, `Message`, `Progress`): how a result kind we have no reader for is still
 * read. A live stream's `ProcessEofInfo` (`ErrCode` and `Message` only) is the task's error.
 * @internal
 */
export const isStep = (node: Loose): boolean =>
  typeof node.Status === 'string' || typeof node.ErrCodeExt === 'string';

/**
 * The step type a result member's key names: `AiDubbingTaskResult` → `AiDubbing`. A schedule
 * spells that kind `AIDubbingTask`: one label serves both.
 * @internal
 */
export const stepTypeOf = (key: string): string =>
  key
    .replace(/(TaskResultSet|TaskResult|ResultSet|Result|Task|Set)$/, '')
    .replace(/^AI(?=[A-Z])/, 'Ai') || key;

/**
 * Collects every step of a task — media subtasks, AI results, schedule and live activities, and
 * the AI results nested in an activity's output — into one flat list of subtasks with their
 * outputs. Every kind has the same envelope, so one reader serves them all, and a kind MPS adds
 * after the SDK we pin is read by that envelope (`members`): its failure and progress count.
 * @internal
 */
export class StepCollector {
  readonly subtasks: Subtask[] = [];
  readonly outputs: OutputView[] = [];
  private readonly counts = new Map<string, number>();

  /**
   * A result entry: `{Type?, <Name>Task: step, ...}`; each filled `*Task` field is a step, and so
   * is any other member carrying the step envelope (a kind newer than our schema).
   */
  entry(value: unknown, depth = 0): void {
    const entry = record(value);
    if (!entry) return;
    for (const [field, step] of Object.entries(entry)) {
      const object = record(step);
      if (!object || !(field.endsWith('Task') || isStep(object))) continue;
      const media = field in MEDIA_FIELDS;
      // A media entry's Type is the finer name (CoverBySnapshot rides on a snapshot subtask).
      const type = media ? (text(entry.Type) ?? MEDIA_FIELDS[field]) : stepTypeOf(field);
      this.step(type, object, { media, depth });
    }
  }

  /** Each entry of a list of result entries. */
  entries(list: unknown, depth = 0): void {
    if (Array.isArray(list)) for (const item of list) this.entry(item, depth);
  }

  /**
   * The result members of a task object: an object with the step envelope is a step labelled
   * from its key (`SmartEraseTaskResult` → `SmartErase`); a list holds result entries or steps.
   * Members that are neither (the source, its metadata, a schedule's activity list) are passed
   * over. Kinds newer than our schema are read the same way: their failure and progress count.
   */
  members(task: Loose): void {
    for (const [key, value] of Object.entries(task)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        const entry = record(item);
        if (entry && isStep(entry)) this.step(stepTypeOf(key), entry);
        else if (entry && item !== value) this.entry(entry);
      }
    }
  }

  /** One step. Returns its subtask so a caller can complete what the step lacks (EditMedia's times). */
  step(
    type: string,
    value: unknown,
    { media = false, depth = 0 }: { media?: boolean; depth?: number } = {},
  ): Subtask | null {
    const step = record(value);
    if (!step) return null;
    const index = this.counts.get(type) ?? 0;
    this.counts.set(type, index + 1);
    const status = text(step.Status) ?? 'UNKNOWN';
    const input = record(step.Input);
    const subtask: Subtask = {
      id: `${type}-${index}`,
      type,
      status,
      progress: ENDED.has(status) ? 100 : percent(step.Progress),
      definition: amount(input?.Definition),
      startedAt: parseMpsTime(step.BeginProcessTime),
      finishedAt: parseMpsTime(step.FinishTime),
      reportsTimes: step.BeginProcessTime != null || step.FinishTime != null,
      error: errorOf(step),
      facts: stepFacts(step.Output),
    };
    this.subtasks.push(subtask);
    const fallbackStorage = storageOf(input?.OutputStorage);
    if (media) {
      const output = mediaOutput(subtask, step.Output, fallbackStorage);
      if (output) this.outputs.push(output);
    } else {
      this.outputs.push(...stepFiles(subtask, step.Output, fallbackStorage));
    }
    // Schedule activities for AI work report their results as a list of result entries.
    if (depth < MAX_NESTING) this.entries(step.Output, depth + 1);
    return subtask;
  }
}
