import { formatMpsTime } from '../core/time.js';
import type * as Mps from 'tencentcloud-sdk-nodejs-mps/tencentcloud/services/mps/v20190612/mps_models.js';
import { aiStep, placeInWorkflow, scheduleActivity, type StepPhase } from './ai.js';
import {
  planFor,
  type MediaType,
  type PlanOptions,
  type Scenario,
  type SubtaskPlan,
  type TaskPlan,
} from './scenarios.js';

/** A simulated answer: what an HTTP layer should send. `body` is already serialized. */
export interface SimulatedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Extra latency to add before answering (ms). */
  delayMs: number;
}

interface SimTask {
  id: string;
  scenario: Scenario;
  plan: TaskPlan;
  createdAt: number;
  speed: number;
  requests: number;
}

export interface CreateTaskOptions extends PlanOptions {
  scenario?: Scenario;
  /** Time multiplier: 2 runs twice as fast (default: the simulator's speed). */
  speed?: number;
}

export interface SimulatorOptions {
  /** Clock (ms); injectable for virtual-time tests and benchmarks. */
  now?: () => number;
  /** Default speed for new tasks (default 1). */
  speed?: number;
  /** Seed for ids and flaky answers (default 1): the same seed replays the same run. */
  seed?: number;
  /** Tasks older than this are forgotten, as MPS forgets after a few days (default 3 days). */
  retentionMs?: number;
}

const ACCOUNT = '2353030000';

/** mulberry32: tiny seeded PRNG, so a scenario replays identically. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (random: () => number, length: number) =>
  Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');

/**
 * A simulated Tencent Cloud MPS that answers `DescribeTaskDetail` like the real service: same
 * envelopes, same sentinels (`0000-00-00T00:00:00Z`), realistic bodies that move through
 * WAITING → PROCESSING → FINISH in real (or injected) time.
 */
export class MpsSimulator {
  private readonly tasks = new Map<string, SimTask>();
  private readonly now: () => number;
  private readonly speed: number;
  private readonly random: () => number;
  private readonly retentionMs: number;

  constructor(opts: SimulatorOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.speed = opts.speed ?? 1;
    this.random = seeded(opts.seed ?? 1);
    this.retentionMs = opts.retentionMs ?? 3 * 86_400_000;
  }

  /** Starts a task; returns its TaskId (for `not-found`, an id that will never exist). */
  createTask(opts: CreateTaskOptions = {}): string {
    const scenario = opts.scenario ?? 'success';
    const plan = planFor(scenario, opts);
    const id = `${ACCOUNT}-${plan.kind}-${hex(this.random, 32)}`;
    if (plan.missing) return id;
    this.tasks.set(id, {
      id,
      scenario,
      plan,
      createdAt: this.now(),
      speed: opts.speed ?? this.speed,
      requests: 0,
    });
    return id;
  }

  /** The ids of the tasks it knows (created and not yet forgotten). */
  taskIds(): string[] {
    return [...this.tasks.keys()];
  }

  /** How many DescribeTaskDetail requests a task has seen. */
  requestCount(taskId: string): number {
    return this.tasks.get(taskId)?.requests ?? 0;
  }

  /** When the task reaches (or reached) FINISH, on the simulator's clock; null for unknown ids. */
  finishTime(taskId: string): number | null {
    const t = this.tasks.get(taskId);
    return t ? t.createdAt + (t.plan.queueMs + processingMs(t.plan)) / t.speed : null;
  }

  /** The inner `Response` object for a task at the simulator's current time (no faults applied). */
  detail(taskId: string): Record<string, unknown> | null {
    const task = this.tasks.get(taskId);
    if (!task || this.now() - task.createdAt > this.retentionMs) return null;
    return buildDetail(task, this.now());
  }

