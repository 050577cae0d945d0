import { html, nothing } from 'lit';
import type { RenderContext } from './context.js';
import { header } from './header.js';
import { errorNotice } from './notices.js';
import { detailsPart, partContext } from './parts.js';
import { progressSection } from './progress.js';

/** The sections of the card, top to bottom; also the compact variant's details. */
export function cardBody(ctx: RenderContext) {
  const details = detailsPart.loaded?.view;
  // What reads the answer's data in depth comes with the detail sections' chunk.
  const part = details && partContext(ctx);
  return html`${header(ctx)} ${part ? details.headline(part) : nothing}
  ${part && ctx.show.source ? details.source(part) : nothing} ${errorNotice(ctx)}
  ${part ? details.notices(part) : nothing} ${progressSection(ctx)}
  ${part ? details.sections(part) : nothing}`;
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
