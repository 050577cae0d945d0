import type {
  AnyOutput,
  MetaData,
  StorageInfo,
  SubtaskResult,
  TaskDetail,
  InputInfo,
} from './schema.js';
import type { FieldIssue } from './parse.js';
import { parseMpsTime } from './time.js';
import type {
  ErrorInfo,
  OutputKind,
  OutputView,
  SourceView,
  StorageView,
  Subtask,
  TaskOutcome,
  TaskView,
} from './view.js';

type Loose = Record<string, unknown>;
type Output = AnyOutput & Loose;

/** Which field of a `MediaProcessResultSet` entry / `ActivityResItem` holds which subtask type. */
const SUBTASK_FIELDS: Record<string, string> = {
  TranscodeTask: 'Transcode',
  AnimatedGraphicTask: 'AnimatedGraphics',
  SnapshotByTimeOffsetTask: 'SnapshotByTimeOffset',
  SampleSnapshotTask: 'SampleSnapshot',
  ImageSpriteTask: 'ImageSprites',
  AdaptiveDynamicStreamingTask: 'AdaptiveDynamicStreaming',
};

const OUTPUT_KIND: Record<string, OutputKind> = {
  AnimatedGraphics: 'animation',
  SnapshotByTimeOffset: 'image',
  SampleSnapshot: 'image',
  CoverBySnapshot: 'image',
  ImageSprites: 'sprite',
  AdaptiveDynamicStreaming: 'stream',
};

const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A subtask/task error: `ErrCodeExt` wins over the deprecated numeric `ErrCode`. */
function errorOf(t: {
  ErrCode?: number | null;
  ErrCodeExt?: string | null;
  Message?: string | null;
  Status?: string | null;
}): ErrorInfo | null {
  const ext = s(t.ErrCodeExt);
  const code = n(t.ErrCode);
  if (!ext && !code && t.Status !== 'FAIL') return null;
  return { code: ext ?? (code ? String(code) : 'FAIL'), message: s(t.Message) ?? '' };
}

function storageOf(st: StorageInfo | null | undefined): StorageView | null {
  if (!st) return null;
  const cos = st.CosOutputStorage,
    s3 = st.S3OutputStorage,
    vod = st.VODOutputStorage;
  return {
    type: s(st.Type) ?? (cos ? 'COS' : s3 ? 'AWS-S3' : vod ? 'VOD' : 'UNKNOWN'),
    bucket: s(cos?.Bucket) ?? s(s3?.S3Bucket) ?? s(vod?.Bucket),
    region: s(cos?.Region) ?? s(s3?.S3Region) ?? s(vod?.Region),
  };
}

function firstStream<T>(set: readonly (T | null | undefined)[] | null | undefined): T | undefined {
  return set?.find((x): x is T => x != null);
}

function mediaDetails(m: MetaData | Output | null | undefined) {
  const video = firstStream(m?.VideoStreamSet);
  const audio = firstStream(m?.AudioStreamSet);
  return {
    container: s(m?.Container),
    width: n(m?.Width) ?? n(video?.Width),
    height: n(m?.Height) ?? n(video?.Height),
    bitrate: n(m?.Bitrate),
    size: n(m?.Size),
    duration: n(m?.Duration),
    videoCodec: s(video?.Codec),
    fps: n(video?.Fps),
    audioCodec: s(audio?.Codec),
    sampleRate: n(audio?.SamplingRate),
  };
}