  /** Answers one DescribeTaskDetail request the way the real API (and the scenario) would. */
  describe(taskId: string): SimulatedResponse {
    const requestId = `${hex(this.random, 8)}-${hex(this.random, 4)}-${hex(this.random, 4)}-${hex(this.random, 4)}-${hex(this.random, 12)}`;
    const task = this.tasks.get(taskId);
    const detail = this.detail(taskId);
    if (!task || !detail) {
      return envelope(200, requestId, 'ResourceNotFound', 'The task does not exist.');
    }
    task.requests++;
    const { plan } = task;
    const delayMs = plan.latencyMs ?? 0;
    const fault = plan.flakyShare ? faultFor(task.requests, requestId, delayMs) : null;
    if (fault) return fault;
    detail.RequestId = requestId;
    if (plan.malformed === 'bad-json') {
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ Response: detail }).slice(0, 180),
        delayMs,
      };
    }
    if (plan.malformed === 'wrong-types') {
      // Nothing of a task survives: the status is a number and the task object a string.
      (detail as Record<string, unknown>).Status = 3;
      (detail as Record<string, unknown>).WorkflowTask = 'none';
    }
    if (plan.malformed === 'degraded') degrade(detail);
    return simulatedResponse(200, { Response: detail }, {}, delayMs);
  }
}

function simulatedResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  delayMs = 0,
): SimulatedResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
    delayMs,
  };
}

/** An MPS error envelope (MPS answers its errors with HTTP 200; the flaky backend does not). */
function envelope(
  status: number,
  requestId: string,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  delayMs = 0,
): SimulatedResponse {
  const body = { Response: { Error: { Code: code, Message: message }, RequestId: requestId } };
  return simulatedResponse(status, body, headers, delayMs);
}

/**
 * Faults at fixed places, so a run always meets them: the 2nd and 3rd of every 5 requests
 * (40 %), rotating 503 → 500 → 429. The first answer is good, so a page shows data first.
 */
function faultFor(request: number, requestId: string, delayMs: number): SimulatedResponse | null {
  if (request % 5 < 2 || request % 5 > 3) return null;
  const fault = Math.floor(request / 5) * 2 + (request % 5) - 2;
  if (fault % 3 === 0) {
    const message = 'Service unavailable, please retry.';
    return envelope(503, requestId, 'ServiceUnavailable', message, { 'Retry-After': '1' }, delayMs);
  }
  if (fault % 3 === 1)
    return envelope(500, requestId, 'InternalError', 'Internal error.', {}, delayMs);
  const message = 'Request rate limit exceeded.';
  return envelope(429, requestId, 'RequestLimitExceeded', message, { 'Retry-After': '2' }, delayMs);
}

/** Wrong types in leaves only: a client must show the rest and list these as unknown. */
function degrade(detail: Record<string, unknown>): void {
  const workflow = detail.WorkflowTask as {
    MetaData?: Record<string, unknown>;
    MediaProcessResultSet?: { TranscodeTask?: { Output?: Record<string, unknown> | null } }[];
  };
  if (workflow.MetaData) workflow.MetaData.Duration = '6:21';
  const out = workflow.MediaProcessResultSet?.[0]?.TranscodeTask?.Output;
  if (out) {
    out.Bitrate = '353 kbps';
    out.Height = 'tall';
  }
}

function processingMs(plan: TaskPlan): number {
  if (plan.sourceFailAfterMs != null) return plan.sourceFailAfterMs;
  const end = Math.max(0, ...plan.subtasks.map((s) => s.startMs + s.durationMs));
  return end + plan.tailMs;
}

const INPUT_NAME = 'videoplayback';
const cosInput = {
  Bucket: `vodtestbj-${ACCOUNT}`,
  Region: 'ap-beijing',
  Object: `/input/${INPUT_NAME}.mp4`,
};
const cosOutput = {
  Type: 'COS',
  CosOutputStorage: { Bucket: `vodtestgz-${ACCOUNT}`, Region: 'ap-guangzhou' },
};
const s3Secrets = {
  S3SecretId: 'AKIDEXAMPLESECRETID0000',
  S3SecretKey: 'EXAMPLESECRETKEYdoNotShow000',
};
const s3Output = {
  Type: 'AWS-S3',
  S3OutputStorage: { S3Bucket: 'media-out', S3Region: 'us-east-1', ...s3Secrets },
};

