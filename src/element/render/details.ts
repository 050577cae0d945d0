import { html, nothing } from 'lit';
import type { PartContext } from './context.js';
import { factList, outputsSection } from './outputs.js';
import { timingSection } from './timing.js';

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
