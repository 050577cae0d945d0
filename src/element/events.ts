import type { TaskSnapshot } from '../core/watcher.js';
import type { TaskStatusError } from '../core/errors.js';
import type { HostState } from './host-state.js';

const init = { bubbles: true, composed: true } as const;

/** Shown data changed. */
export class MpsTaskUpdateEvent extends Event {
  static readonly type = 'mps-task-update';
  constructor(readonly detail: { snapshot: TaskSnapshot }) {
    super(MpsTaskUpdateEvent.type, init);
  }
}

/** The host `state` changed. */
export class MpsTaskStateChangeEvent extends Event {
  static readonly type = 'mps-task-state-change';
  constructor(readonly detail: { state: HostState; previous: HostState }) {
    super(MpsTaskStateChangeEvent.type, init);
  }
}

/** The task reached FINISH (once per task id). */
export class MpsTaskFinishEvent extends Event {
  static readonly type = 'mps-task-finish';
  constructor(
    readonly detail: { outcome: 'success' | 'failed' | 'partial'; snapshot: TaskSnapshot },
  ) {
    super(MpsTaskFinishEvent.type, init);
  }
}

/** A status request failed. */
export class MpsTaskErrorEvent extends Event {
  static readonly type = 'mps-task-error';
  constructor(readonly detail: { error: TaskStatusError; willRetry: boolean }) {
    super(MpsTaskErrorEvent.type, init);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'mps-task-update': MpsTaskUpdateEvent;
    'mps-task-state-change': MpsTaskStateChangeEvent;
    'mps-task-finish': MpsTaskFinishEvent;
    'mps-task-error': MpsTaskErrorEvent;
  }
}
