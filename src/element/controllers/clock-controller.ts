import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onTick } from '../ticker.js';

/**
 * Re-renders the host every second while it shows a running clock (elapsed time, ETA, retry
 * countdown) and is on screen, on the page's one shared ticker. It subscribes only while the host is connected:
 * an update that runs after removal (an attribute set in the same task, a copy timer) cannot
 * start the clock again, so removed widgets never keep rendering.
 */
export class ClockController implements ReactiveController {
  private wanted = false;
  private connected = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    /** Whether the host's current state shows a running clock; asked before each update. */
    private readonly shows: () => boolean,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    this.wanted = this.shows();
    this.sync();
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.sync();
  }

  /** For tests: is this host subscribed to the shared ticker. */
  get ticking(): boolean {
    return this.unsubscribe != null;
  }

  private sync(): void {
    const tick = this.wanted && this.connected;
    if (tick && !this.unsubscribe)
      this.unsubscribe = onTick(this.host, () => this.host.requestUpdate());
    if (!tick && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = null;
    }
  }
}
