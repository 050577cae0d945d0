import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { TaskSnapshot } from '../core/watcher.js';
import type { TaskFetcher, RequestMethod } from '../core/request.js';
import type { OutputView } from '../core/view.js';
import {
  MpsTaskErrorEvent,
  MpsTaskFinishEvent,
  MpsTaskStateChangeEvent,
  MpsTaskUpdateEvent,
} from './events.js';
import { formatterFor } from './format.js';
import { hostState, isStale, type HostState } from './host-state.js';
import { mergeStrings, stringsFor, type DeepPartial, type Strings } from './i18n/index.js';
import { expandOutputUrl, safeHttpUrl, type OutputUrlResolver } from './output-url.js';
import type { RenderContext } from './render/context.js';
import { header, sourceLine, badge } from './render/header.js';
import { connectionNotice, statusError, workflowError } from './render/notices.js';
import { outputsSection } from './render/outputs.js';
import { etaMs, progressBar, progressSection, shownPercent } from './render/progress.js';
import { timingSection } from './render/timing.js';
import { styles } from './mps-task-status.styles.js';
import { TaskController } from './task-controller.js';
import { onTick } from './ticker.js';

const MILESTONES = [25, 50, 75];

/**
 * Follows one Tencent Cloud MPS task through the page owner's backend and shows its state,
 * progress, timing and outputs.
 *
 * @tagname mps-task-status
 * @summary Status, progress, timing and outputs of a Tencent Cloud MPS task.
 *
 * @fires {MpsTaskUpdateEvent} mps-task-update - Shown data changed. `detail.snapshot`.
 * @fires {MpsTaskStateChangeEvent} mps-task-state-change - The host `state` changed. `detail.state`, `detail.previous`.
 * @fires {MpsTaskFinishEvent} mps-task-finish - The task finished (once per task). `detail.outcome` (`success`|`failed`|`partial`), `detail.snapshot`.
 * @fires {MpsTaskErrorEvent} mps-task-error - A status request failed. `detail.error` (kind, code, status, message), `detail.willRetry`.
 *
 * @slot title - Replaces the default title ("Media processing task").
 * @slot actions - The page's own buttons, in the header.
 * @slot empty - Shown when no `task-id` is set.
 * @slot error - Replaces the message of the error state (the Retry button stays).
 * @slot icon-waiting - Icon for the waiting state.
 * @slot icon-processing - Icon for the processing and loading states.
 * @slot icon-success - Icon for the success state.
 * @slot icon-failed - Icon for the failed, partial and error states.
 *
 * @csspart base - The card.
 * @csspart header - Title, badge and actions row.
 * @csspart title - The title block (title and task id).
 * @csspart badge - The status badge.
 * @csspart actions - Wrapper of the `actions` slot.
 * @csspart source - The source line.
 * @csspart source-path - The source object or URL.
 * @csspart progress - The progress bar track (`role="progressbar"`).
 * @csspart progress-indicator - The filled part of the bar.
 * @csspart eta - The "about 2 min left" text.
 * @csspart elapsed - The running elapsed time.
 * @csspart timing - The timing section.
 * @csspart timeline - The waterfall list.
 * @csspart outputs - The outputs section.
 * @csspart output-group - One subtask with its outputs.
 * @csspart output - One output row.
 * @csspart output-link - An output path rendered as a link.
 * @csspart path - An output path rendered as text.
 * @csspart subtask-error - A failed subtask's code and message.
 * @csspart copy-button - Copy buttons (task id, paths).
 * @csspart error - Error boxes (task failure, status unavailable).
 * @csspart retry-button - The Retry button of the error state.
 * @csspart notice - Offline, retrying and degraded-data notices.
 * @csspart expand-button - The details toggle of the compact variant.
 * @csspart empty - The no-task placeholder.
 *
 * @cssproperty [--mps-task-status-accent=#0052d9] - Progress, links, focus ring (dark: #7fb0ff).
 * @cssproperty [--mps-task-status-success=#0b6b34] - Success badge and bar (dark: #5fd38d).
 * @cssproperty [--mps-task-status-warning=#8a5300] - Partial state and notices (dark: #f2b65a).
 * @cssproperty [--mps-task-status-danger=#b42318] - Failure and error (dark: #ff8a80).
 * @cssproperty [--mps-task-status-text=#1f2329] - Main text (dark: #e8eaed).
 * @cssproperty [--mps-task-status-muted=#545b66] - Secondary text (dark: #a9b0bb).
 * @cssproperty [--mps-task-status-surface=#ffffff] - Card background (dark: #1c1f24).
 * @cssproperty [--mps-task-status-subtle=#f3f5f8] - Tracks and group headers (dark: #262a31).
 * @cssproperty [--mps-task-status-border=#d9dde3] - Borders (dark: #3a3f47).
 * @cssproperty [--mps-task-status-font=system-ui] - Font family.
 * @cssproperty [--mps-task-status-radius=10px] - Corner radius of the card.
 * @cssproperty [--mps-task-status-spacing=12px] - Padding and gaps.
 * @cssproperty [--mps-task-status-bar-height=8px] - Height of the progress bar.
 */
