// The view model: what a UI renders, derived from one DescribeTaskDetail response. Plain data
// (numbers are epoch ms, bytes, bits/s, seconds); formatting is the renderer's job.

/** `WAITING`, `PROCESSING`, `FINISH`, or whatever new value MPS sends (shown as-is). */
export type TaskStatusValue = 'WAITING' | 'PROCESSING' | 'FINISH' | (string & {});

/** FINISH is not success: `failed` = the source failed or every subtask failed; `partial` = some did. */
export type TaskOutcome = 'pending' | 'success' | 'failed' | 'partial';

export type SubtaskStatus = 'PROCESSING' | 'SUCCESS' | 'FAIL' | (string & {});

export interface ErrorInfo {
  /** `ErrCodeExt` when it names an error (the current API), else the numeric `ErrCode`, else `FAIL`. */
  code: string;
  message: string;
}

export interface Subtask {
  /** Stable within a task: `<Type>-<index>`. */
  id: string;
  /** MPS type: `Transcode`, `AdaptiveDynamicStreaming`, `SnapshotByTimeOffset`, ..., or an AI/activity type. */
  type: string;
  status: SubtaskStatus;
  /** 0–100 where MPS reports it (Transcode), 100 when done, else null (unknown). */
  progress: number | null;
  /** Template id (`Definition`). */
  definition: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  /** MPS reports begin/finish times for this subtask type (all but Transcode): null times mean "not yet". */
  reportsTimes: boolean;
  error: ErrorInfo | null;
  /** What the step found, for steps whose result is data rather than files (see `StepFact`). */
  facts: StepFact[];
}

/**
 * One finding of a step whose result is data: a quality-control score and the problems found, a
 * content-review suggestion and label, top classification and tags, a generated description, a
 * blind watermark. The key names the fact (the element has a label for each in both languages).
 */
export interface StepFact {
  key: StepFactKey;
  value: string | number | boolean;
}

export type StepFactKey =
  | 'score' // quality score 0–100
  | 'problems' // quality-control findings: NoAudio, NoVideo, and QualityControlResultSet types
  | 'suggestion' // content review: pass | review | block
  | 'label' // content review: what was found
  | 'classification'
  | 'tags'
  | 'title'
  | 'description'
  | 'text' // recognised or summarised text (ASR, OCR, video comprehension)
  | 'detected' // blind watermark found (boolean)
  | 'watermark'; // blind watermark content

export interface StorageView {
  type: string;
  bucket: string | null;
  region: string | null;
}

export type OutputKind =
  'video' | 'audio' | 'stream' | 'animation' | 'image' | 'sprite' | 'subtitle' | 'file';

/** What is known about a media file: the source, or an output. Null = not reported. */
export interface MediaFacts {
  container: string | null;
  width: number | null;
  height: number | null;
  /** Bits per second. */
  bitrate: number | null;
  /** Bytes. */
  size: number | null;
  /** Seconds. */
  duration: number | null;
  videoCodec: string | null;
  fps: number | null;
  audioCodec: string | null;
  /** Hz. */
  sampleRate: number | null;
}

export interface OutputView extends MediaFacts {
  /** Unique within a task. */
  id: string;
  /** The subtask that produced it. */
  subtaskId: string;
  subtaskType: string;
  kind: OutputKind;
  /**
   * What the file is to the step that wrote it, when a step writes several: the MPS field name
   * (`SubtitlePath`, `ErasedVideoPath`, `CovImgPath`, ...). Null for media subtask outputs.
   */
  role: string | null;
  storage: StorageView | null;
  path: string | null;
  /** A ready URL MPS gave instead of a path (live recordings' `FileList[].Url`). */
  url: string | null;
  definition: number | null;
  /** `HLS`/`MPEG-DASH` for adaptive streaming. */
  packageType: string | null;
  md5: string | null;
  /** Snapshot, sample-snapshot and sprite images. */
  imagePaths: string[];
  /** Snapshot time offsets in seconds (as MPS reports them), parallel to imagePaths for SnapshotByTimeOffset. */
  timeOffsets: number[];
  webVttPath: string | null;
}

export interface SourceView extends MediaFacts {
  /** `COS`, `URL`, `AWS-S3`, `VOD`. */
  type: string | null;
  /** Object path, URL or file id — never credentials. */
  location: string | null;
  storage: StorageView | null;
}

/** A field that had the wrong type and was dropped (shown as unknown) instead of failing the body. */
export interface FieldIssue {
  path: string;
  problem: string;
}

export interface TaskView {
  taskId: string | null;
  taskType: string;
  status: TaskStatusValue;
  outcome: TaskOutcome;
  /** Overall 0–100, or null when nothing reports one (see `overallProgress`). */
  progress: number | null;
  createdAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  /** The task-level error (the source failed), if any. */
  error: ErrorInfo | null;
  subtasks: Subtask[];
  outputs: OutputView[];
  /**
   * The output an end user came for (what the `minimal` variant links to when the task is
   * ready): the adaptive stream, else the largest video, else the first file — of the steps
   * that succeeded. Null when there is none.
   */
  primaryOutput: OutputView | null;
  /** Findings of the task itself (a blind-watermark extraction: detected, watermark). */
  facts: StepFact[];
  source: SourceView | null;
  requestId: string | null;
  /** Fields that had the wrong type and are shown as unknown. */
  issues: FieldIssue[];
}

export interface TaskDurations {
  /** Created → started (or → now while waiting). */
  queueMs: number | null;
  /** Started → finished (or → now while processing). */
  processingMs: number | null;
  /** Created → finished (or → now). */
  totalMs: number | null;
}
