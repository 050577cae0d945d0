import { html, nothing } from 'lit';
import type { PartContext } from './context.js';
import { joinFacts, maybe, pathText } from './pieces.js';

/**
 * The source in one line: object or URL, duration, resolution, codec. In the detail sections'
 * chunk: it needs an answer, and a full card loads the chunk in parallel with it.
 */
export function sourceLine(ctx: PartContext) {
  const src = ctx.task?.source;
  if (!src || (!src.location && src.duration == null)) return nothing;
  const facts = joinFacts([
    maybe(src.duration, ctx.format.clock),
    src.width && src.height ? `${src.width}×${src.height}` : null,
    src.videoCodec,
    maybe(src.size, ctx.format.bytes),
  ]);
  return html`<div class="source" part="source">
    <span>${ctx.strings.source}:</span>
    ${src.location ? pathText(src.location, null, 'source-path') : nothing}
    ${facts ? html`<span>${facts}</span>` : nothing}
  </div>`;
}