function outputsOf(
  sub: Subtask,
  out: Output | null | undefined,
  input: SubtaskResult['Input'],
): OutputView[] {
  if (!out) return [];
  // EditMedia nests the output's media facts under MetaData; the other types put them inline.
  const media = mediaDetails((out.MetaData as MetaData | undefined) ?? out);
  const pics = (out.PicInfoSet ?? []).filter((p): p is NonNullable<typeof p> => p != null);
  const imagePaths = pics.length
    ? pics.map((p) => s(p.Path)).filter((p): p is string => p != null)
    : (out.ImagePathSet ?? []).filter((p): p is string => typeof p === 'string');
  let kind = OUTPUT_KIND[sub.type] ?? 'file';
  if (sub.type === 'Transcode' || sub.type === 'EditMedia') {
    const c = media.container ?? '';
    kind = /hls|dash|applehttp/i.test(c)
      ? 'stream'
      : !media.videoCodec && media.audioCodec
        ? 'audio'
        : 'video';
  }
  const base: OutputView = {
    id: `${sub.id}-0`,
    subtaskId: sub.id,
    subtaskType: sub.type,
    kind,
    storage: storageOf(out.OutputStorage ?? out.Storage ?? input?.OutputStorage),
    path: s(out.Path),
    definition: n(out.Definition) ?? sub.definition,
    packageType: s(out.Package),
    md5: s(out.Md5),
    ...media,
    imagePaths,
    timeOffsets: pics.map((p) => n(p.TimeOffset) ?? 0),
    webVttPath: s(out.WebVttPath),
  };
  return [base];
}

/** Reads one subtask result object (any of the six media types, an AI task, an EditMedia task). */
function readSubtask(
  type: string,
  index: number,
  t: SubtaskResult & Loose,
): { sub: Subtask; outputs: OutputView[] } {
  const status = s(t.Status) ?? 'UNKNOWN';
  // EditMediaTask reports the task-level FINISH rather than SUCCESS/FAIL.
  const done = status === 'SUCCESS' || status === 'FAIL' || status === 'FINISH';
  const sub: Subtask = {
    id: `${type}-${index}`,
    type,
    status,
    progress: done ? 100 : n(t.Progress),
    definition: n(t.Input?.Definition),
    startedAt: parseMpsTime(t.BeginProcessTime),
    finishedAt: parseMpsTime(t.FinishTime),
    reportsTimes: t.BeginProcessTime != null || t.FinishTime != null,
    error: errorOf(t),
  };
  return { sub, outputs: outputsOf(sub, t.Output as Output, t.Input) };
}

/** Finds the filled `*Task` field of a result entry; the API fills the one matching `Type`. */
function taskField(entry: Loose): [string, SubtaskResult & Loose] | null {
  for (const [key, value] of Object.entries(entry)) {
    if (key.endsWith('Task') && value && typeof value === 'object')
      return [key, value as SubtaskResult & Loose];
  }
  return null;
}

function collectSubtasks(
  entries: readonly (Loose | null | undefined)[],
  typeOf: (e: Loose, field: string) => string,
  itemOf: (e: Loose) => Loose | null | undefined,
) {
  const subtasks: Subtask[] = [];
  const outputs: OutputView[] = [];
  const counts = new Map<string, number>();
  for (const entry of entries) {
    if (!entry) continue;
    const item = itemOf(entry);
    const found = item ? taskField(item) : null;
    if (!found) continue;
    const type = typeOf(entry, found[0]);
    const index = counts.get(type) ?? 0;
    counts.set(type, index + 1);
    const { sub, outputs: outs } = readSubtask(type, index, found[1]);
    subtasks.push(sub);
    outputs.push(...outs);
  }
  return { subtasks, outputs };
}

function sourceOf(
  input: InputInfo | null | undefined,
  meta: MetaData | null | undefined,
): SourceView | null {
  if (!input && !meta) return null;
  const cos = input?.CosInputInfo,
    s3 = input?.S3InputInfo;
  return {
    type: s(input?.Type),
    location:
      s(cos?.Object) ??
      s(input?.UrlInputInfo?.Url) ??
      s(s3?.S3Object) ??
      s(input?.VODInputInfo?.FileId),
    storage: cos
      ? { type: 'COS', bucket: s(cos.Bucket), region: s(cos.Region) }
      : s3
        ? { type: 'AWS-S3', bucket: s(s3.S3Bucket), region: s(s3.S3Region) }
        : null,
    ...mediaDetails(meta),
  };
}

/**
 * Overall progress, the documented rule: FINISH → 100; WAITING → null; PROCESSING → the mean of
 * the subtasks where a finished subtask counts 100, a Transcode its `Progress`, and a running
 * subtask that reports nothing counts 0 — so the figure never overstates. When no subtask has
 * finished or reported a number, it is null (unknown, shown as an indeterminate bar).
 */
