import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadDetails, loadedDetails, loadedDetailStyles } from '../render/details-loader.js';
import { adoptStyles } from './adopt-styles.js';

interface DetailsHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * Fetches the detail sections' chunk the first time this widget shows them (at connect for the
 * full variant, when a compact row's popover opens), adds their styles to this widget's shadow
 * root, and re-renders when it lands.
 */
export class DetailsController implements ReactiveController {
  /** Settles when the chunk this widget asked for has loaded (and the host was asked to update). */
  loading: Promise<void> | null = null;
  private adopted = false;

  constructor(private readonly host: DetailsHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Called once per update with whether the details are on screen. */
  need(shown: boolean): void {
    if (!shown) return;
    if (!loadedDetails()) {
      this.loading ??= loadDetails().then(() => this.host.requestUpdate());
      return;
    }
    this.adoptStyles();
  }

  private adoptStyles(): void {
    if (!this.adopted) this.adopted = adoptStyles(this.host.renderRoot, loadedDetailStyles());
  }
}
