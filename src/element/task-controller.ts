import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  createTaskWatcher,
  type TaskSnapshot,
  type TaskWatcher,
  type TaskWatcherOptions,
} from '../core/watcher.js';
import { watchViewport } from './viewport.js';

/**
 * Connects a Lit host to a core watcher, before each of the host's updates: the watcher takes the
 * current options (the next request uses a rotated token or new intervals), and moves to another
 * follower when they name another task or source (`followerKey`), so old data never flashes back
 * after a task change. Disconnecting releases the subscription; the core keeps the follower alive
 * for a moment, so moving the element in the DOM continues where it was. It tells the watcher
 * whether the element is on (or near) the screen: rows far down a long table are polled less.
 */
export class TaskController implements ReactiveController {
  snapshot: TaskSnapshot | null = null;
  private watcher: TaskWatcher | null = null;
  private unsubscribe: (() => void) | null = null;
  private connected = false;
  private inView = true;
  private unwatchViewport: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly options: () => TaskWatcherOptions | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.unwatchViewport = watchViewport(this.host, (inView) => {
      this.inView = inView;
      this.watcher?.setInView(inView);
    });
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unwatchViewport?.();
    this.unwatchViewport = null;
    this.release();
  }

  hostUpdate(): void {
    this.sync();
  }

  private sync(): void {
    if (!this.connected) return;
    const opts = this.options();
    if (!opts) return this.release();
    if (this.watcher) {
      this.watcher.update(opts);
      this.snapshot = this.watcher.getSnapshot();
      return;
    }
    const watcher = (this.watcher = createTaskWatcher(opts));
    watcher.setInView(this.inView);
    this.unsubscribe = watcher.subscribe(() => {
      this.snapshot = watcher.getSnapshot();
      this.host.requestUpdate();
    });
    this.snapshot = watcher.getSnapshot();
  }

  refresh(): void {
    this.watcher?.refresh();
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.watcher?.dispose();
    this.watcher = null;
    this.snapshot = null;
  }
}
