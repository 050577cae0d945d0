import type { CSSResult, ReactiveController, ReactiveControllerHost } from 'lit';
import type { LazyPart } from '../render/lazy-part.js';

interface PartHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * Adds a lazy chunk's styles to one widget's shadow root (once: returns true when they are in).
 * The element's static styles cannot name them — they arrive after it was defined.
 */
function adoptStyles(root: HTMLElement | DocumentFragment, styles: CSSResult): boolean {
  const sheet = styles.styleSheet;
  if (!sheet || !(root instanceof ShadowRoot)) return false;
  if (!root.adoptedStyleSheets.includes(sheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  return true;
}

/**
 * One lazily loaded part of this widget's view (`render/parts.ts`: the detail sections, the
 * minimal view): asks for its chunk the first time the widget shows it — at its first update,
 * in parallel with its first status request — then adopts its styles into this widget's shadow
 * root and re-renders.
 */
export class LazyPartController<View> implements ReactiveController {
  /** Settles when the chunk this widget asked for has loaded (and the host was asked to update). */
  loading: Promise<void> | null = null;
  /** The part's renderer for this update: null while it is not shown or not loaded yet. */
  view: View | null = null;
  private adopted = false;

  constructor(
    private readonly host: PartHost,
    private readonly part: LazyPart<View>,
    /** Whether the host shows the part now; asked before each update. */
    private readonly shown: () => boolean,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    this.view = this.use(this.shown());
  }

  /** The part's renderer once loaded, else null; asks for it when `shown`. */
  private use(shown: boolean): View | null {
    if (!shown) return null;
    const loaded = this.part.loaded;
    if (!loaded) {
      this.loading ??= this.part.load().then(() => this.host.requestUpdate());
      return null;
    }
    if (!this.adopted) this.adopted = adoptStyles(this.host.renderRoot, loaded.styles);
    return loaded.view;
  }
}
