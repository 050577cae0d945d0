import type { ReactiveController, ReactiveControllerHost } from 'lit';

const CONFIRMATION_MS = 1500;

/**
 * Copies text to the clipboard and remembers, for 1.5 s, which button did it (its icon turns into
 * a check mark). Removing the host cancels the pending reset.
 */
export class CopyController implements ReactiveController {
  /** The key of the button that copied last, while its confirmation shows. */
  copiedKey: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  copy = (text: string, key: string): void => {
    navigator.clipboard?.writeText(text).catch(() => {
      // Permission denied or no focus: nothing was copied and there is nothing to undo.
    });
    this.copiedKey = key;
    this.host.requestUpdate();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.copiedKey = null;
      this.host.requestUpdate();
    }, CONFIRMATION_MS);
  };

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.copiedKey = null;
  }
}