const SOURCE_META = {
  AudioDuration: 380.9465637207031,
  AudioStreamSet: [{ Bitrate: 95999, Codec: 'aac', SamplingRate: 44100, Channel: 2 }],
  Bitrate: 409657,
  Container: 'mov,mp4,m4a,3gp,3g2,mj2',
  Duration: 380.9465637207031,
  Height: 360,
  Rotate: 0,
  Size: 19626862,
  VideoDuration: 380.8804931640625,
  VideoStreamSet: [{ Bitrate: 313658, Codec: 'h264', Fps: 29, Height: 360, Width: 480 }],
  Width: 480,
};

/** How MPS names an MP4's container: ffmpeg's demuxer list, whose first name is not the format. */
const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';

/** Transcode templates the simulator knows: definition → [height, width, video bitrate, container]. */
const TEMPLATES: Record<number, [number, number, number, string]> = {
  100210: [240, 320, 302307, 'hls,applehttp'],
  100220: [480, 640, 702311, MP4],
  100030: [720, 1280, 1802311, MP4],
  0: [360, 480, 313658, MP4],
};

type Phase = StepPhase;

function phase(sub: SubtaskPlan, processStart: number, now: number, speed: number): Phase {
  const begin = processStart + sub.startMs / speed;
  const finish = begin + sub.durationMs / speed;
  if (now < begin) return { status: 'PROCESSING', begin: null, finish: null, progress: 0, now };
  if (now < finish)
    return {
      status: 'PROCESSING',
      begin,
      finish: null,
      progress: Math.floor(((now - begin) / (finish - begin)) * 100),
      now,
    };
  return {
    status: sub.fail ? 'FAIL' : 'SUCCESS',
    begin,
    finish,
    progress: 100,
    now,
    fail: sub.fail,
  };
}

type Storage = typeof cosOutput | typeof s3Output;

