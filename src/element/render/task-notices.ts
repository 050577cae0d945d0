import { html, nothing } from 'lit';
import type { PartContext } from './context.js';

/*
 * The notices over a task's data, in the detail sections' chunk: they need an answer, and a
 * full card or an opened row loads the chunk in parallel with it. (Status unavailable, which
 * shows without any answer, stays in the main file: `notices.ts`.)
 */

/** The workflow-level failure (the source could not be processed). */
export function workflowError(ctx: PartContext) {
  const e = ctx.task?.error;
  if (!e) return nothing;
  return html`<div class="error" part="error" role="alert">
    <span class="message"><strong>${ctx.strings.workflowError}</strong>: ${e.message || ''}</span
    ><span class="code">${e.code}</span>
  </div>`;
}

/** Over last-known data: offline, retrying (with a countdown), or degraded fields. */
export function connectionNotice(ctx: PartContext) {
  const snapshot = ctx.snapshot;
  if (!snapshot || ctx.state === 'error') return nothing;
  let text: string | null = null;
  if (snapshot.connection === 'paused' && snapshot.pauseReason === 'offline')
    text = ctx.strings.offline;
  else if (snapshot.connection === 'retrying' && snapshot.nextRetryAt == null)
    text = ctx.strings.reconnecting; // the stream brings the next answer by itself
  else if (snapshot.connection === 'retrying' && snapshot.nextRetryAt != null) {
    const left = snapshot.nextRetryAt - ctx.localNow;
    text =
      left >= 1000
        ? ctx.strings.retrying(ctx.format.span(left), snapshot.attempt)
        : ctx.strings.retryingNow;
  }
  const issues = ctx.task?.issues.length ?? 0;
  if (!text && !issues) return nothing;
  return html`${text ? html`<div class="notice" part="notice">${text}</div>` : nothing}
  ${issues ? html`<div class="notice" part="notice" title=${ctx.task!.issues.map((i) => `${i.path}: ${i.problem}`).join('\n')}>${ctx.strings.degraded(issues)}</div>` : nothing}`;
}

/** Both, in the card's order: the connection's state, then the source's failure. */
export function taskNotices(ctx: PartContext) {
  return html`${connectionNotice(ctx)} ${workflowError(ctx)}`;
}
