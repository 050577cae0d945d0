import { amount, record, records, text } from './read.js';
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
  const problems = [
    output.NoAudio === true ? 'NoAudio' : null,
    output.NoVideo === true ? 'NoVideo' : null,
    ...records(output.QualityControlResultSet).map((result) => text(result.Type)),
  ].filter(Boolean);
  add('problems', [...new Set(problems)].join(', '));
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
  add('text', clip(text(output.VideoComprehensionAnalysisResult) ?? segmentText(output)));
  return facts;
}

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
