/** `mps-task-status`: registers `<mps-task-status>` and re-exports the element's API. */
// First: starts the first statuses of the widgets in the HTML before Lit is even evaluated.
import './element/first-status-prelude.js';

export * from './element/registered.js';
