/**
 * zod schemas for MPS `DescribeTaskDetail` (API 2019-06-12, as `tencentcloud-sdk-nodejs-mps`
 * declares it in `mps_models.d.ts`).
 *
 * Lenient exactly where the API is: every field is optional and nullable, unknown keys are kept
 * (`looseObject`), and enumerations (`Status`, `Type`, `TaskType`) are open strings so that a value
 * MPS adds tomorrow is shown as-is instead of failing the whole body. Uses `zod/mini` because the
 * classic API costs ~4x more in the browser bundle.
 *
 * Declarative and shared: every step MPS reports — media subtasks, AI results, schedule and live
 * activities — has the same envelope (`STEP_FIELDS`), and each result set is a list of entries
 * whose `<Name>Task` fields are steps. The step names per set are listed once below (and checked
 * against the SDK's types by `test/core/sdk-coverage.test.ts`); the outputs of AI steps are read
 * defensively by `core/outputs.ts` and `core/facts.ts` rather than spelled out here.
 */
import * as z from 'zod/mini';
import type { TaskDetail as TaskDetailType } from './task-detail.js';

const str = z.nullish(z.string());
const num = z.nullish(z.number());
const obj = <T extends z.core.$ZodLooseShape>(shape: T) => z.nullish(z.looseObject(shape));
const list = <T extends z.core.SomeType>(item: T) => z.nullish(z.array(z.nullish(item)));

const cosStorage = { Bucket: str, Region: str };
const Storage = obj({
  Type: str,
  CosOutputStorage: obj(cosStorage),
  S3OutputStorage: obj({ S3Bucket: str, S3Region: str }),
  VODOutputStorage: obj({ Bucket: str, Region: str, SubAppId: num }),
});

const InputInfo = obj({
  Type: str,
  CosInputInfo: obj({ ...cosStorage, Object: str }),
  UrlInputInfo: obj({ Url: str }),
  S3InputInfo: obj({ S3Bucket: str, S3Region: str, S3Object: str }),
  // VOD Pro sources name a bucket, region and object; classic VOD a FileId.
  VODInputInfo: obj({ ...cosStorage, Object: str, FileId: str, SubAppId: num }),
});

const VideoStream = z.looseObject({ Bitrate: num, Height: num, Width: num, Codec: str, Fps: num });
const AudioStream = z.looseObject({ Bitrate: num, SamplingRate: num, Codec: str, Channel: num });
const streams = { VideoStreamSet: list(VideoStream), AudioStreamSet: list(AudioStream) };

const MetaData = obj({
  Size: num,
  Container: str,
  Bitrate: num,
  Height: num,
  Width: num,
  Rotate: num,
  Duration: num,
  VideoDuration: num,
  AudioDuration: num,
  ...streams,
});

/** What every step reports, whatever its kind. `Progress` and the times only some kinds. */
const STEP_FIELDS = {
  Status: str,
  ErrCode: num,
  ErrCodeExt: str,
  Message: str,
  Progress: num,
  BeginProcessTime: str,
  FinishTime: str,
  Input: obj({ Definition: num, OutputStorage: Storage }),
};

/** A step whose output is read by `core/outputs.ts` (an object, or a list of result entries). */
const step = obj({ ...STEP_FIELDS, Output: z.optional(z.unknown()) });
/** A media subtask: its output's media facts are typed. */
const mediaStep = <T extends z.core.$ZodLooseShape>(output: T) =>
  obj({ ...STEP_FIELDS, Output: obj(output) });

const media = {
  OutputStorage: Storage,
  Storage,
  Path: str,
  Definition: num,
  Container: str,
  Bitrate: num,
  Height: num,
  Width: num,
  Size: num,
  Duration: num,
  Md5: str,
};

/** The six media subtasks of a `MediaProcessResultSet` entry (and of an `ActivityResItem`). */
const mediaProcessTasks = {
  TranscodeTask: mediaStep({ ...media, ...streams }),
  AnimatedGraphicTask: mediaStep({ ...media, StartTimeOffset: num, EndTimeOffset: num }),
  SnapshotByTimeOffsetTask: mediaStep({
    Definition: num,
    Storage,
    PicInfoSet: list(z.looseObject({ TimeOffset: num, Path: str })),
  }),
  SampleSnapshotTask: mediaStep({
    Definition: num,
    SampleType: str,
    Interval: num,
    Storage,
    ImagePathSet: list(z.string()),
  }),
  ImageSpriteTask: mediaStep({
    Definition: num,
    Height: num,
    Width: num,
    TotalCount: num,
    Storage,
    ImagePathSet: list(z.string()),
    WebVttPath: str,
  }),
  AdaptiveDynamicStreamingTask: mediaStep({ Definition: num, Package: str, Storage, Path: str }),
};

