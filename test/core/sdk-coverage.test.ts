/**
 * Held to the official SDK at compile time: for each SDK interface a status widget reads, every
 * key is either handled (read by the schema / normalization) or listed here as deliberately
 * ignored, with the reason. Upgrading `tencentcloud-sdk-nodejs-mps` and running `npm test` (its
 * type check) then names every field MPS added: the `Covered<…>` lines below stop compiling.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  AI_ANALYSIS_STEPS,
  AI_RECOGNITION_STEPS,
  AI_REVIEW_STEPS,
  LIVE_STEPS,
  SCHEDULE_AI_STEPS,
  SMART_SUBTITLE_STEPS,
  type ActivityResItemFields,
  type TaskDetailFields,
  type WorkflowTaskFields,
} from '../../src/core/schema.js';
import type { TaskDetail } from '../../src/core/task-detail.js';
import type { LIVE_RESULT_FIELDS } from '../../src/core/facts.js';
import type { EVENT_FIELDS } from '../../src/server/notifications.js';
import type { Mps } from '../fixtures/kinds.js';

type Steps<T extends readonly string[]> = `${T[number]}Task`;

/** `true` only when every key of `Sdk` is handled or ignored; otherwise the missing keys. */
type Covered<Sdk, Handled, Ignored> = [Exclude<keyof Sdk, Handled | Ignored>] extends [never]
  ? true
  : Exclude<keyof Sdk, Handled | Ignored>;

/** The declared keys of an interface, without its index signature. */
type KnownKeys<T> = keyof {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K];
};
/** `true` only when both key sets are the same; otherwise the keys only one side has. */
type SameKeys<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never]
  ? true
  : Exclude<A, B> | Exclude<B, A>;

const coverage = {
  // The public `TaskDetail` interface declares exactly the fields the schema reads.
  PublicTaskDetail: true satisfies SameKeys<KnownKeys<TaskDetail>, TaskDetailFields>,
  DescribeTaskDetailResponse: true satisfies Covered<
    Mps.DescribeTaskDetailResponse,
    TaskDetailFields,
    // Holds NotifyKey (a secret) and queue names: nothing for a viewer; stripped server-side.
    'TaskNotifyConfig'
  >,
  WorkflowTask: true satisfies Covered<Mps.WorkflowTask, WorkflowTaskFields, never>,
  ActivityResItem: true satisfies Covered<Mps.ActivityResItem, ActivityResItemFields, never>,
  LiveActivityResItem: true satisfies Covered<
    Mps.LiveActivityResItem,
    Steps<typeof LIVE_STEPS>,
    never
  >,
  // `Type` names the entry; the step fields are read generically (core/steps.ts).
  AiAnalysisResult: true satisfies Covered<
    Mps.AiAnalysisResult,
    Steps<typeof AI_ANALYSIS_STEPS>,
    'Type'
  >,
  AiRecognitionResult: true satisfies Covered<
    Mps.AiRecognitionResult,
    Steps<typeof AI_RECOGNITION_STEPS>,
    'Type'
  >,
  AiContentReviewResult: true satisfies Covered<
    Mps.AiContentReviewResult,
    Steps<typeof AI_REVIEW_STEPS>,
    // Sampling settings of the review, not results.
    'Type' | 'SampleRate' | 'Duration'
  >,
  SmartSubtitlesResult: true satisfies Covered<
    Mps.SmartSubtitlesResult,
    Steps<typeof SMART_SUBTITLE_STEPS>,
    'Type'
  >,
  // Every key of the schedule activity item beyond the six media subtasks.
  ScheduleAiSteps: true satisfies Covered<
    Omit<
      Mps.ActivityResItem,
      | 'TranscodeTask'
      | 'AnimatedGraphicTask'
      | 'SnapshotByTimeOffsetTask'
      | 'SampleSnapshotTask'
      | 'ImageSpriteTask'
      | 'AdaptiveDynamicStreamingTask'
    >,
    Steps<typeof SCHEDULE_AI_STEPS>,
    never
  >,
  // The task events a notification carries: each one wakes its task's followers.
  ParseNotificationResponse: true satisfies Covered<
    Mps.ParseNotificationResponse,
    (typeof EVENT_FIELDS)[number],
    // The envelope: the event's name, the signature, context echoed back.
    'EventType' | 'SessionId' | 'SessionContext' | 'Timestamp' | 'Sign' | 'RequestId'
  >,
  // A live stream's results arrive only in notifications; the status handler lays them on its task.
  ParseLiveStreamProcessNotificationResponse: true satisfies Covered<
    Mps.ParseLiveStreamProcessNotificationResponse,
    (typeof LIVE_RESULT_FIELDS)[number] | 'TaskId' | 'NotificationType',
    'SessionId' | 'SessionContext' | 'Timestamp' | 'Sign' | 'RequestId'
  >,
};

describe('coverage of the SDK types (checked by tsc; these assertions guard the lists at run time)', () => {
  it('every interface is covered', () => {
    for (const [name, covered] of Object.entries(coverage)) assert.equal(covered, true, name);
  });
  it('step lists have no duplicates and name fields as the SDK spells them', () => {
    for (const list of [
      AI_ANALYSIS_STEPS,
      AI_RECOGNITION_STEPS,
      AI_REVIEW_STEPS,
      SMART_SUBTITLE_STEPS,
      SCHEDULE_AI_STEPS,
      LIVE_STEPS,
    ]) {
      assert.equal(new Set(list).size, list.length);
      for (const name of list) assert.match(name, /^[A-Z][A-Za-z]+$/);
    }
  });
});
