import {
  LitElement,
  html,
  nothing,
  type CSSResultGroup,
  type PropertyDeclarations,
  type PropertyValues,
} from 'lit';
import type { FetchResult } from '../core/request.js';
import type { TaskFetcher, RequestMethod } from '../core/request.js';
import type { TransportMode } from '../core/transport.js';
import type { OutputView } from '../core/view.js';
import type { TaskSnapshot, TaskWatcherOptions } from '../core/watcher.js';
import { AnnouncerController } from './controllers/announcer-controller.js';
import { ClockController } from './controllers/clock-controller.js';
import { CopyController } from './controllers/copy-controller.js';
import { HostStateController } from './controllers/host-state-controller.js';
import { LocaleController } from './controllers/locale-controller.js';
import { LazyPartController } from './controllers/lazy-part-controller.js';
import {
  hostState,
  isStale,
  showsRunningClock,
  type HostState,
  type HostView,
} from './host-state.js';
import type { StringOverrides } from './i18n/index.js';
import { expandOutputUrl, safeHttpUrl, type OutputUrlResolver } from './output-url.js';
import type { RenderContext } from './render/context.js';
import { cardBody, fullView } from './render/full.js';
import { compactPart, detailsPart, minimalPart, partContext } from './render/parts.js';
import { styles } from './mps-task-status.styles.js';
import { TaskController } from './task-controller.js';

/** Steps per page of the timing and outputs lists. */
const LIST_PAGE = 50;
/** States a server-rendered or CDN-drawn widget can show before the element has its own. */
const DRAWN_STATES: HostState[] = ['waiting', 'processing', 'success', 'failed', 'partial'];
/**
 * Follows one Tencent Cloud MPS task through the page owner's backend and shows its state,
 * progress, timing and outputs.
 *
 * @tagname mps-task-status
 * @summary Status, progress, timing and outputs of a Tencent Cloud MPS task.
 *
 * @attr {'idle' | 'loading' | 'waiting' | 'processing' | 'success' | 'failed' | 'partial' | 'error'} state - Read-only: what the widget shows, reflected for page CSS (`mps-task-status[state='failed']`) and as a custom state (`:state(failed)`).
 * @attr {boolean} stale - Read-only: present while the data shown may be out of date (its requests are failing and being retried, or the browser is offline).
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
 * @slot ready - `minimal` variant, when ready: the call to action (default: a link to the primary output, when `output-url` or `resolveOutputUrl` gives it a safe http(s) URL).
 *
 * @csspart base - The card.
 * @csspart header - Title, badge and actions row.
 * @csspart title - The title block (title and task id).
 * @csspart badge - The status badge.
 * @csspart failure-headline - A failed or partial card: the first failed step, its reason, and how many steps failed.
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
 * @csspart findings - What a step found (quality score and problems, review suggestion, labels, text, watermark).
 * @csspart copy-button - Copy buttons (task id, paths).
 * @csspart error - Error boxes (task failure, status unavailable).
 * @csspart retry-button - The Retry button of the error state.
 * @csspart notice - Offline, retrying and degraded-data notices.
 * @csspart expand-button - `compact` variant: the button that opens the row's details.
 * @csspart details-popover - `compact` variant: the popover with the row's full card.
 * @csspart close-button - `compact` variant: the popover's close button.
 * @csspart show-more-button - "Show more" under the timing and outputs lists of a task with more than 50 steps.
 * @csspart empty - The no-task placeholder.
 * @csspart headline - `minimal` variant: the headline of the current state.
 * @csspart detail - `minimal` variant: the line under the headline (percent and time left, or what to do).
 * @csspart ready-link - `minimal` variant: the default call to action when ready.
 * @csspart preview - `minimal` variant: the task's cover when ready.
 * @csspart technical-button - `minimal` variant: reveals a failure's code on request.
 * @csspart error-code - `minimal` variant: the failure's code, once revealed.
 * @csspart support-reference - `minimal` variant: the ids to quote to support, once revealed.
 * @csspart notify-button - `minimal` variant with `notify`: "Notify me when it's ready" (`aria-pressed`).
 * @csspart notify-blocked - `minimal` variant with `notify`: the browser blocks this site's notifications.
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
 * @cssproperty [--mps-task-status-row-height=38px] - A compact row's height before it renders.
 */