export class MpsTaskStatus extends LitElement {
  static override styles = styles;

  /** The MPS task id to follow. Empty shows the `empty` slot. */
  @property({ attribute: 'task-id' }) taskId = '';

  /** The backend URL: absolute or relative; `{taskId}` is replaced, else `?TaskId=` is added (GET). */
  @property() endpoint = '';

  /** `GET` (default) or `POST` with body `{"TaskId": "..."}`. */
  @property() method: RequestMethod = 'GET';

  /** Shortest poll interval in ms (default 1000). */
  @property({ type: Number }) interval = 1000;

  /** Longest poll interval in ms (default 15000). */
  @property({ type: Number, attribute: 'max-interval' }) maxInterval = 15000;

  /** Keep polling while the page is hidden. */
  @property({ type: Boolean, attribute: 'poll-in-background' }) pollInBackground = false;

  /** `en` or `zh-CN` (any `zh*`); default: the nearest `lang` attribute, then the browser's language. */
  @property() locale = '';

  /** `full` (default) or `compact` (one line for a table cell, details on demand). */
  @property({ reflect: true }) variant: 'full' | 'compact' = 'full';

  /** `auto` (default, follows `prefers-color-scheme`), `light` or `dark`. */
  @property({ reflect: true }) theme: 'auto' | 'light' | 'dark' = 'auto';

  /** Hide the timing section. */
  @property({ type: Boolean, attribute: 'no-timing' }) noTiming = false;

  /** Hide the outputs section. */
  @property({ type: Boolean, attribute: 'no-outputs' }) noOutputs = false;

  /** Hide the source line. */
  @property({ type: Boolean, attribute: 'no-source' }) noSource = false;

  /** Template turning an output into a link: `{bucket}`, `{region}`, `{storage}`, `{path}`. Only http(s) results become links. */
  @property({ attribute: 'output-url' }) outputUrl = '';

  /** Replaces HTTP entirely: `(taskId, {signal}) => Promise<body>`. */
  @property({ attribute: false }) fetcher?: TaskFetcher;

  /** Merged into every request (headers, credentials, mode). */
  @property({ attribute: false }) requestInit?: RequestInit;

  /** Turns an output into a URL; wins over `output-url`. Only http(s) results become links. */
  @property({ attribute: false }) resolveOutputUrl?: OutputUrlResolver;

  /** Overrides any built-in text (deep-merged over the language's strings). */
  @property({ attribute: false }) strings?: DeepPartial<Strings>;

  /** Host state, reflected as the `state` attribute (and a CSS custom state). */
  @state() private hostStateValue: HostState = 'idle';
  @state() private expanded = false;
  @state() private copiedKey: string | null = null;
  @state() private announcement = '';

  private readonly controller = new TaskController(this, () =>
    (this.taskId && this.endpoint) || (this.taskId && this.fetcher)
      ? {
          endpoint: this.endpoint,
          taskId: this.taskId,
          method: this.method === 'POST' ? 'POST' : 'GET',
          fetcher: this.fetcher,
          requestInit: this.requestInit,
          minInterval: this.interval,
          maxInterval: this.maxInterval,
          pollInBackground: this.pollInBackground,
        }
      : null,
  );
  private readonly internals: ElementInternals | null = (() => {
    try {
      return this.attachInternals();
    } catch {
      return null;
    }
  })();
  private stopTicking: (() => void) | null = null;
  private lastTask: unknown = null;
  private lastError: unknown = null;
  private lastPercentMilestone = 0;
  private finishedFor = '';
  private copyTimer: ReturnType<typeof setTimeout> | undefined;

