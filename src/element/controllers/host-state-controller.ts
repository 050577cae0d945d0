import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TaskSnapshot } from '../../core/watcher.js';
import {
  MpsTaskErrorEvent,
  MpsTaskFinishEvent,
  MpsTaskStateChangeEvent,
  MpsTaskUpdateEvent,
} from '../events.js';
import { isStale, type HostState, type HostView } from '../host-state.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Mirrors the widget's state on the host (the `state` and `stale` attributes and CSS custom
 * states, so pages can style `mps-task-status[state=failed]` or `:state(failed)`) and turns
 * changes between two rendered snapshots into the public events. What was last reported lives in
 * fields here, never read back from the host's attributes, which the page may set itself.
 */
export class HostStateController implements ReactiveController {
  private readonly internals: ElementInternals | null;
  /** The state last reflected, null before the first render. */
  private reflected: HostState | null = null;
  private lastTask: unknown = null;
  private lastError: unknown = null;
  private finishedTaskId = '';

  constructor(
    private readonly host: Host,
    private readonly read: () => HostView,
  ) {
    host.addController(this);
    this.internals = attachInternals(host);
  }

  /** After each render, with what was rendered. */
  hostUpdated(): void {
    const { state, snapshot } = this.read();
    this.reflectState(state);
    const stale = isStale(snapshot);
    this.host.toggleAttribute('stale', stale);
    this.toggleCustomState('stale', stale);
    if (snapshot) this.emitTransitions(snapshot);
  }

  private reflectState(state: HostState): void {
    if (this.host.getAttribute('state') !== state) this.host.setAttribute('state', state);
    const previous = this.reflected;
    if (state === previous) return;
    if (previous) this.toggleCustomState(previous, false);
    this.toggleCustomState(state, true);
    this.reflected = state;
    // The first render of a widget with no task is no change: it starts idle.
    if ((previous ?? 'idle') !== state) {
      this.host.dispatchEvent(new MpsTaskStateChangeEvent({ state, previous: previous ?? 'idle' }));
    }
  }

  private emitTransitions(snapshot: TaskSnapshot): void {
    const { task, error } = snapshot;
    if (task && task !== this.lastTask) {
      this.lastTask = task;
      this.host.dispatchEvent(new MpsTaskUpdateEvent({ snapshot }));
    }
    if (error && error !== this.lastError) {
      this.lastError = error;
      const willRetry = snapshot.connection === 'retrying' || snapshot.connection === 'paused';
      this.host.dispatchEvent(new MpsTaskErrorEvent({ error, willRetry }));
    }
    const outcome = task?.outcome;
    if (
      task?.status === 'FINISH' &&
      outcome &&
      outcome !== 'pending' &&
      this.finishedTaskId !== snapshot.taskId
    ) {
      this.finishedTaskId = snapshot.taskId;
      this.host.dispatchEvent(new MpsTaskFinishEvent({ outcome, snapshot }));
    }
  }

  /** `:state(name)` where the browser supports CSS custom states; a no-op elsewhere. */
  private toggleCustomState(name: string, on: boolean): void {
    try {
      if (on) this.internals?.states?.add(name);
      else this.internals?.states?.delete(name);
    } catch {
      // CSS custom states unsupported (older browsers): the attributes still work.
    }
  }
}

/** ElementInternals where the browser has them (and the host has not attached them already). */
function attachInternals(host: HTMLElement): ElementInternals | null {
  try {
    return host.attachInternals();
  } catch {
    return null;
  }
}
