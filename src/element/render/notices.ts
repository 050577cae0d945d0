import { html, nothing } from 'lit';
import type { RenderContext } from './context.js';

/** The workflow-level failure (the source could not be processed). */
export function workflowError(ctx: RenderContext) {
  const e = ctx.task?.error;
  if (!e) return nothing;
  return html`<div class="error" part="error" role="alert">
    <span class="message"><strong>${ctx.strings.workflowError}</strong>: ${e.message || ''}</span
    ><span class="code">${e.code}</span>
  </div>`;
}

/** Status unavailable: a human message, the code, and a way to try again. */
export function errorNotice(ctx: RenderContext) {
  const e = ctx.snapshot?.error;
  if (ctx.state !== 'error' || !e) return nothing;
  const code = e.code ?? (e.status ? `HTTP ${e.status}` : e.kind);
  return html`<div class="error" part="error">
    <slot name="error">
      <span class="message">${ctx.strings.errors[e.kind] ?? e.message}</span>
      <span class="code" title=${e.message}>${code}</span>
    </slot>
    <button type="button" part="retry-button" @click=${ctx.retry}>${ctx.strings.retry}</button>
  </div>`;
}

/** Over last-known data: offline, retrying (with a countdown), or degraded fields. */
export function connectionNotice(ctx: RenderContext) {
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
