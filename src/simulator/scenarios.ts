import type { AiType } from './ai.js';

/**
 * What each simulated task does, as a plan of timed subtasks. Durations are in ms at speed 1;
 * the simulator divides them by the task's speed.
 */
export type MediaType =
  | 'Transcode'
  | 'AdaptiveDynamicStreaming'
  | 'SnapshotByTimeOffset'
  | 'SampleSnapshot'
  | 'ImageSprites'
  | 'AnimatedGraphics';

export interface SubtaskPlan {
  type: MediaType | AiType;
  definition: number;
  /** Start, relative to the end of the queue wait. */
  startMs: number;
  durationMs: number;
  fail?: { errCode: number; errCodeExt: string; message: string };
}

export type TaskKind =
  'WorkflowTask' | 'EditMediaTask' | 'ScheduleTask' | 'LiveScheduleTask' | 'ExtractBlindWatermark';

export interface TaskPlan {
  kind: TaskKind;
  queueMs: number;
  subtasks: SubtaskPlan[];
  /** Time between the last subtask finishing and the task reaching FINISH. */
  tailMs: number;
  /** The source cannot be read: the workflow fails this long after it starts. */
  sourceFailAfterMs?: number;
  /** Answer 2 of every 5 requests with 503/500/429 (deterministic, so tests always meet them). */
  flakyShare?: number;
  /** Extra latency per response (ms, not scaled by speed). */
  latencyMs?: number;
  /** Body corruption. */
  malformed?: 'bad-json' | 'wrong-types' | 'degraded';
  /** S3 input/output with credentials in the body (which must never reach a viewer). */
  s3?: boolean;
  /** Never created: answers ResourceNotFound. */
  missing?: boolean;
  /** A VOD Pro source (bucket, region, object) instead of COS. */
  vodPro?: boolean;
}

