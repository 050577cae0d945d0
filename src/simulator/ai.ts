/**
 * AI, subtitle, quality-control and live-recording steps of the simulator, shaped exactly as the
 * official SDK declares them (every builder's result `satisfies` its SDK type, so a field the SDK
 * does not declare fails the type check). Where each step sits in a body depends on the task
 * kind: `workflowPlacement` and `scheduleActivity` put it there.
 */
import type * as Mps from 'tencentcloud-sdk-nodejs-mps/tencentcloud/services/mps/v20190612/mps_models.js';
import { formatMpsTime } from '../core/time.js';

export type AiType =
  | 'SmartSubtitles'
  | 'SmartErase'
  | 'AiQualityControl'
  | 'Cover'
  | 'Highlight'
  | 'Classification'
  | 'Review'
  | 'LiveRecord';

/** Where a step is in its run, computed by the simulator from the plan and the clock. */
export interface StepPhase {
  status: 'PROCESSING' | 'SUCCESS' | 'FAIL';
  begin: number | null;
  finish: number | null;
  progress: number;
  /** The simulator's clock at this moment. */
  now: number;
  /** Why it failed, when it did. */
  fail?: { errCode: number; errCodeExt: string; message: string };
}

type Storage = Mps.TaskOutputStorage;
const NAME = 'videoplayback';

/** `Status`, codes and message: what every step reports. */
function envelope(p: StepPhase) {
  return {
    Status: p.status,
    // As Tencent's own examples show a successful step: "SUCCESS", not the SDK's empty string.
    ErrCodeExt:
      p.fail && p.status === 'FAIL' ? p.fail.errCodeExt : p.status === 'SUCCESS' ? 'SUCCESS' : '',
    ErrCode: p.fail && p.status === 'FAIL' ? p.fail.errCode : 0,
    Message:
      p.fail && p.status === 'FAIL' ? p.fail.message : p.status === 'SUCCESS' ? 'SUCCESS' : '',
  };
}

const times = (p: StepPhase) => ({
  BeginProcessTime: formatMpsTime(p.begin),
  FinishTime: formatMpsTime(p.finish),
});

const done = (p: StepPhase) => p.status === 'SUCCESS';

/** Live recordings are cut into segments of this length (at speed 1). */
const SEGMENT_MS = 20_000;

/** The step object (`<Name>Task`) for one AI step at its phase. */
// eslint-disable-next-line max-lines-per-function -- one literal body per kind, typed against the SDK; split up, the shapes would scatter
export function aiStep(type: AiType, p: StepPhase, storage: Storage, speed: number): object {
  switch (type) {
    case 'SmartSubtitles':
      return {
        ...envelope(p),
        Progress: p.progress,
        Output: done(p)
          ? ({
              Path: `/output/${NAME}.asr.vtt`,
              SubtitlePath: `/output/${NAME}.zh.vtt`,
              OutputStorage: storage,
              SegmentSet: [
                { Confidence: 0.92, StartTimeOffset: 0, EndTimeOffset: 3, Text: 'Welcome back.' },
                { Confidence: 0.9, StartTimeOffset: 3, EndTimeOffset: 6, Text: 'Today we ride.' },
              ],
            } satisfies Mps.SmartSubtitleTaskAsrFullTextResultOutput)
          : undefined,
      } satisfies Mps.SmartSubtitleTaskAsrFullTextResult;
    case 'SmartErase': {
      const { ErrCode: _none, ...rest } = envelope(p); // the SDK declares no ErrCode here
      return {
        ...rest,
        Progress: p.progress,
        ...times(p),
        Output: done(p)
          ? ({
              Path: `/output/${NAME}.erased.mp4`,
              OutputStorage: storage,
              OriginSubtitlePath: `/output/${NAME}.origin.srt`,
              TranslateSubtitlePath: `/output/${NAME}.en.srt`,
            } satisfies Mps.AiAnalysisTaskDelLogoOutput)
          : undefined,
      } satisfies Mps.SmartEraseTaskResult;
    }
    case 'AiQualityControl':
      return {
        ...envelope(p),
        Progress: p.progress,
        Output:
          p.status === 'PROCESSING'
            ? undefined
            : ({
                NoAudio: p.status === 'FAIL',
                QualityEvaluationScore: p.status === 'FAIL' ? 41 : 87,
                QualityControlResultSet:
                  p.status === 'FAIL' ? [{ Type: 'Jitter', QualityControlItems: [] }] : [],
              } satisfies Mps.QualityControlData),
      } satisfies Mps.ScheduleQualityControlTaskResult;
    case 'Cover':
      return {
        ...envelope(p),
        Output: done(p)
          ? ({
              CoverSet: [1, 2].map((i) => ({
                CoverPath: `/output/${NAME}_cover_${i}.jpg`,
                Confidence: 90 - i,
              })),
              OutputStorage: storage,
            } satisfies Mps.AiAnalysisTaskCoverOutput)
          : undefined,
      } satisfies Mps.AiAnalysisTaskCoverResult;
    case 'Highlight': {
      const { ErrCodeExt: _none, ...rest } = envelope(p); // the SDK declares no ErrCodeExt here
      return {
        ...rest,
        Output: done(p)
          ? ({
              HighlightSet: [
                {
                  HighlightPath: `/output/${NAME}_highlight_0.mp4`,
                  CovImgPath: `/output/${NAME}_highlight_0.jpg`,
                  Confidence: 85,
                  Duration: 15,
                },
              ],
              OutputStorage: storage,
            } satisfies Mps.AiAnalysisTaskHighlightOutput)
          : undefined,
      } satisfies Mps.AiAnalysisTaskHighlightResult;
    }
    case 'Classification':
      return {
        ...envelope(p),
        Output: done(p)
          ? ({
              ClassificationSet: [{ Classification: 'sports', Confidence: 93 }],
            } satisfies Mps.AiAnalysisTaskClassificationOutput)
          : undefined,
      } satisfies Mps.AiAnalysisTaskClassificationResult;
    case 'Review':
      return {
        ...envelope(p),
        Output: done(p)
          ? ({
              Confidence: 12,
              Suggestion: 'pass',
              Label: 'normal',
            } satisfies Mps.AiReviewPornTaskOutput)
          : undefined,
      } satisfies Mps.AiReviewTaskPornResult;
    case 'LiveRecord': {
      // Segments appear as the recording runs; a failed recording has none.
      const recorded = p.begin == null || p.status === 'FAIL' ? 0 : (p.finish ?? p.now) - p.begin;
      const segmentMs = SEGMENT_MS / speed;
      const count = Math.min(12, Math.floor(Math.min(recorded, 12 * segmentMs) / segmentMs));
      return {
        ...envelope(p),
        ...times(p),
        Output: {
          OutputStorage: storage,
          FileList: Array.from({ length: count }, (_, i) => ({
            Url: `/mps/files/live/${NAME}_${String(i + 1).padStart(3, '0')}.mp4`,
            Size: 24_000_000 + i * 1000,
            Duration: SEGMENT_MS / 1000,
            StartTime: formatMpsTime(p.begin! + i * segmentMs),
            EndTime: formatMpsTime(p.begin! + (i + 1) * segmentMs),
          })),
        } satisfies Mps.LiveRecordResult,
      } satisfies Mps.LiveScheduleLiveRecordTaskResult;
    }
  }
}