export function overallProgress(status: string, subtasks: readonly Subtask[]): number | null {
  if (status === 'FINISH') return 100;
  if (status !== 'PROCESSING' || subtasks.length === 0) return null;
  if (subtasks.every((t) => t.progress == null)) return null;
  const sum = subtasks.reduce((acc, t) => acc + Math.min(100, Math.max(0, t.progress ?? 0)), 0);
  return Math.floor(sum / subtasks.length);
}

function outcomeOf(
  status: string,
  error: ErrorInfo | null,
  subtasks: readonly Subtask[],
): TaskOutcome {
  if (status !== 'FINISH') return 'pending';
  if (error) return 'failed';
  const failed = subtasks.filter((t) => t.error).length;
  if (failed === 0) return 'success';
  return failed === subtasks.length ? 'failed' : 'partial';
}

/** Builds the view model from a parsed, secret-free DescribeTaskDetail response. */
export function normalizeTask(detail: TaskDetail, issues: FieldIssue[] = []): TaskView {
  const taskType = s(detail.TaskType) ?? 'UnknownTask';
  const wf = detail.WorkflowTask,
    sched = detail.ScheduleTask,
    edit = detail.EditMediaTask;
  const inner = (wf ??
    sched ??
    edit ??
    detail.LiveStreamProcessTask ??
    detail.LiveScheduleTask ??
    detail.ExtractBlindWatermarkTask ??
    null) as (Loose & { TaskId?: string | null }) | null;

  let subtasks: Subtask[] = [];
  let outputs: OutputView[] = [];
  let source: SourceView | null = null;
  if (wf) {
    const media = collectSubtasks(
      wf.MediaProcessResultSet ?? [],
      (e, field) => s(e.Type) ?? SUBTASK_FIELDS[field] ?? field,
      (e) => e,
    );
    const ai = collectSubtasks(
      [
        ...(wf.AiContentReviewResultSet ?? []),
        ...(wf.AiAnalysisResultSet ?? []),
        ...(wf.AiRecognitionResultSet ?? []),
        ...(wf.SmartSubtitlesTaskResult ?? []),
      ] as Loose[],
      (e, field) => s(e.Type) ?? field,
      (e) => e,
    );
    subtasks = [...media.subtasks, ...ai.subtasks];
    outputs = media.outputs;
    source = sourceOf(wf.InputInfo, wf.MetaData);
  } else if (sched) {
    const r = collectSubtasks(
      sched.ActivityResultSet ?? [],
      (e, field) => SUBTASK_FIELDS[field] ?? s(e.ActivityType) ?? field,
      (e) => e.ActivityResItem as Loose,
    );
    ({ subtasks, outputs } = r);
    source = sourceOf(sched.InputInfo, sched.MetaData);
  } else if (edit) {
    const { sub, outputs: outs } = readSubtask('EditMedia', 0, edit as SubtaskResult & Loose);
    sub.startedAt = sub.startedAt ?? parseMpsTime(detail.BeginProcessTime);
    sub.finishedAt = sub.finishedAt ?? parseMpsTime(detail.FinishTime);
    sub.reportsTimes = true; // an edit is the whole task: the task's own times are its times
    subtasks = [sub];
    outputs = outs;
    const first = edit.Input?.FileInfoSet?.find((f) => f != null);
    source = sourceOf(first?.InputInfo, edit.MetaData ?? null);
  }

  const error = inner ? errorOf({ ...inner, Status: null } as Parameters<typeof errorOf>[0]) : null;
  const status = detail.Status;
  return {
    taskId: s(inner?.TaskId),
    taskType,
    status,
    outcome: outcomeOf(status, error, subtasks),
    progress: overallProgress(status, subtasks),
    createdAt: parseMpsTime(detail.CreateTime),
    startedAt: parseMpsTime(detail.BeginProcessTime),
    finishedAt: parseMpsTime(detail.FinishTime),
    error,
    subtasks,
    outputs,
    source,
    requestId: s(detail.RequestId),
    issues,
  };
}
