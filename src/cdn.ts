/**
 * The CDN file (`dist/cdn/mps-task-status.js`): a small first module, then the element. An end
 * user's phone downloads and runs this module alone (a few kB, not the 21 kB of Lit and the
 * element) before the widgets' first status requests leave, and a `minimal` widget's first status
 * is drawn from its answer (`first-status-view.ts`). The rest (the element, the reader, the views'
 * chunks) takes the drawn statuses over and follows the tasks.
 *
 * The rest starts downloading beside the first answers, once the strings a first status is drawn
 * with are in (at once on an English page). Holding it back until the answers had landed, so that
 * they had the link to themselves, measured no faster on English pages and made a finished task,
 * which the element draws, wait a round trip more (1.74x the naive element instead of 1.46x); on
 * Chinese pages without gzip, loading it beside the Chinese strings made them land later (1.34x
 * instead of 1.27x).
 */
import { loadWidgetChunks, startFirstStatuses } from './element/first-statuses.js';

const { strings } = startFirstStatuses({ draw: true });

/**
 * The element's module, registered. The build makes this file await it and export its exports
 * (`scripts/chunk-registry.ts`): written as a top-level `await` here, the bundler would split the
 * modules this file shares with the element into further files, each a round trip before this one
 * could run.
 */
export const element = strings.then(() => {
  loadWidgetChunks();
  return import('./element/registered.js');
});
