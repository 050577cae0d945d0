import type { CSSResult, ReactiveController, ReactiveControllerHost } from 'lit';
import { addEnglish } from '../i18n/index.js';
import { adoptStyles } from './adopt-styles.js';
import type { minimalView } from '../render/minimal.js';

let loaded: { view: typeof minimalView; styles: CSSResult } | null = null;
let loading: Promise<void> | null = null;

interface MinimalHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * The `minimal` variant's view is a chunk of its own, with its styles and English strings
 * (end-user pages need it; admin tables and cards never do): fetched when a widget first asks for
 * it — at its first update, in parallel with its first status request — then its styles are
 * adopted into that widget's shadow root and it renders.
 */
export class MinimalViewController implements ReactiveController {
  /** Settles when the chunk this widget asked for has loaded (and the host was asked to update). */
  loading: Promise<void> | null = null;
  private adopted = false;

  constructor(private readonly host: MinimalHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The view once loaded (its styles adopted), else null; asks for it (once) when `wanted`. */
  view(wanted: boolean): typeof minimalView | null {
    if (!wanted) return null;
    if (!loaded) {
      loading ??= import('../render/minimal.js').then((module) => {
        addEnglish(module.enMinimal);
        loaded = { view: module.minimalView, styles: module.minimalStyles };
      });
      this.loading ??= loading.then(() => this.host.requestUpdate());
      return null;
    }
    if (!this.adopted) this.adopted = adoptStyles(this.host.renderRoot, loaded.styles);
    return loaded.view;
  }
}