export class MpsTaskStatus extends LitElement {
  static override styles: CSSResultGroup = styles;
  // Declared here rather than with decorators: Lit's decorator code weighs 0.3 kB in the main file.
  static override properties: PropertyDeclarations = {
    taskId: { attribute: 'task-id' },
    endpoint: {},
    method: {},
    interval: { type: Number },
    maxInterval: { type: Number, attribute: 'max-interval' },
    offscreenInterval: { type: Number, attribute: 'offscreen-interval' },
    pollInBackground: { type: Boolean, attribute: 'poll-in-background' },
    transport: {},
    eventsEndpoint: { attribute: 'events-endpoint' },
    locale: {},
    variant: { reflect: true },
    theme: { reflect: true },
    headingLevel: { type: Number, attribute: 'heading-level' },
    noTiming: { type: Boolean, attribute: 'no-timing' },
    noOutputs: { type: Boolean, attribute: 'no-outputs' },
    noSource: { type: Boolean, attribute: 'no-source' },
    outputUrl: { attribute: 'output-url' },
    fetcher: { attribute: false },
    requestInit: { attribute: false },
    resolveOutputUrl: { attribute: false },
    notify: { type: Boolean },
    strings: { attribute: false },
    expanded: { state: true },
    technical: { state: true },
    listLimit: { state: true },
  };

  /** The MPS task id to follow. Empty shows the `empty` slot. */
  taskId = '';

  /** The backend URL: absolute or relative; `{taskId}` is replaced, else `?TaskId=` is added (GET). */
  endpoint = '';

  /** `GET` (default) or `POST` with body `{"TaskId": "..."}`. */
  method: RequestMethod = 'GET';

  /** Shortest poll interval in ms (default 1000, at least 100; what is not a number: the default). */
  interval = 1000;

  /** Longest poll interval in ms (default 15000; what is not a number: the default). */
  maxInterval = 15000;

  /**
   * Shortest poll interval in ms while the widget is off screen (default 60000): rows far down a
   * long table are asked less often, and at once when they scroll near the view. `0` polls them
   * like visible ones (when the page acts on every row's events).
   */
  offscreenInterval = 60000;

  /** Keep polling while the page is hidden. */
  pollInBackground = false;

  /**
   * How changes arrive. `auto` (default): on the page's one shared server-sent event stream
   * (every widget of the page on one connection), polling only until it is open and whenever it
   * is refused, cut or silent. `poll`: polling only. `sse`: the stream only, never a poll.
   */
  transport: TransportMode = 'auto';

  /** The event stream URL, when it is not `endpoint` without its `{taskId}` part. */
  eventsEndpoint = '';

  /** `en` or `zh-CN` (any `zh*`); default: the nearest `lang` attribute, then the browser's language. */
  locale = '';

  /**
   * `full` (default: the whole card, for admins and engineers), `compact` (one aligned line for a
   * table row, details in a popover) or `minimal` (for end users: a friendly headline per state,
   * one bar, time left, and a call to action when ready; no ids, paths or codes).
   */
  variant: 'full' | 'compact' | 'minimal' = 'full';

  /**
   * `auto` (default): follows the page's `color-scheme`, which the widget inherits (a light page
   * stays light whatever the OS; a page with `color-scheme: light dark` follows the OS), `light`
   * or `dark`.
   */
  theme: 'auto' | 'light' | 'dark' = 'auto';

  /**
   * Makes the section titles (Timing, Outputs) headings of this level (1–6) in the page outline.
   * By default (0) they are styled text, which fits any outline.
   */
  headingLevel = 0;

  /** Hide the timing section. */
  noTiming = false;

  /** Hide the outputs section. */
  noOutputs = false;

  /** Hide the source line. */
  noSource = false;

  /** Template turning an output into a link: `{bucket}`, `{region}`, `{storage}`, `{path}`. Only http(s) results become links. */
  outputUrl = '';

  /** Replaces HTTP entirely: `(taskId, {signal}) => Promise<body>`. */
  fetcher?: TaskFetcher;

  /** Merged into every request (headers, credentials, mode). */
  requestInit?: RequestInit;

  /** Turns an output into a URL; wins over `output-url`. Only http(s) results become links. */
  resolveOutputUrl?: OutputUrlResolver;

  /**
   * `minimal` variant: offers "Notify me when it's ready" (a system notification if the task
   * ends while the page is hidden; permission is asked on that click only).
   */
  notify = false;

