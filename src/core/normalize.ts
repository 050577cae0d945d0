import { liveFacts, watermarkFacts } from './facts.js';
import { mediaFacts, primaryOutputOf } from './outputs.js';
import { record, text, type Loose } from './loose-values.js';
import type { TaskDetail } from './task-detail.js';
import { errorOf, StepCollector } from './steps.js';
import { parseMpsTime } from './time.js';
import type {
  ErrorInfo,
  FieldIssue,
  SourceView,
  StepFact,
  Subtask,
  TaskOutcome,
  TaskView,
} from './view.js';

/** Where the source is: object path, URL or file id (never credentials), and its media facts. */
function sourceOf(inputValue: unknown, metaValue: unknown): SourceView | null {
  const input = record(inputValue);
  const meta = record(metaValue);
  if (!input && !meta) return null;
  const cos = record(input?.CosInputInfo);
  const s3 = record(input?.S3InputInfo);
  const vod = record(input?.VODInputInfo);
  const bucketOf = (type: string, bucket: unknown, region: unknown) => ({
    type,
    bucket: text(bucket),
    region: text(region),
  });
  return {
    type: text(input?.Type),
    location:
      text(cos?.Object) ??
      text(record(input?.UrlInputInfo)?.Url) ??
      text(s3?.S3Object) ??
      text(vod?.Object) ??
      text(vod?.FileId),
    storage: cos
      ? bucketOf('COS', cos.Bucket, cos.Region)
      : s3
        ? bucketOf('AWS-S3', s3.S3Bucket, s3.S3Region)
        : text(vod?.Bucket)
          ? bucketOf('VOD', vod?.Bucket, vod?.Region)
          : null,
    ...mediaFacts(meta),
  };
}

const urlSource = (url: unknown) =>
  text(url) ? sourceOf({ Type: 'URL', UrlInputInfo: { Url: url } }, null) : null;

/** Reads the steps of whichever task object the response carries, and its source. */
function collect(kind: string, task: Loose, detail: TaskDetail, steps: StepCollector) {
  switch (kind) {
    case 'WorkflowTask':
      // Every result member — media subtasks, AI sets, quality control, erase, dubbing, and any
      // kind MPS adds — is a list of result entries or a step: one generic walk reads them all.
      steps.members(task);
      return sourceOf(task.InputInfo, task.MetaData);
    case 'ScheduleTask':
      for (const activity of asList(task.ActivityResultSet)) {
        steps.entry(record(activity)?.ActivityResItem);
      }
      steps.members(task);
      return sourceOf(task.InputInfo, task.MetaData);
    case 'LiveScheduleTask':
      for (const activity of asList(task.LiveActivityResultSet)) {
        steps.entry(record(activity)?.LiveActivityResItem);
      }
      steps.members(task);
      return urlSource(task.Url);
    case 'EditMediaTask': {
      const edit = steps.step('EditMedia', task, { media: true });
      if (edit) {
        // An edit is the whole task: the task's own times are its times.
        edit.startedAt ??= parseMpsTime(detail.BeginProcessTime);
        edit.finishedAt ??= parseMpsTime(detail.FinishTime);
        edit.reportsTimes = true;
        edit.error = errorOf(task, false); // FINISH is its status; only codes mean failure
      }
      steps.members(task);
      const first = asList(record(task.Input)?.FileInfoSet).map(record).find(Boolean);
      return sourceOf(first?.InputInfo, null);
    }
    case 'LiveStreamProcessTask':
      steps.members(task);
      return urlSource(task.Url);
    default:
      steps.members(task);
      return sourceOf(task.InputInfo, null);
  }
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Overall progress, the documented rule: FINISH → 100; WAITING → null; PROCESSING → the mean of
 * the steps where a finished step counts 100, a step its `Progress`, and a running step that
 * reports nothing counts 0 — so the figure never overstates. When no step has finished or
 * reported a number, it is null (unknown, shown as an indeterminate bar).
 */
export function overallProgress(status: string, subtasks: readonly Subtask[]): number | null {
  if (status === 'FINISH') return 100;
  if (status !== 'PROCESSING' || subtasks.length === 0) return null;
  if (subtasks.every((t) => t.progress == null)) return null;
  const sum = subtasks.reduce((acc, t) => acc + Math.min(100, Math.max(0, t.progress ?? 0)), 0);
  return Math.floor(sum / subtasks.length);
}

/** FINISH is not success: any failed step, at any depth, makes it partial — or failed when none succeeded. */
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
  // The task object: `WorkflowTask`, `ScheduleTask`, …, or one of a TaskType newer than ours.
  const kind = Object.keys(detail).find((key) => key.endsWith('Task') && record(detail[key]));
  const task = kind ? (record(detail[kind]) as Loose) : null;
  const steps = new StepCollector();
  const source = kind && task ? collect(kind, task, detail, steps) : null;
  const facts: StepFact[] = !task
    ? []
    : kind === 'ExtractBlindWatermarkTask'
      ? watermarkFacts(task)
      : kind === 'LiveStreamProcessTask'
        ? liveFacts(task)
        : [];
  // The top-level Status is optional in the SDK: fall back on the task object's own.
  const status = text(detail.Status) ?? text(task?.Status) ?? 'UNKNOWN';
  // A live stream whose processing ended in error says so in the notification's ProcessEofInfo.
  const error = task
    ? (errorOf(task, false) ?? errorOf(record(task.ProcessEofInfo) ?? {}, false))
    : null;
  return {
    taskId: text(task?.TaskId),
    taskType: text(detail.TaskType) ?? kind ?? 'UnknownTask',
    status,
    outcome: outcomeOf(status, error, steps.subtasks),
    progress: overallProgress(status, steps.subtasks),
    createdAt: parseMpsTime(detail.CreateTime),
    startedAt: parseMpsTime(detail.BeginProcessTime),
    finishedAt: parseMpsTime(detail.FinishTime),
    error,
    subtasks: steps.subtasks,
    outputs: steps.outputs,
    primaryOutput: primaryOutputOf(steps.outputs, steps.subtasks),
    facts,
    source,
    requestId: text(detail.RequestId),
    issues,
  };
}
