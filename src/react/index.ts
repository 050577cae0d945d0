/**
 * `mps-task-status/react`: `<MpsTaskStatus>` for React 18+, made with `@lit/react` so properties
 * (fetcher, strings, resolveOutputUrl) are set as properties and events are typed callbacks.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { MpsTaskStatus as MpsTaskStatusElement } from '../element/mps-task-status.js';
import { defineMpsTaskStatus } from '../element/define.js';
import {
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
    onMpsTaskUpdate: MpsTaskUpdateEvent.type as EventName<MpsTaskUpdateEvent>,
    onMpsTaskStateChange: MpsTaskStateChangeEvent.type as EventName<MpsTaskStateChangeEvent>,
    onMpsTaskFinish: MpsTaskFinishEvent.type as EventName<MpsTaskFinishEvent>,
    onMpsTaskError: MpsTaskErrorEvent.type as EventName<MpsTaskErrorEvent>,
  },
});

export type MpsTaskStatusProps = React.ComponentProps<typeof MpsTaskStatus>;
