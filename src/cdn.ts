/**
 * The CDN file (`dist/cdn/mps-task-status.js`): a small first module, then the element. An end
 * user's phone downloads and runs this module alone (a few kB, not the 21 kB of Lit and the
 * element) before the widgets' first status requests leave, and a `minimal` widget's first status
 * is drawn from its answer (`first-status-view.ts`). Then the rest loads (the element, the reader,
 * the views' chunks: not sharing the link with the answers), takes the drawn statuses over and
 * follows the tasks.
 */
import { loadWidgetChunks, startFirstStatuses } from './element/first-statuses.js';

/**
 * The element's module, registered. The build makes this file await it and export its exports
 * (`scripts/chunk-registry.ts`): written as a top-level `await` here, the bundler would split the
 * modules this file shares with the element into further files, each a round trip before this one
 * could run.
 */
export const element = startFirstStatuses({ draw: true }).then(() => {
  loadWidgetChunks();
  return import('./element/registered.js');
});