  /** The current snapshot from the core (read-only): connection, task view, error. */
  get snapshot(): TaskSnapshot | null {
    return this.controller.snapshot;
  }

  /** Asks for the status now; restarts after an error. */
  refresh(): void {
    this.controller.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTicking?.();
    this.stopTicking = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('taskId') || changed.has('endpoint')) {
      this.announcement = '';
      this.lastPercentMilestone = 0;
      this.expanded = false;
    }
    this.resolveLanguage();
    this.controller.sync();
    const snap = this.controller.snapshot;
    const next = hostState(this.taskId, snap);
    // Only running clocks need the shared 1 Hz ticker.
    const ticking = next === 'waiting' || next === 'processing' || snap?.connection === 'retrying';
    if (ticking && !this.stopTicking) this.stopTicking = onTick(() => this.requestUpdate());
    if (!ticking && this.stopTicking) {
      this.stopTicking();
      this.stopTicking = null;
    }
    if (next !== this.hostStateValue) {
      this.announceState(next);
      this.hostStateValue = next;
    }
    this.announceProgress(snap);
  }

  protected override updated(): void {
    const snap = this.controller.snapshot;
    const state = this.hostStateValue;
    const attr = this.getAttribute('state') as HostState | null;
    if (attr !== state) {
      this.setAttribute('state', state);
      if (attr) this.toggleCustomState(attr, false);
      this.toggleCustomState(state, true);
      const previous = attr ?? 'idle';
      if (previous !== state) this.dispatchEvent(new MpsTaskStateChangeEvent({ state, previous }));
    }
    const stale = isStale(snap);
    this.toggleAttribute('stale', stale);
    this.toggleCustomState('stale', stale);
    if (!snap) return;
    if (snap.task && snap.task !== this.lastTask) {
      this.lastTask = snap.task;
      this.dispatchEvent(new MpsTaskUpdateEvent({ snapshot: snap }));
    }
    if (snap.error && snap.error !== this.lastError) {
      this.lastError = snap.error;
      const willRetry = snap.connection === 'retrying' || snap.connection === 'paused';
      this.dispatchEvent(new MpsTaskErrorEvent({ error: snap.error, willRetry }));
    }
    const outcome = snap.task?.outcome;
    if (
      snap.task?.status === 'FINISH' &&
      outcome &&
      outcome !== 'pending' &&
      this.finishedFor !== snap.taskId
    ) {
      this.finishedFor = snap.taskId;
      this.dispatchEvent(new MpsTaskFinishEvent({ outcome, snapshot: snap }));
    }
  }

  /** `:state(name)` where the browser supports CSS custom states; a no-op elsewhere. */
  private toggleCustomState(name: string, on: boolean): void {
    try {
      if (on) this.internals?.states?.add(name);
      else this.internals?.states?.delete(name);
    } catch {
      /* CSS custom states unsupported */
    }
  }

  /** Polite announcements: state changes only (never each poll). */
  private announceState(next: HostState): void {
    if (next === 'idle' || next === 'loading') return;
    this.announcement = this.resolvedStrings().announce[next] ?? '';
  }

  /** And 25/50/75 %, once each. */
  private announceProgress(snap: TaskSnapshot | null): void {
    const p = snap?.task?.status === 'PROCESSING' ? snap.task.progress : null;
    if (p == null) return;
    const crossed = MILESTONES.filter((m) => p >= m && m > this.lastPercentMilestone).pop();
    if (crossed) {
      this.lastPercentMilestone = crossed;
      this.announcement = this.resolvedStrings().announcePercent(this.fmt().percent(crossed));
    }
  }

  /** Locale and strings for this update: resolved once in willUpdate, merged only when they change. */
  private language = 'en';
  private merged: { language: string; overrides: unknown; strings: Strings } | null = null;

  private resolveLanguage(): void {
    const lang =
      this.locale ||
      this.closest('[lang]')?.getAttribute('lang') ||
      globalThis.navigator?.language ||
      'en';
    this.language = /^zh\b/i.test(lang) ? 'zh-CN' : lang;
  }

  private fmt() {
    return formatterFor(this.language);
  }

  private resolvedStrings(): Strings {
    const m = this.merged;
    if (m && m.language === this.language && m.overrides === this.strings) return m.strings;
    const strings = mergeStrings(stringsFor(this.language), this.strings);
    this.merged = { language: this.language, overrides: this.strings, strings };
    return strings;
  }

  private urlFor = (output: OutputView, path?: string | null): string | null => {
    const target = path ? { ...output, path } : output;
    const raw = this.resolveOutputUrl
      ? this.resolveOutputUrl(target)
      : this.outputUrl
        ? expandOutputUrl(this.outputUrl, target)
        : null;
    return safeHttpUrl(raw);
  };

  private copy = (text: string, key: string): void => {
    navigator.clipboard?.writeText(text).catch(() => {
      /* permission denied: nothing to undo */
    });
    this.copiedKey = key;
    clearTimeout(this.copyTimer);
    this.copyTimer = setTimeout(() => (this.copiedKey = null), 1500);
  };

  private context(): RenderContext {
    const snap = this.controller.snapshot;
    const localNow = Date.now();
    return {
      snap,
      task: snap?.task ?? null,
      state: this.hostStateValue,
      stale: isStale(snap),
      s: this.resolvedStrings(),
      f: this.fmt(),
      localNow,
      serverNow: localNow + (snap?.serverOffsetMs ?? 0),
      urlFor: this.urlFor,
      copy: this.copy,
      copiedKey: this.copiedKey,
    };
  }

  protected override render() {
    const live = html`<div class="sr-only" role="status" aria-live="polite">
      ${this.announcement}
    </div>`;
    if (!this.taskId) {
      return html`<div class="base" part="base" data-state="idle">
          <slot name="empty"><span part="empty">${this.resolvedStrings().noTask}</span></slot>
        </div>
        ${live}`;
    }
    const ctx = this.context();
    if (this.variant === 'compact') return html`${this.renderCompact(ctx)}${live}`;
    return html`<div
        class="base ${ctx.stale ? 'stale' : ''}"
        part="base"
        data-state=${ctx.state}
        lang=${this.language}
      >
        ${this.renderBody(ctx)}
      </div>
      ${live}`;
  }

  private renderBody(ctx: RenderContext) {
    return html`${header(ctx, this.taskId)} ${this.noSource ? nothing : sourceLine(ctx)}
    ${connectionNotice(ctx)} ${statusError(ctx, () => this.refresh())} ${workflowError(ctx)}
    ${progressSection(ctx)} ${this.noTiming ? nothing : timingSection(ctx)}
    ${this.noOutputs ? nothing : outputsSection(ctx)}`;
  }

  private renderCompact(ctx: RenderContext) {
    const pct = shownPercent(ctx);
    const eta = etaMs(ctx);
    const task = ctx.task;
    const total =
      task?.finishedAt != null && task.createdAt != null ? task.finishedAt - task.createdAt : null;
    const summary =
      ctx.state === 'error'
        ? (ctx.snap?.error?.code ?? ctx.s.state.error)
        : eta != null
          ? ctx.s.etaLeft(ctx.f.span(eta))
          : total != null
            ? ctx.f.span(total)
            : pct != null
              ? ctx.f.percent(pct)
              : '';
    const detailsId = 'details';
    return html`<div
        class="base compact ${ctx.stale ? 'stale' : ''}"
        part="base"
        data-state=${ctx.state}
        lang=${this.language}
      >
        ${badge(ctx)}
        ${ctx.state === 'error' ? html`<span class="track-space"></span>` : progressBar(ctx)}
        <span class="summary">${summary}</span>
        ${task?.outputs.length ? html`<span class="summary">${ctx.s.outputCount(task.outputs.length)}</span>` : nothing}
        <button
          type="button"
          part="expand-button"
          aria-expanded=${this.expanded ? 'true' : 'false'}
          aria-controls=${detailsId}
          @click=${() => (this.expanded = !this.expanded)}
        >
          ${this.expanded ? ctx.s.hideDetails : ctx.s.details}
        </button>
      </div>
      <div
        id=${detailsId}
        class="base compact-details"
        ?hidden=${!this.expanded}
        data-state=${ctx.state}
      >
        ${this.expanded ? this.renderBody(ctx) : nothing}
      </div>`;
  }
}
