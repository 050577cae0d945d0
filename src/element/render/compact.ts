import { css, html, nothing } from 'lit';
import { taskDurations } from '../../core/durations.js';
import type { PartContext } from './context.js';
import { badge } from './header.js';
import { etaMs, progressBar, shownPercent } from './progress.js';

export { enCompact } from '../i18n/en-compact.js';

/**
 * The compact view's own styles, adopted into a row's shadow root with its chunk (a card or an
 * end user's page never downloads them).
 */
export const compactStyles = css`
  /* A table of spinning rows is noise, and each spinner is a layer to composite on every frame:
     rows show activity through their bar. */
  .compact .spin {
    animation: none;
  }
  /* A queued row is not progress: an empty track, no moving bar (the badge says it waits). */
  .compact[data-state='waiting'] .indicator {
    visibility: hidden;
  }
  /* Fixed columns (badge · bar · status text · action), so the bars of a column of rows start
     and end at the same x whatever their text. */
  .compact {
    display: grid;
    grid-template-columns:
      var(--_badge-column, 10.5em) minmax(3em, 1fr) var(--_text-column, 12em)
      auto;
    align-items: center;
    gap: 10px;
    padding: 6px 10px;
    anchor-name: --mps-row;
  }
  .compact .badge {
    justify-self: start;
    max-width: 100%;
  }
  /* The label, not the inline-flex badge, carries the ellipsis (a flex container ignores it). */
  .compact .badge > span {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .compact .track {
    height: 6px;
  }
  /* A phone: badge, text and button on one line, the bar under them (no sideways scroll). */
  @media (max-width: 500px) {
    .compact {
      grid-template-columns: auto minmax(0, 1fr) auto;
      row-gap: 6px;
    }
    .compact .track,
    .compact .track-space {
      grid-area: 2 / 1 / 3 / -1;
    }
  }
  .compact .summary {
    color: var(--_muted);
    font-size: 13px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    font-variant-numeric: tabular-nums;
  }
  /* The details of a row: a popover anchored under it (top layer: the table does not move). */
  .compact-details {
    inset: auto;
    margin: 4px 0;
    position-anchor: --mps-row;
    position-area: bottom span-right;
    position-try-fallbacks: flip-block;
    width: min(40rem, calc(100vw - 16px));
    max-height: min(70vh, 40rem);
    overflow: auto;
    /* The browser's popover style sets CanvasText; the theme's text colour wins. */
    color: var(--_text);
    box-shadow: 0 8px 24px rgb(0 0 0 / 18%);
  }
  .close {
    position: absolute;
    top: 8px;
    right: 8px;
  }
  .compact-details .header {
    padding-right: 28px;
  }
  /* .base sets display: grid, which would beat the browser's hiding of a closed popover. */
  .compact-details:not(:popover-open) {
    display: none;
  }
`;

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

/**
 * The status cell and its tooltip: connection trouble, the error code, what failed (the reason
 * in the tooltip), time left, time taken, or percent.
 */
function summary(ctx: PartContext): [text: string, tooltip: string] {
  const { strings, format, task } = ctx;
  if (ctx.stale) return [strings.reconnecting, strings.reconnecting];
  const error = ctx.snapshot?.error;
  if (ctx.state === 'error') return [error?.code ?? strings.state.error, error?.message ?? ''];
  const eta = etaMs(ctx);
  if (eta != null) return [strings.etaLeft(format.span(eta)), ''];
  const failed = task?.subtasks.filter((s) => s.error) ?? [];
  const reason = task?.error ?? failed[0]?.error;
  const tooltip = reason ? [reason.code, reason.message].filter(Boolean).join(': ') : '';
  // What failed comes first: "1 failed · 2 sec"; a success: "2 sec · 3 outputs".
  const what = task?.error?.code ?? (failed.length ? strings.failedCount(failed.length) : null);
  const total = task?.finishedAt != null ? taskDurations(task, ctx.serverNow).totalMs : null;
  const count = task?.outputs.length ? strings.outputCount(task.outputs.length) : null;
  if (total != null)
    return [[what, format.span(total), what ? null : count].filter(Boolean).join(' · '), tooltip];
  const percent = shownPercent(ctx);
  return [percent != null ? format.percent(percent) : '', tooltip];
}

/**
 * The popover's card: titled by what the row is about (the source file's name, unless the page
 * slots a title), with a close button for those who do not know Escape or a click outside (it
 * toggles the open popover: closed).
 */
function popoverBody(ctx: PartContext, card: (ctx: PartContext) => unknown) {
  const location = ctx.task?.source?.location?.split(/[?#]/)[0];
  const file = location?.slice(location.lastIndexOf('/') + 1);
  return html`<button
      type="button"
      class="icon-button close"
      part="close-button"
      popovertarget=${DETAILS_ID}
      aria-label=${ctx.strings.close}
    >
      <span aria-hidden="true">×</span></button
    >${card(file ? { ...ctx, strings: { ...ctx.strings, title: file } } : ctx)}`;
}

/**
 * The `compact` variant (a chunk of its own, see `parts.ts`): one line for a table row, in fixed columns so that rows align; the full
 * card opens in a popover anchored under the row (Escape and a click outside close it, focus
 * returns to the button, and opening another row's closes this one: the Popover API's `auto`).
 */
export function compactView(
  ctx: PartContext,
  open: boolean,
  onToggle: (open: boolean) => void,
  /** The row's full card, for its popover (the main file's `cardBody`). */
  card: (ctx: PartContext) => unknown,
) {
  const { strings } = ctx;
  const [status, tooltip] = summary(ctx);
  return html`<div
      class="base compact ${ctx.stale ? 'stale' : ''}"
      part="base"
      data-state=${ctx.state}
      lang=${ctx.language}
    >
      ${badge(ctx, strings.stateShort[ctx.state])}
      ${ctx.state === 'error' ? html`<span class="track-space"></span>` : progressBar(ctx)}
      <span class="summary" title=${tooltip || status}>${status}</span>
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
      ${open ? popoverBody(ctx, card) : nothing}
    </div>`;
}