// eslint-disable-next-line max-lines-per-function -- one literal output per media type, typed against the SDK
function outputOf(sub: SubtaskPlan, storage: Storage) {
  const dir = '/output';
  switch (sub.type) {
    case 'Transcode': {
      const [h, w, vb, container] = TEMPLATES[sub.definition] ?? TEMPLATES[0];
      const ext = container.startsWith('hls') ? 'm3u8' : 'mp4';
      const bitrate = vb + 50990;
      return {
        OutputStorage: storage,
        Path: `${dir}/${INPUT_NAME}_transcode_${sub.definition}.${ext}`,
        Definition: sub.definition,
        Bitrate: bitrate,
        Height: h,
        Width: w,
        Size: ext === 'm3u8' ? 5692 : Math.round((bitrate / 8) * 380.958),
        Duration: 380.9580078125,
        Container: container,
        Md5: 'ae0dfe7c7336291d6243463b7bb14fea',
        VideoStreamSet: [{ Bitrate: vb, Codec: 'h264', Fps: 24, Height: h, Width: w }],
        AudioStreamSet: [{ Bitrate: 50990, Codec: 'aac', SamplingRate: 44100 }],
      } satisfies Mps.MediaTranscodeItem;
    }
    case 'AdaptiveDynamicStreaming':
      return {
        Definition: sub.definition,
        Package: 'HLS',
        Storage: storage,
        Path: `${dir}/${INPUT_NAME}_adaptive_${sub.definition}.m3u8`,
      } satisfies Mps.AdaptiveDynamicStreamingInfoItem;
    case 'SnapshotByTimeOffset':
      return {
        Definition: sub.definition,
        Storage: storage,
        // TimeOffset is in seconds, as the SDK declares it.
        PicInfoSet: [0, 10, 60].map((t, i) => ({
          TimeOffset: t,
          Path: `${dir}/${INPUT_NAME}_snapshotByTimeOffset_${sub.definition}_${i}.jpg`,
          WaterMarkDefinition: [],
        })),
      } satisfies Mps.MediaSnapshotByTimeOffsetItem;
    case 'SampleSnapshot':
      return {
        Definition: sub.definition,
        SampleType: 'Percent',
        Interval: 10,
        Storage: storage,
        ImagePathSet: Array.from(
          { length: 10 },
          (_, i) => `${dir}/${INPUT_NAME}_sampleSnapshot_${sub.definition}_${i}.jpg`,
        ),
      } satisfies Mps.MediaSampleSnapshotItem;
    case 'ImageSprites':
      return {
        Definition: sub.definition,
        Height: 80,
        Width: 142,
        TotalCount: 39,
        Storage: storage,
        ImagePathSet: [
          `${dir}/${INPUT_NAME}_imageSprite_${sub.definition}_0.jpg`,
          `${dir}/${INPUT_NAME}_imageSprite_${sub.definition}_1.jpg`,
        ],
        WebVttPath: `${dir}/${INPUT_NAME}_imageSprite_${sub.definition}.vtt`,
      } satisfies Mps.MediaImageSpriteItem;
    case 'AnimatedGraphics':
      return {
        Storage: storage,
        Path: `${dir}/${INPUT_NAME}_animatedGraphic_${sub.definition}.gif`,
        Definition: sub.definition,
        Container: 'gif',
        Height: 240,
        Width: 320,
        Bitrate: 1_204_000,
        Size: 1_524_000,
        Md5: '2b9c0d6f1e9a4e51a0b1c2d3e4f50617',
        StartTimeOffset: 0,
        EndTimeOffset: 10,
      } satisfies Mps.MediaAnimatedGraphicsItem;
  }
}

const FIELD: Record<MediaType, string> = {
  Transcode: 'TranscodeTask',
  AdaptiveDynamicStreaming: 'AdaptiveDynamicStreamingTask',
  SnapshotByTimeOffset: 'SnapshotByTimeOffsetTask',
  SampleSnapshot: 'SampleSnapshotTask',
  ImageSprites: 'ImageSpriteTask',
  AnimatedGraphics: 'AnimatedGraphicTask',
};
const ALL_FIELDS = Object.values(FIELD);
const isMedia = (type: SubtaskPlan['type']): type is MediaType => type in FIELD;

function mediaResult(sub: SubtaskPlan & { type: MediaType }, p: Phase, storage: Storage) {
  const failed = p.status === 'FAIL' && sub.fail;
  const result: Record<string, unknown> = {
    Status: p.status,
    // As Tencent's own examples show a successful step: "SUCCESS", not the SDK's empty string.
    ErrCodeExt: failed ? sub.fail!.errCodeExt : p.status === 'SUCCESS' ? 'SUCCESS' : '',
    ErrCode: failed ? sub.fail!.errCode : 0,
    Message: failed ? sub.fail!.message : p.status === 'SUCCESS' ? 'SUCCESS' : '',
    Input:
      sub.type === 'Transcode'
        ? {
            Definition: sub.definition,
            WatermarkSet: [],
            OutputStorage: storage,
            OutputObjectPath: '/output/{inputName}_transcode_{definition}.{format}',
            SegmentObjectName: '/output/{inputName}_transcode_{definition}_{number}',
            ObjectNumberFormat: { InitialValue: 0, Increment: 1, MinLength: 1, PlaceHolder: '' },
          }
        : { Definition: sub.definition, OutputStorage: storage, WatermarkSet: [] },
    Output: p.status === 'SUCCESS' ? outputOf(sub, storage) : null,
  };
  if (sub.type === 'Transcode') result.Progress = p.progress;
  else {
    result.BeginProcessTime = formatMpsTime(p.begin);
    result.FinishTime = formatMpsTime(p.finish);
  }
  return result;
}