  /**
   * The reader asked to be notified of this task (set by the `notify` button).
   * @internal
   */
  notifying = false;

  /** Overrides any built-in text (deep-merged over the language's strings). */
  strings?: StringOverrides;

  /**
   * Server rendering (`renderTaskStatusHTML`): the nodes of the declarative shadow root, shown
   * until this widget can draw the same state itself, and the answer they were drawn from (a
   * JSON script element in the light DOM, after the shadow root).
   */
  private serverRendered: ChildNode[] | null = null;
  private serverAnswer: FetchResult | null = null;
  /** The state the drawn nodes show, as the server or the CDN file reflected it on the host. */
  private drawnState: HostState | null = null;

  /** Whether the compact variant's details popover is open. */
  private expanded = false;
  /** Whether the minimal variant shows a failure's code (its "Technical details"). */
  private technical = false;
  /** Steps shown in the timing and outputs lists; grows a page at a time ("Show more"). */
  private listLimit = LIST_PAGE;

  protected readonly localization = new LocaleController(this);
  protected readonly task = new TaskController(this, () => this.watcherOptions());
  private readonly copier = new CopyController(this);
  protected readonly details = new LazyPartController(
    this,
    detailsPart,
    () => this.variant === 'full' || (this.variant === 'compact' && this.expanded),
  );
  protected readonly minimal = new LazyPartController(
    this,
    minimalPart,
    () => this.variant === 'minimal',
  );
  protected readonly compact = new LazyPartController(
    this,
    compactPart,
    () => this.variant === 'compact',
  );
  /** From the task id and the snapshot; reflected after each render. */
  private get currentState(): HostState {
    return hostState(this.taskId, this.task.snapshot);
  }
  private readonly view = (): HostView => ({
    taskId: this.taskId,
    // While the drawn nodes show a state and the widget has none yet, the host keeps it (no
    // `state="loading"` between the two for page CSS, tests or a measuring script).
    state:
      (this.serverRendered && this.currentState === 'loading' && this.drawnState) ||
      this.currentState,
    snapshot: this.task.snapshot,
  });
  private readonly announcer = new AnnouncerController(this, this.localization, this.view);

  constructor() {
    super();
    // These need no calls from here: they reflect the state and fire the events after each
    // render, and re-render every second while a running clock shows.
    new HostStateController(this, this.view);
    new ClockController(this, () => showsRunningClock(this.currentState, this.task.snapshot));
  }

  /** The current snapshot from the core (read-only): connection, task view, error. */
  get snapshot(): TaskSnapshot | null {
    return this.task.snapshot;
  }

  /** Asks for the status now; restarts after an error. */
  refresh(): void {
    this.task.refresh();
  }

  protected override createRenderRoot() {
    // The CDN file's first status (`first-status-view.ts`) is styled by adopted sheets, which
    // Lit's own replace: they stay while its nodes do.
    const drawnWith = this.shadowRoot?.adoptedStyleSheets ?? [];
    const root = super.createRenderRoot();
    if (root.firstChild) {
      // Server-rendered, or drawn by the CDN file before the element was defined: draw after its
      // nodes (removed once ours can replace them, `updated`).
      const shadow = root as ShadowRoot;
      shadow.adoptedStyleSheets = [...new Set([...shadow.adoptedStyleSheets, ...drawnWith])];
      this.serverRendered = [...root.childNodes];
      const drawn = this.getAttribute('state') as HostState;
      if (DRAWN_STATES.includes(drawn)) this.drawnState = drawn;
      this.renderOptions.renderBefore = null;
      const answer = this.querySelector(':scope > script[type="application/json"]');
      this.serverAnswer = JSON.parse(answer?.textContent || 'null');
      answer?.remove();
    }
    return root;
  }

  /** The server-rendered nodes stay until the strings, the view's chunk and the answer are in. */
  private get drawsServerRendered(): boolean {
    return (
      !!this.serverRendered &&
      (!this.localization.ready ||
        this.currentState === 'loading' ||
        !(this.minimal.view ?? this.compact.view ?? this.details.view))
    );
  }

  protected override updated(): void {
    if (this.drawsServerRendered) return;
    this.serverRendered?.forEach((node) => node.remove());
    this.serverRendered = null;
  }

