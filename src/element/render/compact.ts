import { html, nothing } from 'lit';
import { taskDurations } from '../../core/durations.js';
import type { RenderContext } from './context.js';
import { cardBody } from './full.js';
import { badge } from './header.js';
import { etaMs, progressBar, shownPercent } from './progress.js';

const DETAILS_ID = 'details';

/** The one fact that fits a table cell: the error code, time left, time taken, or percent. */
function summary(ctx: RenderContext): string {
  const { strings, format, task } = ctx;
  if (ctx.state === 'error') return ctx.snapshot?.error?.code ?? strings.state.error;
  const eta = etaMs(ctx);
  if (eta != null) return strings.etaLeft(format.span(eta));
  const total = task?.finishedAt != null ? taskDurations(task, ctx.serverNow).totalMs : null;
  if (total != null) return format.span(total);
  const percent = shownPercent(ctx);
  return percent != null ? format.percent(percent) : '';
}

/** The `compact` variant: one line for a table row, the full card below it on demand. */
export function compactView(ctx: RenderContext, expanded: boolean, toggle: () => void) {
  const { strings, task } = ctx;
  return html`<div
      class="base compact ${ctx.stale ? 'stale' : ''}"
      part="base"
      data-state=${ctx.state}
      lang=${ctx.language}
    >
      ${badge(ctx)}
      ${ctx.state === 'error' ? html`<span class="track-space"></span>` : progressBar(ctx)}
      <span class="summary">${summary(ctx)}</span>
      ${
        task?.outputs.length
          ? html`<span class="summary">${strings.outputCount(task.outputs.length)}</span>`
          : nothing
      }
      <button
        type="button"
        part="expand-button"
        aria-expanded=${expanded ? 'true' : 'false'}
        aria-controls=${DETAILS_ID}
        @click=${toggle}
      >
        ${expanded ? strings.hideDetails : strings.details}
      </button>
    </div>
    <div id=${DETAILS_ID} class="base compact-details" ?hidden=${!expanded} data-state=${ctx.state}>
      ${expanded ? cardBody(ctx) : nothing}
    </div>`;
}
