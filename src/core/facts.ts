import { amount, record, records, text } from './loose-values.js';
import type { StepFact, StepFactKey } from './view.js';

/** Long texts (descriptions, transcripts) are cut here; the element clamps them further. */
const MAX_TEXT = 2000;
const MAX_TAGS = 5;

const clip = (value: string | null) =>
  value && value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value;

/**
 * The findings of a step whose result is data rather than files, read by field name so one
 * reader serves every kind that reports them: quality control (score, problems), content review
 * (suggestion, label), analysis (classification, tags, title, description, comprehension) and
 * recognition (the start of the recognised text).
 */
export function stepFacts(value: unknown): StepFact[] {
  const output = record(value);
  if (!output) return [];
  const facts: StepFact[] = [];
  const add = (key: StepFactKey, fact: string | number | boolean | null | undefined) => {
    if (fact != null && fact !== '') facts.push({ key, value: fact });
  };
  add('score', amount(output.QualityEvaluationScore));
  add('problems', qualityProblems(output));
  add('suggestion', text(output.Suggestion));
  add('label', text(output.Label));
  add('classification', text(records(output.ClassificationSet)[0]?.Classification));
  const tags = records(output.TagSet)
    .map((tag) => text(tag.Tag))
    .filter(Boolean)
    .slice(0, MAX_TAGS);
  add('tags', tags.join(', '));
  const description = records(output.DescriptionSet)[0];
  add('title', clip(text(description?.Title)));
  add('description', clip(text(description?.Description)));
  add(
    'text',
    clip(
      text(output.VideoComprehensionAnalysisResult) ?? segmentText(output) ?? text(output.Result),
    ),
  );
  return facts;
}

/**
 * What quality control found: no audio, no video, each `QualityControlResultSet` type, and each
 * format diagnosis of `ContainerDiagnoseResultSet` with its severity (`DecodeError (High)`). Live
 * streams spell the lists `QualityControlResults`, `DiagnoseResultSet`, `DiagnoseResults`.
 */
function qualityProblems(output: Record<string, unknown>): string {
  const problems = new Set<string>();
  if (output.NoAudio === true) problems.add('NoAudio');
  if (output.NoVideo === true) problems.add('NoVideo');
  for (const list of QC_LISTS) {
    for (const item of records(output[list])) {
      const type = text(item.Type);
      const severity = text(item.SeverityLevel);
      if (type) problems.add(severity ? `${type} (${severity})` : type);
    }
  }
  return [...problems].join(', ');
}

const QC_LISTS = [
  'QualityControlResultSet',
  'QualityControlResults',
  'ContainerDiagnoseResultSet',
  'DiagnoseResultSet',
  'DiagnoseResults',
];

/** The result fields a live-stream processing notification carries (ParseLiveStreamProcessNotification). */
export const LIVE_RESULT_FIELDS = [
  'AiReviewResultInfo',
  'AiRecognitionResultInfo',
  'AiAnalysisResultInfo',
  'AiQualityControlResultInfo',
  'AiSmartSubtitleResultInfo',
  'LiveRecordResultInfo',
  'ProcessEofInfo',
] as const;

/**
 * The latest findings of a live stream's processing, which MPS reports only in notifications (the
 * status handler keeps the latest of each kind on the task object): the most severe review hit's
 * suggestion and label, and the quality problems found — read as a step's findings are.
 */
export function liveFacts(task: Record<string, unknown>): StepFact[] {
  let worst: Record<string, unknown> = {};
  for (const result of records(record(task.AiReviewResultInfo)?.ResultSet))
    for (const hits of Object.values(result))
      for (const hit of records(hits)) if (severity(hit) > severity(worst)) worst = hit;
  const { Suggestion, Label } = worst;
  return stepFacts({ ...record(task.AiQualityControlResultInfo), Suggestion, Label });
}

/** Content-review suggestions, least to most severe (0: none). */
const severity = (hit: Record<string, unknown>) =>
  ['pass', 'review', 'block'].indexOf(text(hit.Suggestion) ?? '') + 1;

/** The recognised text of ASR/OCR segments, joined, up to the clip length. */
function segmentText(output: Record<string, unknown>): string | null {
  let joined = '';
  for (const segment of records(output.SegmentSet)) {
    const line = text(segment.Text);
    if (!line) continue;
    joined = joined ? `${joined} ${line}` : line;
    if (joined.length > MAX_TEXT) break;
  }
  return joined || null;
}

/** A blind-watermark extraction: whether one was found, and what it says. */
export function watermarkFacts(task: Record<string, unknown>): StepFact[] {
  const facts: StepFact[] = [];
  if (typeof task.IsDetected === 'boolean') facts.push({ key: 'detected', value: task.IsDetected });
  const result = clip(text(task.Result));
  if (result) facts.push({ key: 'watermark', value: result });
  return facts;
}