/** Where a task is at `now`: its status and the phase of each subtask that has started. */
interface Moment {
  task: SimTask;
  now: number;
  status: 'WAITING' | 'PROCESSING' | 'FINISH';
  storage: Storage;
  sourceFailed: boolean;
  phases: (Phase | undefined)[];
  inputInfo: Record<string, unknown>;
  /** The fields every task object carries. */
  inner: Record<string, unknown>;
}

function inputInfoOf(plan: TaskPlan): Record<string, unknown> {
  if (plan.s3) {
    return {
      Type: 'AWS-S3',
      S3InputInfo: {
        S3Bucket: 'media-in',
        S3Region: 'us-east-1',
        S3Object: `/input/${INPUT_NAME}.mp4`,
        ...s3Secrets,
      },
    };
  }
  if (plan.vodPro) {
    return {
      Type: 'VOD',
      VODInputInfo: {
        Bucket: `vodpro-${ACCOUNT}`,
        Region: 'ap-shanghai',
        Object: `/raw/${INPUT_NAME}.mp4`,
        SubAppId: 1500012345,
      },
    };
  }
  return { Type: 'COS', CosInputInfo: cosInput };
}

function workflowTask(m: Moment): Record<string, unknown> {
  const { task, phases, storage } = m;
  const metaData = m.status !== 'WAITING' && !m.sourceFailed ? structuredClone(SOURCE_META) : null;
  const workflow: Record<string, unknown> = {
    ...m.inner,
    InputInfo: m.inputInfo,
    MetaData: metaData,
    MediaProcessResultSet: [],
    AiContentReviewResultSet: [],
    AiAnalysisResultSet: [],
    AiRecognitionResultSet: [],
  };
  if (m.sourceFailed) return workflow;
  task.plan.subtasks.forEach((sub, i) => {
    const p = phases[i];
    if (!p) return;
    const { type } = sub;
    if (isMedia(type)) {
      const entry: Record<string, unknown> = { Type: type };
      for (const field of ALL_FIELDS) entry[field] = null;
      entry[FIELD[type]] = mediaResult({ ...sub, type }, p, storage);
      (workflow.MediaProcessResultSet as unknown[]).push(entry);
    } else {
      placeInWorkflow(workflow, type, aiStep(type, p, storage, task.speed));
    }
  });
  return workflow;
}

function scheduleTask(m: Moment): Record<string, unknown> {
  const { task, phases, storage } = m;
  return {
    ...m.inner,
    InputInfo: m.inputInfo,
    MetaData: m.status !== 'WAITING' ? structuredClone(SOURCE_META) : null,
    ActivityResultSet: task.plan.subtasks.flatMap((sub, i) => {
      const p = phases[i];
      const { type } = sub;
      if (!p) return [];
      if (isMedia(type)) {
        return [
          {
            ActivityType: type,
            ActivityResItem: { [FIELD[type]]: mediaResult({ ...sub, type }, p, storage) },
          },
        ];
      }
      return [scheduleActivity(type, p, aiStep(type, p, storage, task.speed))];
    }),
  };
}

function editMediaTask(m: Moment): Record<string, unknown> {
  const p = m.phases[0];
  return {
    ...m.inner,
    Input: {
      FileInfoSet: [
        { InputInfo: m.inputInfo, StartTimeOffset: 0, EndTimeOffset: 60 },
        {
          InputInfo: { Type: 'URL', UrlInputInfo: { Url: 'https://example.com/media/outro.mp4' } },
          StartTimeOffset: 0,
          EndTimeOffset: 15,
        },
      ],
    },
    Output:
      p?.status === 'SUCCESS'
        ? {
            OutputStorage: m.storage,
            Path: `/output/${INPUT_NAME}_edit.mp4`,
            MetaData: { ...SOURCE_META, Duration: 75, Size: 3_870_000 },
          }
        : null,
  };
}

