import { stepFacts } from './facts.js';
import { mediaOutput, stepFiles, storageOf } from './outputs.js';
import { amount, finite, percent, record, text, type Loose } from './read.js';
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

/**
 * An error when the step failed: `Status: FAIL`, a non-empty `ErrCodeExt` or a non-zero `ErrCode`.
 * `ErrCodeExt` (the current API) wins over the deprecated numeric `ErrCode`.
 */
export function errorOf(step: Loose, failed = step.Status === 'FAIL'): ErrorInfo | null {
  const ext = text(step.ErrCodeExt);
  const code = finite(step.ErrCode);
  if (!ext && !code && !failed) return null;
  return { code: ext ?? (code ? String(code) : 'FAIL'), message: text(step.Message) ?? '' };
}

/**
 * Collects every step of a task — media subtasks, AI results, schedule and live activities, and
 * the AI results nested in an activity's output — into one flat list of subtasks with their
 * outputs. Every kind has the same envelope, so one reader serves them all.
 */
export class StepCollector {
  readonly subtasks: Subtask[] = [];
  readonly outputs: OutputView[] = [];
  private readonly counts = new Map<string, number>();

  /** A result entry: `{Type?, <Name>Task: step, ...}`; each filled `*Task` field is a step. */
  entry(value: unknown, depth = 0): void {
    const entry = record(value);
    if (!entry) return;
    for (const [field, step] of Object.entries(entry)) {
      if (!field.endsWith('Task') || !record(step)) continue;
      const media = field in MEDIA_FIELDS;
      // A media entry's Type is the finer name (CoverBySnapshot rides on a snapshot subtask).
      const type = media ? (text(entry.Type) ?? MEDIA_FIELDS[field]) : field.slice(0, -4);
      this.step(type, step, { media, depth });
    }
  }

  /** Each entry of a list of result entries. */
  entries(list: unknown, depth = 0): void {
    if (Array.isArray(list)) for (const item of list) this.entry(item, depth);
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
