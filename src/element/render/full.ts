import { html, nothing } from 'lit';
import type { RenderContext } from './context.js';
import { header, sourceLine } from './header.js';
import { connectionNotice, errorNotice, workflowError } from './notices.js';
import { detailsPart, partContext } from './parts.js';
import { progressSection } from './progress.js';

/** The sections of the card, top to bottom; also the compact variant's details. */
export function cardBody(ctx: RenderContext) {
  const details = detailsPart.loaded?.view;
  return html`${header(ctx)} ${details?.headline(partContext(ctx)) ?? nothing}
  ${ctx.show.source ? sourceLine(ctx) : nothing} ${connectionNotice(ctx)} ${errorNotice(ctx)}
  ${workflowError(ctx)} ${progressSection(ctx)} ${details?.sections(partContext(ctx)) ?? nothing}`;
}

/** The `full` variant: the whole card. */
export function fullView(ctx: RenderContext) {
  return html`<div
    class="base ${ctx.stale ? 'stale' : ''}"
    part="base"
    data-state=${ctx.state}
    lang=${ctx.language}
  >
    ${cardBody(ctx)}
  </div>`;
}
