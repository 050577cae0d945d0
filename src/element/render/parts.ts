import type { PartContext, RenderContext } from './context.js';
import type { detailViews } from './details.js';
import type { minimalView } from './minimal.js';
import type { compactView } from './compact.js';
import { LazyPart } from './lazy-part.js';

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