function liveScheduleTask(m: Moment): Record<string, unknown> {
  const { task, phases, storage } = m;
  return {
    ...m.inner,
    Url: 'rtmp://live.example.com/live/stream-1',
    LiveActivityResultSet: task.plan.subtasks.flatMap((sub, i) => {
      const p = phases[i];
      const { type } = sub;
      if (!p || isMedia(type)) return [];
      return [
        {
          ActivityType: 'LiveRecord',
          LiveActivityResItem: { LiveRecordTask: aiStep(type, p, storage, task.speed) },
        },
      ];
    }),
  };
}

function blindWatermarkTask(m: Moment): Record<string, unknown> {
  const finished = m.status === 'FINISH';
  return {
    ...m.inner,
    InputInfo: m.inputInfo,
    Type: 'blind-basic',
    IsDetected: finished,
    Result: finished ? 'owner:studio-42;asset:ep-07' : '',
  };
}

const TASK_OBJECT: Record<TaskPlan['kind'], [field: string, build: (m: Moment) => unknown]> = {
  WorkflowTask: ['WorkflowTask', workflowTask],
  ScheduleTask: ['ScheduleTask', scheduleTask],
  EditMediaTask: ['EditMediaTask', editMediaTask],
  LiveScheduleTask: ['LiveScheduleTask', liveScheduleTask],
  ExtractBlindWatermark: ['ExtractBlindWatermarkTask', blindWatermarkTask],
};

function buildDetail(task: SimTask, now: number): Record<string, unknown> {
  const { plan, speed, createdAt } = task;
  const begin = createdAt + plan.queueMs / speed;
  const finish = begin + processingMs(plan) / speed;
  const status = now < begin ? 'WAITING' : now < finish ? 'PROCESSING' : 'FINISH';
  const sourceFailed = plan.sourceFailAfterMs != null && status === 'FINISH';
  const started = status !== 'WAITING';
  const moment: Moment = {
    task,
    now,
    status,
    storage: plan.s3 ? s3Output : cosOutput,
    sourceFailed,
    phases: started ? plan.subtasks.map((s) => phase(s, begin, now, speed)) : [],
    inputInfo: inputInfoOf(plan),
    // Task objects carry ErrCode and Message only (the SDK declares no ErrCodeExt on them).
    inner: {
      TaskId: task.id,
      Status: status,
      ErrCode: sourceFailed ? 30009 : 0,
      Message: sourceFailed ? 'Source file error: the input could not be decoded' : '',
    },
  };
  const [field, build] = TASK_OBJECT[plan.kind];
  return {
    TaskType: plan.kind,
    Status: status,
    CreateTime: formatMpsTime(createdAt),
    BeginProcessTime: formatMpsTime(started ? begin : null),
    FinishTime: formatMpsTime(status === 'FINISH' ? finish : null),
    [field]: build(moment),
    TaskNotifyConfig: {
      NotifyType: 'URL',
      NotifyMode: 'Finish',
      NotifyUrl: 'https://example.com/mps/notify',
      NotifyKey: 'example-notify-key-do-not-show',
      CmqModel: '',
      CmqRegion: '',
      QueueName: '',
      TopicName: '',
    },
    TasksPriority: 0,
    SessionId: '',
    SessionContext: '',
    ExtInfo: '',
  } satisfies Mps.DescribeTaskDetailResponse;
}

/**
 * A task frozen `atMs` after creation: its id and the DescribeTaskDetail body at that moment.
 * Times are whole seconds, as MPS reports them. For galleries and tests that need every state at once.
 */
export function frozenTask(
  scenario: Scenario,
  atMs: number,
  seed = 3,
): { taskId: string; body: unknown } {
  let now = Math.floor((Date.now() - atMs) / 1000) * 1000;
  const sim = new MpsSimulator({ now: () => now, seed });
  const taskId = sim.createTask({ scenario });
  now += atMs;
  return { taskId, body: JSON.parse(sim.describe(taskId).body) };
}