export const SCENARIOS = [
  'success',
  'long-queue',
  'source-failure',
  'subtask-failure',
  'not-found',
  'flaky',
  'slow',
  'bad-json',
  'wrong-types',
  'degraded',
  'edit-media',
  'schedule',
  's3',
  'transcode',
  'ai-workflow',
  'schedule-ai',
  'live-recording',
  'blind-watermark',
  'vod-pro',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const SCENARIO_LABELS: Record<Scenario, string> = {
  success: 'Success (transcode, HLS, snapshots, sprites, GIF)',
  'long-queue': 'Long queue, then success',
  'source-failure': 'Source file fails (WorkflowTask.ErrCode)',
  'subtask-failure': 'One subtask fails (partial)',
  'not-found': 'Unknown task (ResourceNotFound)',
  flaky: 'Flaky backend (500/503/429 with Retry-After)',
  slow: 'Slow responses (≈2 s each)',
  'bad-json': 'Malformed body (not JSON)',
  'wrong-types': 'Wrong types (not a task)',
  degraded: 'Some fields with wrong types',
  'edit-media': 'EditMediaTask (clip and join)',
  schedule: 'ScheduleTask (orchestration)',
  s3: 'AWS S3 input and output',
  transcode: 'Single transcode (5 min at speed 1)',
  'ai-workflow': 'AI workflow: subtitles, erase, cover, highlights, quality control (fails)',
  'schedule-ai': 'ScheduleTask with AI activities (one result fails)',
  'live-recording': 'Live recording in segments (LiveScheduleTask)',
  'blind-watermark': 'Blind watermark extraction',
  'vod-pro': 'VOD Pro source',
};

const QC_FAIL = {
  errCode: 0,
  errCodeExt: 'FailedOperation.QualityControl',
  message: 'Quality control found problems: no audio track, jitter',
};

/** AI steps beside a transcode; their timing is what polling cannot predict (no Progress on most). */
const aiMix = (): SubtaskPlan[] => [
  { type: 'Transcode', definition: 100030, startMs: 0, durationMs: 18_000 },
  { type: 'SmartSubtitles', definition: 0, startMs: 1000, durationMs: 16_000 },
  { type: 'SmartErase', definition: 0, startMs: 2000, durationMs: 22_000 },
  { type: 'Cover', definition: 10, startMs: 3000, durationMs: 7000 },
  { type: 'Highlight', definition: 10, startMs: 3000, durationMs: 14_000 },
  { type: 'AiQualityControl', definition: 0, startMs: 1000, durationMs: 12_000, fail: QC_FAIL },
];

const mediaMix = (scale = 1): SubtaskPlan[] => [
  { type: 'Transcode', definition: 100210, startMs: 0, durationMs: 20_000 * scale },
  { type: 'Transcode', definition: 100220, startMs: 500, durationMs: 26_000 * scale },
  { type: 'AdaptiveDynamicStreaming', definition: 10, startMs: 1000, durationMs: 24_000 * scale },
  { type: 'SnapshotByTimeOffset', definition: 10, startMs: 2000, durationMs: 4000 * scale },
  { type: 'SampleSnapshot', definition: 10, startMs: 2500, durationMs: 6000 * scale },
  { type: 'ImageSprites', definition: 10, startMs: 3000, durationMs: 8000 * scale },
  { type: 'AnimatedGraphics', definition: 20000, startMs: 4000, durationMs: 5000 * scale },
];

export interface PlanOptions {
  /** For `transcode`: how long the transcode runs at speed 1 (default 5 min). */
  durationMs?: number;
}

// eslint-disable-next-line max-lines-per-function -- a table of scenarios: one short plan each
export function planFor(scenario: Scenario, opts: PlanOptions = {}): TaskPlan {
  const base: TaskPlan = {
    kind: 'WorkflowTask',
    queueMs: 2000,
    subtasks: mediaMix(),
    tailMs: 1000,
  };
  switch (scenario) {
    case 'success':
      return base;
    case 'long-queue':
      return { ...base, queueMs: 30_000, subtasks: mediaMix(0.6) };
    case 'source-failure':
      return { ...base, subtasks: [], sourceFailAfterMs: 3000 };
    case 'subtask-failure': {
      const subtasks = mediaMix(0.8);
      subtasks[1] = {
        ...subtasks[1],
        fail: {
          errCode: 70000,
          errCodeExt: 'FailedOperation.Transcode',
          message: 'Transcoding failed: the encoder rejected the template parameters',
        },
      };
      subtasks[6] = {
        ...subtasks[6],
        fail: {
          errCode: 70000,
          errCodeExt: 'FailedOperation.AnimatedGraphics',
          message: 'Animated graphic failed: time range outside the source',
        },
      };
      return { ...base, subtasks };
    }
    case 'not-found':
      return { ...base, missing: true };
    case 'flaky':
      return { ...base, flakyShare: 0.4 };
    case 'slow':
      return { ...base, latencyMs: 2000 };
    case 'bad-json':
      return { ...base, malformed: 'bad-json' };
    case 'wrong-types':
      return { ...base, malformed: 'wrong-types' };
    case 'degraded':
      return { ...base, malformed: 'degraded' };
    case 'edit-media':
      return {
        ...base,
        kind: 'EditMediaTask',
        subtasks: [{ type: 'Transcode', definition: 0, startMs: 0, durationMs: 15_000 }],
      };
    case 'schedule':
      return { ...base, kind: 'ScheduleTask', subtasks: mediaMix(0.5).slice(0, 4) };
    case 's3':
      return { ...base, s3: true, subtasks: mediaMix(0.5).slice(0, 3) };
    case 'ai-workflow':
      return { ...base, subtasks: aiMix() };
    case 'schedule-ai':
      return {
        ...base,
        kind: 'ScheduleTask',
        subtasks: [
          { type: 'Transcode', definition: 100220, startMs: 0, durationMs: 12_000 },
          { type: 'Classification', definition: 10, startMs: 1000, durationMs: 6000 },
          { type: 'Review', definition: 10, startMs: 1000, durationMs: 8000 },
          { type: 'SmartSubtitles', definition: 0, startMs: 2000, durationMs: 10_000 },
          { type: 'AiQualityControl', definition: 0, startMs: 2000, durationMs: 9000 },
          {
            type: 'Cover',
            definition: 10,
            startMs: 3000,
            durationMs: 5000,
            fail: { errCode: 0, errCodeExt: 'InternalError', message: 'Cover model unavailable' },
          },
        ],
      };
    case 'live-recording':
      return {
        ...base,
        kind: 'LiveScheduleTask',
        queueMs: 1000,
        subtasks: [{ type: 'LiveRecord', definition: 0, startMs: 0, durationMs: 120_000 }],
      };
    case 'blind-watermark':
      return { ...base, kind: 'ExtractBlindWatermark', subtasks: [], tailMs: 8000 };
    case 'vod-pro':
      return { ...base, vodPro: true, subtasks: mediaMix(0.5).slice(0, 3) };
    case 'transcode':
      return {
        ...base,
        queueMs: 1000,
        tailMs: 0,
        subtasks: [
          {
            type: 'Transcode',
            definition: 100030,
            startMs: 0,
            durationMs: opts.durationMs ?? 300_000,
          },
        ],
      };
  }
}
