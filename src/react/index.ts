/**
 * `mps-task-status/react`: `<MpsTaskStatus>` for React 18+, made with `@lit/react` so properties
 * (fetcher, strings, resolveOutputUrl) are set as properties and events are typed callbacks.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { MpsTaskStatus as MpsTaskStatusElement } from '../element/mps-task-status.js';
import { defineMpsTaskStatus } from '../element/define.js';
import type {
  MpsTaskErrorEvent,
  MpsTaskFinishEvent,
  MpsTaskStateChangeEvent,
  MpsTaskUpdateEvent,
} from '../element/events.js';

defineMpsTaskStatus();

export const MpsTaskStatus = createComponent({
  tagName: 'mps-task-status',
  elementClass: MpsTaskStatusElement,
  react: React,
  events: {
    onMpsTaskUpdate: 'mps-task-update' as EventName<MpsTaskUpdateEvent>,
    onMpsTaskStateChange: 'mps-task-state-change' as EventName<MpsTaskStateChangeEvent>,
    onMpsTaskFinish: 'mps-task-finish' as EventName<MpsTaskFinishEvent>,
    onMpsTaskError: 'mps-task-error' as EventName<MpsTaskErrorEvent>,
  },
});

export type MpsTaskStatusProps = React.ComponentProps<typeof MpsTaskStatus>;