/** Analysis results and where they go in a WorkflowTask's `AiAnalysisResultSet`. */
const ANALYSIS: Partial<Record<AiType, string>> = {
  Cover: 'CoverTask',
  Highlight: 'HighlightTask',
  Classification: 'ClassificationTask',
};

/** Puts a step into a WorkflowTask: its result set, or its single-result field. */
export function placeInWorkflow(
  workflow: Record<string, unknown[] | unknown>,
  type: AiType,
  step: object,
) {
  const push = (set: string, entry: object) => ((workflow[set] as unknown[]) ??= []).push(entry);
  if (ANALYSIS[type]) push('AiAnalysisResultSet', { Type: type, [ANALYSIS[type]!]: step });
  else if (type === 'Review') push('AiContentReviewResultSet', { Type: 'Porn', PornTask: step });
  else if (type === 'SmartSubtitles') {
    push('SmartSubtitlesTaskResult', { Type: 'AsrFullTextRecognition', AsrFullTextTask: step });
  } else if (type === 'SmartErase') workflow.SmartEraseTaskResult = step;
  else if (type === 'AiQualityControl') workflow.AiQualityControlTaskResult = step;
}

/**
 * A ScheduleTask activity for a step. AI activities report their results as a list of result
 * entries in their `Output`; the activity's own status follows its one entry's.
 */
export function scheduleActivity(type: AiType, p: StepPhase, step: object): Mps.ActivityResult {
  const activity = (field: keyof Mps.ActivityResItem, entry: object) => ({
    [field]: { ...envelope(p), ...times(p), Output: [entry] },
  });
  switch (type) {
    case 'SmartErase':
      return { ActivityType: 'SmartErase', ActivityResItem: { SmartEraseTask: step } };
    case 'AiQualityControl':
      return { ActivityType: 'AiQualityControl', ActivityResItem: { QualityControlTask: step } };
    case 'Review':
      return {
        ActivityType: 'AiContentReview',
        ActivityResItem: activity('ReviewTask', { Type: 'Porn', PornTask: step }),
      };
    case 'SmartSubtitles':
      return {
        ActivityType: 'SmartSubtitles',
        ActivityResItem: activity('SmartSubtitlesTask', {
          Type: 'AsrFullTextRecognition',
          AsrFullTextTask: step,
        }),
      };
    default:
      return {
        ActivityType: 'AIAnalysis',
        ActivityResItem: activity('AnalysisTask', {
          Type: type,
          [ANALYSIS[type] ?? 'CoverTask']: step,
        }),
      };
  }
}
