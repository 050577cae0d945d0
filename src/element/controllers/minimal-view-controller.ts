import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { minimalView } from '../render/minimal.js';

let view: typeof minimalView | null = null;
let loading: Promise<void> | null = null;

/**
 * The `minimal` variant's view is a chunk of its own (end-user pages need it; admin tables and
 * cards never do): fetched when a widget first asks for it — at its first update, in parallel
 * with its first status request — and rendered once it lands.
 */
export class MinimalViewController implements ReactiveController {
  /** Settles when the chunk this widget asked for has loaded (and the host was asked to update). */
  loading: Promise<void> | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The view once loaded, else null; asks for it (once per widget) when `wanted`. */
  view(wanted: boolean): typeof minimalView | null {
    if (!wanted || view) return view;
    loading ??= import('../render/minimal.js').then((module) => void (view = module.minimalView));
    this.loading ??= loading.then(() => this.host.requestUpdate());
    return null;
  }
}
