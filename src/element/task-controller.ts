import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  createTaskWatcher,
  type TaskSnapshot,
  type TaskWatcher,
  type TaskWatcherOptions,
} from '../core/watcher.js';
import { watchViewport } from './viewport.js';

/**
 * Connects a Lit host to a core watcher. The host calls `sync()` before each update; a new
 * watcher is made only when what identifies the stream changed, so old data never flashes back
 * after a task change. Disconnecting releases the subscription; the core keeps the stream alive
 * for a moment, so moving the element in the DOM continues where it was. It tells the watcher
 * whether the element is on (or near) the screen: rows far down a long table are polled less.
 */
export class TaskController implements ReactiveController {
  snapshot: TaskSnapshot | null = null;
  private watcher: TaskWatcher | null = null;
  private unsubscribe: (() => void) | null = null;
  private identity: unknown[] = [];
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

  sync(): void {
    if (!this.connected) return;
    const opts = this.options();
    const identity = opts
      ? [opts.endpoint, opts.taskId, opts.method, opts.fetcher, opts.transport, opts.eventsEndpoint]
      : [];
    if (
      this.watcher &&
      identity.length === this.identity.length &&
      identity.every((v, i) => v === this.identity[i])
    )
      return;
    this.release();
    this.identity = identity;
    this.snapshot = null;
    if (!opts) return;
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
    this.identity = [];
  }
}
