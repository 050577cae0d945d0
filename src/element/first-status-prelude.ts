import { loadWidgetChunks, startFirstStatuses } from './first-statuses.js';

/**
 * The package's entry imports this module first, so it runs before Lit and the element class are
 * evaluated: everything the widgets in the HTML need for their first status starts at once (the
 * element is defined in the same task, so it draws them itself). The CDN file does it in its own
 * order (`src/cdn.ts`).
 */
startFirstStatuses();
loadWidgetChunks();