  /** What the core watcher follows, or null while the widget has nothing to follow. */
  private watcherOptions(): TaskWatcherOptions | null {
    if (!this.taskId || (!this.endpoint && !this.fetcher)) return null;
    return {
      endpoint: this.endpoint,
      taskId: this.taskId,
      method: this.method === 'POST' ? 'POST' : 'GET',
      fetcher: this.fetcher,
      requestInit: this.requestInit,
      minInterval: this.interval,
      maxInterval: this.maxInterval,
      offscreenInterval: this.offscreenInterval,
      pollInBackground: this.pollInBackground || this.notifying,
      transport: this.transport === 'poll' || this.transport === 'sse' ? this.transport : 'auto',
      eventsEndpoint: this.eventsEndpoint || undefined,
      initial: this.serverAnswer,
      // An end user's headline needs only the status: it need not wait for the reader's chunk.
      provisional: this.variant === 'minimal',
    };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('taskId') || changed.has('endpoint')) {
      // A row's open popover belongs to the task it showed: close it (state lives in the DOM).
      this.renderRoot?.querySelector<HTMLElement>('[popover]:popover-open')?.hidePopover();
      this.expanded = false;
      // (The first time too: the server's answer is taken when the widget connects, before.)
      this.technical = this.notifying = false;
      this.serverAnswer = null;
      this.listLimit = LIST_PAGE;
    }
  }

  private showMore = () => {
    this.listLimit += LIST_PAGE;
  };

  private urlFor = (output: OutputView, path?: string | null): string | null => {
    const target = path ? { ...output, path } : output;
    const fromPage = this.resolveOutputUrl
      ? this.resolveOutputUrl(target)
      : this.outputUrl
        ? expandOutputUrl(this.outputUrl, target)
        : null;
    // Live recordings come with a URL of their own rather than a storage path.
    return safeHttpUrl(fromPage ?? (path ? null : output.url));
  };

  private context(): RenderContext {
    const snapshot = this.task.snapshot;
    const localNow = Date.now();
    return {
      snapshot,
      task: snapshot?.task ?? null,
      taskId: this.taskId,
      state: this.currentState,
      stale: isStale(snapshot),
      language: this.localization.language,
      strings: this.localization.strings,
      format: this.localization.format,
      localNow,
      serverNow: localNow + (snapshot?.serverOffsetMs ?? 0),
      show: { source: !this.noSource, timing: !this.noTiming, outputs: !this.noOutputs },
      headingLevel: Math.min(6, Math.max(0, Math.floor(this.headingLevel) || 0)),
      urlFor: this.urlFor,
      copy: this.copier.copy,
      copiedKey: this.copier.copiedKey,
      retry: () => this.refresh(),
      listLimit: this.listLimit,
      showMore: this.showMore,
    };
  }

  /** Also waits for what loads on demand: the language's strings (Chinese), the detail sections. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    const pending = [
      this.localization.loading,
      this.details.loading,
      this.minimal.loading,
      this.compact.loading,
    ].filter(Boolean);
    if (!pending.length) return done;
    await Promise.all(pending);
    return super.getUpdateComplete();
  }

  protected override render() {
    if (this.drawsServerRendered) return nothing;
    // Until the Chinese strings have loaded, show the card without words rather than English.
    if (!this.localization.ready) return html`<div class="base" part="base"></div>`;
    const live = html`<div class="sr-only" role="status" aria-live="polite">
      ${this.announcer.text}
    </div>`;
    if (!this.taskId) {
      return html`<div class="base" part="base" data-state="idle">
          <slot name="empty"><span part="empty">${this.localization.strings.noTask}</span></slot>
        </div>
        ${live}`;
    }
    const ctx = this.context();
    const [minimalView, compactView] = [this.minimal.view, this.compact.view];
    // A part's chunk is on the way (with the first status request): a line meanwhile, as tall as
    // a row for a compact one, so nothing moves when it lands.
    const pending = (text: string) => html`<div class="base pending" part="base">${text}</div>`;
    const toggleTechnical = () => (this.technical = !this.technical);
    const view =
      this.variant === 'compact'
        ? compactView
          ? compactView(partContext(ctx), this.expanded, (open) => (this.expanded = open), cardBody)
          : pending(ctx.strings.state.loading)
        : this.variant === 'minimal'
          ? minimalView
            ? minimalView(partContext(ctx), this.technical, toggleTechnical, this)
            : pending(ctx.strings.minimal.loading)
          : fullView(ctx);
    return html`${view}${live}`;
  }
}
