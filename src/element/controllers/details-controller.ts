import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadDetails, loadedDetails } from '../render/details-loader.js';

/**
 * Fetches the detail sections' chunk the first time this widget shows them (at connect for the
 * full variant, on the first "Details" for a compact row) and re-renders when it lands.
 */
export class DetailsController implements ReactiveController {
  /** Settles when the chunk this widget asked for has loaded (and the host was asked to update). */
  loading: Promise<void> | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Called once per update with whether the details are on screen. */
  need(shown: boolean): void {
    if (shown && !loadedDetails())
      this.loading ??= loadDetails().then(() => this.host.requestUpdate());
  }
}
