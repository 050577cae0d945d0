import type { CSSResult } from 'lit';
import { addEnglish } from '../i18n/index.js';
import type { Strings } from '../i18n/en.js';
import type { PartContext, RenderContext } from './context.js';
import type { detailViews } from './details.js';
import type { minimalView } from './minimal.js';
import type { compactView } from './compact.js';

/** What a lazily loaded part of the view brings: its renderer, its styles, its English strings. */
export interface PartModule<View> {
  view: View;
  styles: CSSResult;
  strings: Partial<Strings>;
}

/**
 * A part of the view that is a chunk of its own, loaded once per page on first use; its English
 * strings join the table as it lands. `LazyPartController` asks for it and adopts its styles
 * into each widget that shows it.
 */
export class LazyPart<View> {
  /** The part once loaded, else null (the widget renders without it meanwhile). */
  loaded: PartModule<View> | null = null;
  #loading: Promise<void> | null = null;

  constructor(private readonly importPart: () => Promise<PartModule<View>>) {}

  load(): Promise<void> {
    return (this.#loading ??= this.importPart().then((part) => {
      addEnglish(part.strings);
      this.loaded = part;
    }));
  }
}

/**
 * The detail sections (findings, timing, outputs): a compact row fetches them only when it is
 * opened, a full card in parallel with its first status request.
 */
export const detailsPart = new LazyPart<typeof detailViews>(() =>
  import('./details.js').then((m) => ({
    view: m.detailViews,
    styles: m.detailStyles,
    strings: m.enDetails,
  })),
);

/** The `minimal` variant's view: end-user pages need it, admin tables and cards never do. */
export const minimalPart = new LazyPart<typeof minimalView>(() =>
  import('./minimal.js').then((m) => ({
    view: m.minimalView,
    styles: m.minimalStyles,
    strings: m.enMinimal,
  })),
);

/** The `compact` variant's view: admin tables need it, cards and end-user pages never do. */
export const compactPart = new LazyPart<typeof compactView>(() =>
  import('./compact.js').then((m) => ({
    view: m.compactView,
    styles: m.compactStyles,
    strings: m.enCompact,
  })),
);

/**
 * The render context as a loaded part reads it: with every string, its own included. Only for a
 * part whose `loaded` is set — its strings joined the table as it loaded (`LazyPart.load`).
 */
export const partContext = (ctx: RenderContext): PartContext => ctx as RenderContext as PartContext;
