import { html, nothing } from 'lit';
import { taskDurations } from '../../core/durations.js';
import type { RenderContext } from './context.js';
import { cardBody } from './full.js';
import { badge } from './header.js';
import { etaMs, progressBar, shownPercent } from './progress.js';

const DETAILS_ID = 'details';
const BUTTON_ID = 'details-button';

/**
 * Closing with focus inside (Escape, or a click on another row's button): focus goes back to
 * this row's button, as a dialog's would — Chromium leaves it on the page body otherwise.
 */
function returnFocus(popover: HTMLElement): void {
  const root = popover.getRootNode() as ShadowRoot;
  if (popover.contains(root.activeElement)) root.getElementById(BUTTON_ID)?.focus();
}

/** The status cell: connection trouble, the error code, time left, time taken, or percent. */
function summary(ctx: RenderContext): string {
  const { strings, format, task } = ctx;
  if (ctx.stale) return strings.reconnecting;
  if (ctx.state === 'error') return ctx.snapshot?.error?.code ?? strings.state.error;
  const eta = etaMs(ctx);
  if (eta != null) return strings.etaLeft(format.span(eta));
  const total = task?.finishedAt != null ? taskDurations(task, ctx.serverNow).totalMs : null;
  const count = task?.outputs.length ? strings.outputCount(task.outputs.length) : null;
  if (total != null) return [format.span(total), count].filter(Boolean).join(' · ');
  const percent = shownPercent(ctx);
  return percent != null ? format.percent(percent) : '';
}

/**
 * The `compact` variant: one line for a table row, in fixed columns so that rows align; the full
 * card opens in a popover anchored under the row (Escape and a click outside close it, focus
 * returns to the button, and opening another row's closes this one: the Popover API's `auto`).
 */
export function compactView(ctx: RenderContext, open: boolean, onToggle: (open: boolean) => void) {
  const { strings } = ctx;
  const status = summary(ctx);
  return html`<div
      class="base compact ${ctx.stale ? 'stale' : ''}"
      part="base"
      data-state=${ctx.state}
      lang=${ctx.language}
    >
      ${badge(ctx)}
      ${ctx.state === 'error' ? html`<span class="track-space"></span>` : progressBar(ctx)}
      <span class="summary" title=${status}>${status}</span>
      <button
        type="button"
        id=${BUTTON_ID}
        part="expand-button"
        popovertarget=${DETAILS_ID}
        aria-expanded=${open ? 'true' : 'false'}
      >
        ${strings.details}
      </button>
    </div>
    <div
      id=${DETAILS_ID}
      popover="auto"
      class="base compact-details"
      part="details-popover"
      data-state=${ctx.state}
      lang=${ctx.language}
      @beforetoggle=${(e: ToggleEvent) => {
        if (e.newState === 'closed') returnFocus(e.target as HTMLElement);
        onToggle(e.newState === 'open');
      }}
    >
      ${open ? cardBody(ctx) : nothing}
    </div>`;
}