/** Step names (without `Task`) of each AI result entry, as the SDK declares them. @internal */
export const AI_ANALYSIS_STEPS = [
  'Classification',
  'Cover',
  'Tag',
  'FrameTag',
  'Highlight',
  'DeLogo',
  'Segment',
  'HeadTail',
  'Description',
  'HorizontalToVertical',
  'Dubbing',
  'VideoRemake',
  'VideoComprehension',
  'Cutout',
  'Reel',
  // Newer than the pinned SDK (found by `npm run sdk:drift`): a template's own analysis, `Output.Result`.
  'Generic',
] as const;
/** @internal */
export const AI_RECOGNITION_STEPS = [
  'Face',
  'AsrWords',
  'AsrFullText',
  'OcrWords',
  'OcrFullText',
  'TransText',
  'Object',
] as const;
/** @internal */
export const AI_REVIEW_STEPS = [
  'Porn',
  'Terrorism',
  'Political',
  'PornAsr',
  'PornOcr',
  'PoliticalAsr',
  'PoliticalOcr',
  'TerrorismOcr',
  'ProhibitedAsr',
  'ProhibitedOcr',
] as const;
/** @internal */
export const SMART_SUBTITLE_STEPS = [
  'AsrFullText',
  'TransText',
  'PureSubtitleTrans',
  'OcrFullText',
] as const;
/** ScheduleTask activities beyond the media subtasks (AI ones carry result entries as `Output`). @internal */
export const SCHEDULE_AI_STEPS = [
  'Recognition',
  'Review',
  'Analysis',
  'QualityControl',
  'ExecRule',
  'SmartSubtitles',
  'SmartErase',
  // Newer than the pinned SDK (found by `npm run sdk:drift`).
  'AIDubbing',
] as const;
/** @internal */
export const LIVE_STEPS = ['LiveRecord', 'LiveQualityControl'] as const;

/** `{Type, <Name>Task, ...}`: one AI or subtitle result entry. */
const entryOf = (names: readonly string[]) =>
  z.looseObject(Object.fromEntries(names.map((name) => [`${name}Task`, step])));

const MediaProcessResult = z.looseObject({ Type: str, ...mediaProcessTasks });

const taskBase = { TaskId: str, Status: str, ErrCode: num, Message: str };

const workflowShape = {
  ...taskBase,
  InputInfo,
  MetaData,
  MediaProcessResultSet: list(MediaProcessResult),
  AiContentReviewResultSet: list(entryOf(AI_REVIEW_STEPS)),
  AiAnalysisResultSet: list(entryOf(AI_ANALYSIS_STEPS)),
  AiRecognitionResultSet: list(entryOf(AI_RECOGNITION_STEPS)),
  AiQualityControlTaskResult: step,
  SmartSubtitlesTaskResult: list(entryOf(SMART_SUBTITLE_STEPS)),
  SmartEraseTaskResult: step,
  // Newer than the pinned SDK (found by `npm run sdk:drift`).
  AiDubbingTaskResult: step,
};
const WorkflowTask = obj(workflowShape);

const EditMediaTask = obj({
  ...taskBase,
  Input: obj({
    FileInfoSet: list(z.looseObject({ InputInfo, StartTimeOffset: num, EndTimeOffset: num })),
  }),
  Output: obj({ OutputStorage: Storage, Path: str, MetaData }),
});

const activityShape = {
  ...mediaProcessTasks,
  ...(Object.fromEntries(SCHEDULE_AI_STEPS.map((name) => [`${name}Task`, step])) as Record<
    `${(typeof SCHEDULE_AI_STEPS)[number]}Task`,
    typeof step
  >),
};

const ScheduleTask = obj({
  ...taskBase,
  InputInfo,
  MetaData,
  ActivityResultSet: list(
    z.looseObject({ ActivityType: str, ActivityResItem: obj(activityShape) }),
  ),
});

const LiveScheduleTask = obj({
  ...taskBase,
  Url: str,
  LiveActivityResultSet: list(
    z.looseObject({ ActivityType: str, LiveActivityResItem: z.nullish(entryOf(LIVE_STEPS)) }),
  ),
});

const ExtractBlindWatermarkTask = obj({
  ...taskBase,
  InputInfo,
  Type: str,
  IsDetected: z.nullish(z.boolean()),
  Result: str,
});

/**
 * The inner `Response` object of DescribeTaskDetail. Every field is optional, `Status` too (the
 * SDK declares it so); `parseTaskBody` still refuses an object with nothing of a task in it.
 */
const taskDetailShape = {
  TaskType: str,
  Status: str,
  CreateTime: str,
  BeginProcessTime: str,
  FinishTime: str,
  WorkflowTask,
  EditMediaTask,
  ScheduleTask,
  LiveStreamProcessTask: obj({ ...taskBase, Url: str }),
  LiveScheduleTask,
  ExtractBlindWatermarkTask,
  TasksPriority: num,
  SessionId: str,
  SessionContext: str,
  ExtInfo: str,
  RequestId: str,
};
/** Typed as the declared public interface: the inferred type stays internal (and small in `.d.ts`). @internal */
export const TaskDetail: z.ZodMiniType<TaskDetailType> = z.looseObject(taskDetailShape);

/** The fields each schema reads, for the check against the SDK's declarations. @internal */
export type WorkflowTaskFields = keyof typeof workflowShape;
/** @internal */
export type ActivityResItemFields = keyof typeof activityShape;
/** @internal */
export type TaskDetailFields = keyof typeof taskDetailShape;
