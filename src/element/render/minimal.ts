import { html, nothing } from 'lit';
import { taskDurations } from '../../core/durations.js';
import type { PartContext } from './context.js';
import { badgeIcon } from './header.js';
import { etaMs, progressBar, shownPercent } from './progress.js';
import type { notifyControl, NotifyHost } from './notify.js';
import { LazyPart } from './lazy-part.js';
import { minimalStyles } from './minimal.styles.js';
import { copyButton } from './pieces.js';

export { enMinimal } from '../i18n/en-minimal.js';
export { minimalStyles } from './minimal.styles.js';

/** The `notify` control: a chunk of its own, loaded only where the page sets `notify`. */
const notifyPart = new LazyPart<typeof notifyControl>(() =>
  import('./notify.js').then((m) => ({
    view: m.notifyControl,
    styles: minimalStyles,
    strings: m.enNotify,
  })),
);

/** "Notify me when it's ready" while the task runs, once its chunk is in. */
function notifyWhileRunning(ctx: PartContext, host: NotifyHost) {
  if (!host.notify || (ctx.state !== 'waiting' && ctx.state !== 'processing')) return nothing;
  const control = notifyPart.loaded?.view;
  if (!control) void notifyPart.load().then(() => host.requestUpdate());
  return control?.(ctx, host, html) ?? nothing;
}

/** Ready to use: success, or a partial success whose main file exists ("extras" failed). */
const ready = (ctx: PartContext) =>
  ctx.state === 'success' || (ctx.state === 'partial' && !!ctx.task?.primaryOutput);

/** The line under the headline: how far and how long, or what to do now. */
function detail(ctx: PartContext): string | null {
  const { strings, format, task } = ctx;
  const m = strings.minimal;
  switch (ctx.state) {
    case 'waiting':
      return m.waitingDetail;
    case 'processing': {
      const percent = shownPercent(ctx);
      const eta = etaMs(ctx);
      const parts = [
        percent != null ? format.percent(percent) : null,
        eta != null ? strings.etaLeft(format.span(eta)) : null,
      ].filter(Boolean);
      return parts.length ? parts.join(' · ') : m.processingDetail;
    }
    case 'success': {
      const total = task ? taskDurations(task, ctx.serverNow).totalMs : null;
      return total != null ? strings.tookTotal(format.span(total)) : null;
    }
    case 'partial':
      return ready(ctx) ? m.extrasFailed : m.partialDetail;
    case 'failed':
      return m.failedDetail;
    case 'error':
      return m.errorDetail;
    default:
      return null;
  }
}

/**
 * When ready: a preview from the task's own images (its cover, else its first snapshot) when the
 * page's `output-url` resolves it, and the page's `ready` slot, by default a link to the primary
 * output (http(s) only; an MP4 before an HLS playlist, which not every browser plays).
 */
function callToAction(ctx: PartContext) {
  if (!ready(ctx)) return nothing;
  const images = ctx.task!.outputs.filter((o) => o.kind === 'image');
  const image = images.find((o) => o.subtaskType === 'CoverBySnapshot') ?? images[0];
  const src = image && ctx.urlFor(image, image.path ?? image.imagePaths[0]);
  const primary = ctx.task?.primaryOutput;
  const href = primary ? ctx.urlFor(primary) : null;
  const label =
    primary?.kind === 'video' || primary?.kind === 'stream'
      ? ctx.strings.minimal.watch
      : ctx.strings.minimal.download;
  return html`${src ? html`<img class="preview" part="preview" src=${src} alt="" />` : nothing}<slot
      name="ready"
      >${href ? html`<a class="cta" part="ready-link" href=${href}>${label}</a>` : nothing}</slot
    >`;
}

/** The code behind a failure: the task's (or a failed step's), or the status request's. */
function failureCode(ctx: PartContext): string | null {
  if (ctx.state === 'failed')
    return ctx.task?.error?.code ?? ctx.task?.subtasks.find((s) => s.error)?.error?.code ?? null;
  const e = ctx.state === 'error' ? ctx.snapshot?.error : null;
  return e ? (e.code ?? (e.status ? `HTTP ${e.status}` : e.kind)) : null;
}

/** The code of a failure, only when the reader asks for it ("Technical details"). */
function technicalDetails(ctx: PartContext, shown: boolean, toggle: () => void) {
  const code = failureCode(ctx);
  if (!code) return nothing;
  return html`<div class="technical">
    <button
      type="button"
      part="technical-button"
      aria-expanded=${shown ? 'true' : 'false'}
      @click=${toggle}
    >
      ${ctx.strings.minimal.technical}
    </button>
    ${shown ? html`<span class="code" part="error-code">${code}</span> ${supportReference(ctx)}` : nothing}
  </div>`;
}

/** What to quote to support: the task id and the request id, with a copy button. */
function supportReference(ctx: PartContext) {
  const reference = [ctx.taskId, ctx.task?.requestId].filter(Boolean).join(' · ');
  return html`<span part="support-reference"
    >${ctx.strings.minimal.reference}
    <span class="code">${reference}</span
    >${copyButton(ctx, reference, 'reference', ctx.strings.minimal.copyReference)}</span
  >`;
}

/**
 * The `minimal` variant, for end users waiting for their file: a friendly headline per state,
 * one bar, the time left, and a call to action when it is ready. No ids, templates, paths or
 * error codes (a failure's code only on request).
 */
export function minimalView(
  ctx: PartContext,
  technical: boolean,
  toggleTechnical: () => void,
  host: NotifyHost,
) {
  const text = detail(ctx);
  const running = ctx.state === 'waiting' || ctx.state === 'processing' || ctx.state === 'loading';
  const notice = ctx.stale
    ? ctx.snapshot?.connection === 'retrying'
      ? ctx.strings.retryingNow
      : ctx.strings.offline
    : null;
  return html`<div
    class="base minimal ${ctx.stale ? 'stale' : ''}"
    part="base"
    data-state=${ctx.state}
    lang=${ctx.language}
  >
    <div class="headline" part="headline">
      ${badgeIcon(ctx)}<span>${ctx.strings.minimal[ready(ctx) ? 'success' : ctx.state]}</span>
    </div>
    ${running ? progressBar(ctx) : nothing}
    ${text ? html`<div class="detail" part="detail">${text}</div>` : nothing}
    ${notifyWhileRunning(ctx, host)}
    ${notice ? html`<div class="notice" part="notice">${notice}</div>` : nothing}
    ${callToAction(ctx)} ${technicalDetails(ctx, technical, toggleTechnical)}
    ${
      ctx.state === 'error'
        ? html`<button type="button" part="retry-button" @click=${ctx.retry}>
            ${ctx.strings.retry}
          </button>`
        : nothing
    }
  </div>`;
}
