import { html, nothing } from 'lit';
import type { RenderContext } from './context.js';

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
