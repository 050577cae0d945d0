import { html, nothing } from 'lit';
import type { PartContext } from './context.js';
import { factList, outputsSection } from './outputs.js';
import { subtaskLabel, timingSection } from './timing.js';
import { taskNotices } from './task-notices.js';
import { sourceLine } from './source-line.js';

export { detailStyles } from './details.styles.js';
export { enDetails } from '../i18n/en-details.js';

/**
 * The detail sections of the card: data findings, timing, outputs. A chunk of its own in the CDN
 * build (see `parts.ts`): a compact row or a minimal card never downloads it unless it
 * is opened, and a full card fetches it in parallel with its first status request.
 */
export function detailSections(ctx: PartContext) {
  return html`${factList(ctx, ctx.task?.facts ?? [])}
  ${ctx.show.timing ? timingSection(ctx) : nothing}
  ${ctx.show.outputs ? outputsSection(ctx) : nothing}`;
}

/**
 * What failed, first: under the header of a failed or partial card, the first failing step, its
 * reason and how many of the steps failed ("Transcode · 100030 failed: … · 1 of 7 steps
 * failed"). A source failure has its own box (`workflowError`).
 */
export function failureHeadline(ctx: PartContext) {
  const task = ctx.task;
  const failed = task?.error ? [] : (task?.subtasks.filter((s) => s.error) ?? []);
  if (!failed.length) return nothing;
  const first = failed[0];
  return html`<p class="failure" part="failure-headline">
    <strong>${ctx.strings.stepFailed(subtaskLabel(ctx, first), first.error!.message)}</strong> ·
    ${ctx.strings.stepsFailed(failed.length, task!.subtasks.length)}
  </p>`;
}

/**
 * The part as `parts.ts` loads it: the sections at the bottom; at the top the failure headline,
 * the source line and the notices over the task's data.
 */
export const detailViews = {
  sections: detailSections,
  headline: failureHeadline,
  notices: taskNotices,
  source: sourceLine,
};
