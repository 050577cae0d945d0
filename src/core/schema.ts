/**
 * zod schemas for MPS `DescribeTaskDetail` (API 2019-06-12).
 *
 * Lenient exactly where the API is: every field is optional and nullable, unknown keys are kept
 * (`looseObject`), and enumerations (`Status`, `Type`, `TaskType`) are open strings so that a value
 * MPS adds tomorrow is shown as-is instead of failing the whole body. Uses `zod/mini` because the
 * classic API costs ~4x more in the browser bundle.
 */
import * as z from 'zod/mini';

const str = z.nullish(z.string());
const num = z.nullish(z.number());
const obj = <T extends z.core.$ZodLooseShape>(shape: T) => z.nullish(z.looseObject(shape));
const list = <T extends z.core.SomeType>(item: T) => z.nullish(z.array(z.nullish(item)));

const cosStorage = { Bucket: str, Region: str };
export const Storage = obj({
  Type: str,
  CosOutputStorage: obj(cosStorage),
  S3OutputStorage: obj({ S3Bucket: str, S3Region: str }),
  VODOutputStorage: obj({ Bucket: str, Region: str, SubAppId: num }),
});

export const InputInfo = obj({
  Type: str,
  CosInputInfo: obj({ ...cosStorage, Object: str }),
  UrlInputInfo: obj({ Url: str }),
  S3InputInfo: obj({ S3Bucket: str, S3Region: str, S3Object: str }),
  VODInputInfo: obj({ FileId: str }),
});

const VideoStream = z.looseObject({ Bitrate: num, Height: num, Width: num, Codec: str, Fps: num });
const AudioStream = z.looseObject({ Bitrate: num, SamplingRate: num, Codec: str, Channel: num });
const streams = { VideoStreamSet: list(VideoStream), AudioStreamSet: list(AudioStream) };

export const MetaData = obj({
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

/** Fields every subtask result carries; `Progress` only Transcode, times all but Transcode. */
const subtask = <T extends z.core.$ZodLooseShape>(output: T) =>
  obj({
    Status: str,
    ErrCode: num,
    ErrCodeExt: str,
    Message: str,
    Progress: num,
    BeginProcessTime: str,
    FinishTime: str,
    Input: obj({ Definition: num, OutputStorage: Storage, OutputObjectPath: str }),
    Output: obj(output),
  });

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

export const TranscodeTask = subtask({ ...media, ...streams });
export const AnimatedGraphicTask = subtask({ ...media, StartTimeOffset: num, EndTimeOffset: num });
export const SnapshotByTimeOffsetTask = subtask({
  Definition: num,
  Storage,
  PicInfoSet: list(z.looseObject({ TimeOffset: num, Path: str })),
});
export const SampleSnapshotTask = subtask({
  Definition: num,
  SampleType: str,
  Interval: num,
  Storage,
  ImagePathSet: list(z.string()),
});
export const ImageSpriteTask = subtask({
  Definition: num,
  Height: num,
  Width: num,
  TotalCount: num,
  Storage,
  ImagePathSet: list(z.string()),
  WebVttPath: str,
});
export const AdaptiveDynamicStreamingTask = subtask({
  Definition: num,
  Package: str,
  Storage,
  Path: str,
});

/** The subtask objects that can sit in a `MediaProcessResultSet` entry or an `ActivityResItem`. */
const mediaProcessTasks = {
  TranscodeTask,
  AnimatedGraphicTask,
  SnapshotByTimeOffsetTask,
  SampleSnapshotTask,
  ImageSpriteTask,
  AdaptiveDynamicStreamingTask,
};

export const MediaProcessResult = z.looseObject({ Type: str, ...mediaProcessTasks });

/** AI result sets are shown as subtasks only (status, progress, error): their outputs are analyses. */
const aiResults = list(z.record(z.string(), z.unknown()));

const taskBase = { TaskId: str, Status: str, ErrCode: num, ErrCodeExt: str, Message: str };

export const WorkflowTask = obj({
  ...taskBase,
  InputInfo,
  MetaData,
  MediaProcessResultSet: list(MediaProcessResult),
  AiContentReviewResultSet: aiResults,
  AiAnalysisResultSet: aiResults,
  AiRecognitionResultSet: aiResults,
  SmartSubtitlesTaskResult: aiResults,
});

export const EditMediaTask = obj({
  ...taskBase,
  Input: obj({
    FileInfoSet: list(z.looseObject({ InputInfo, StartTimeOffset: num, EndTimeOffset: num })),
  }),
  Output: obj({ OutputStorage: Storage, Path: str, MetaData }),
  MetaData,
});

export const ScheduleTask = obj({
  ...taskBase,
  InputInfo,
  MetaData,
  ActivityResultSet: list(
    z.looseObject({
      ActivityType: str,
      ActivityResItem: obj(mediaProcessTasks),
    }),
  ),
});

export const LiveStreamProcessTask = obj({ ...taskBase, Url: str });

/** The inner `Response` object of DescribeTaskDetail. `Status` is the one required field. */
export const TaskDetail = z.looseObject({
  TaskType: str,
  Status: z.string(),
  CreateTime: str,
  BeginProcessTime: str,
  FinishTime: str,
  WorkflowTask,
  EditMediaTask,
  ScheduleTask,
  LiveStreamProcessTask,
  LiveScheduleTask: obj({ ...taskBase }),
  ExtractBlindWatermarkTask: obj({ ...taskBase }),
  TasksPriority: num,
  SessionId: str,
  SessionContext: str,
  ExtInfo: str,
  RequestId: str,
});

export type TaskDetail = z.infer<typeof TaskDetail>;
export type MediaProcessResult = z.infer<typeof MediaProcessResult>;
export type SubtaskResult = NonNullable<z.infer<typeof TranscodeTask>>;
export type StorageInfo = NonNullable<z.infer<typeof Storage>>;
export type InputInfo = NonNullable<z.infer<typeof InputInfo>>;
export type MetaData = NonNullable<z.infer<typeof MetaData>>;

type OutputOf<T extends z.core.SomeType> = Partial<
  NonNullable<(NonNullable<z.infer<T>> & { Output?: unknown })['Output']>
>;
/** Every field any subtask output may have, for code that reads outputs generically. */
export type AnyOutput = OutputOf<typeof TranscodeTask> &
  OutputOf<typeof AnimatedGraphicTask> &
  OutputOf<typeof SnapshotByTimeOffsetTask> &
  OutputOf<typeof SampleSnapshotTask> &
  OutputOf<typeof ImageSpriteTask> &
  OutputOf<typeof AdaptiveDynamicStreamingTask>;
