import { html, nothing } from 'lit';
import { cssProps } from './css-props.js';
import { taskDurations } from '../../core/durations.js';
import type { RenderContext } from './context.js';

/** Percent shown for the current state: the task's own figure, 100 when finished, else null. */
export function shownPercent(ctx: RenderContext): number | null {
  if (ctx.state === 'success' || ctx.state === 'failed' || ctx.state === 'partial') return 100;
  return ctx.task?.progress ?? null;
}

/**
 * Remaining time from the predicted finish, if it is still ahead, rounded up as an estimate
 * should be ("about 10 min", not "about 9 min 43 s"): whole minutes from two minutes out, tens of
 * seconds from twenty. The text then changes a few times a minute at most, so a table of rows
 * re-lays out nothing on most clock ticks.
 */
export function etaMs(ctx: RenderContext): number | null {
  const at = ctx.snapshot?.predictedFinishAt;
  if (at == null || ctx.state !== 'processing') return null;
  const left = Math.max(1000, at - ctx.localNow);
  const step = left >= 120_000 ? 60_000 : left >= 20_000 ? 10_000 : 1000;
  return Math.ceil(left / step) * step;
}

/**
 * The bar. `aria-valuenow` only when determinate (absent = indeterminate to assistive tech) and
 * an `aria-valuetext` that says the state too ("Processing, 42%").
 */
export function progressBar(ctx: RenderContext) {
  const pct = shownPercent(ctx);
  const determinate = pct != null;
  const label = ctx.strings.state[ctx.state];
  const valueText = ctx.strings.progressText(label, determinate ? ctx.format.percent(pct) : null);
  return html`<div
    class="track ${determinate ? '' : 'indeterminate'}"
    part="progress"
    role="progressbar"
    aria-label=${ctx.strings.progressLabel}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${determinate ? String(pct) : nothing}
    aria-valuetext=${valueText}
  >
    <div
      class="indicator"
      part="progress-indicator"
      ${cssProps(determinate ? { '--_value': `${pct}%` } : {})}
    ></div>
  </div>`;
}

/** The line under the bar: percent, ETA, elapsed or total. */
export function progressMeta(ctx: RenderContext) {
  const task = ctx.task;
  if (!task) return nothing;
  const pct = shownPercent(ctx);
  const eta = etaMs(ctx);
  const d = taskDurations(task, ctx.serverNow);
  const finished = task.status === 'FINISH';
  const running =
    ctx.state === 'processing' ? d.processingMs : ctx.state === 'waiting' ? d.queueMs : null;
  return html`<div class="progress-meta">
    ${pct != null && !finished ? html`<span class="percent">${ctx.format.percent(pct)}</span>` : nothing}
    ${eta != null ? html`<span part="eta">${ctx.strings.etaLeft(ctx.format.span(eta))}</span>` : nothing}
    ${running != null ? html`<span part="elapsed">${ctx.strings.elapsed(ctx.format.span(running))}</span>` : nothing}
    ${finished && d.totalMs != null ? html`<span>${ctx.strings.tookTotal(ctx.format.span(d.totalMs))}</span>` : nothing}
  </div>`;
}

export function progressSection(ctx: RenderContext) {
  if (!ctx.task && ctx.state !== 'loading') return nothing;
  return html`<div class="progress">${progressBar(ctx)}${progressMeta(ctx)}</div>`;
}
