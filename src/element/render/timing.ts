import { html, nothing } from 'lit';
import { cssProps } from './css-props.js';
import { subtaskDurationMs, taskDurations } from '../../core/durations.js';
import type { Subtask, TaskView } from '../../core/view.js';
import type { PartContext } from './context.js';
import { sectionTitle, showMoreButton } from './pieces.js';
import { relativeTime } from './relative-time.js';

interface Lane {
  label: string;
  from: number | null;
  to: number | null;
  cls: string;
  text: string;
}

/**
 * A time relative to now ("3 min ago": faster to scan), the absolute date and time on hover and
 * on keyboard focus, the ISO instant for machines. The shared clock keeps it current.
 */
function when(ctx: PartContext, ms: number | null) {
  if (ms == null) return html`<dd>${ctx.strings.notYet}</dd>`;
  const absolute = ctx.format.dateTime(ms);
  return html`<dd>
    <time datetime=${new Date(ms).toISOString()} title=${absolute} tabindex="0"
      >${relativeTime(ctx, ms)}</time
    >
  </dd>`;
}

/** A step's name and template; the no-break spaces keep "· 10" from wrapping off its name. */
export function subtaskLabel(ctx: PartContext, t: Subtask): string {
  const name = ctx.strings.subtask[t.type] ?? t.type;
  return t.definition != null ? `${name}\u00a0·\u00a0${t.definition}` : name;
}

/** Queue and processing lanes for the task, then one per step (bars only where times are known). */
function lanesOf(ctx: PartContext, task: TaskView, now: number): Lane[] {
  const d = taskDurations(task, now);
  const span = (ms: number | null) => (ms == null ? '—' : ctx.format.span(ms));
  const lanes: Lane[] = [
    {
      label: ctx.strings.queue,
      from: task.createdAt,
      to: task.startedAt ?? (task.status === 'WAITING' ? now : null),
      cls: 'queue',
      text: span(d.queueMs),
    },
    {
      label: ctx.strings.processing,
      from: task.startedAt,
      to: task.startedAt == null ? null : (task.finishedAt ?? now),
      cls: task.finishedAt ? '' : 'running',
      text: span(d.processingMs),
    },
  ];
  for (const t of task.subtasks.slice(0, ctx.listLimit)) {
    const started = t.startedAt != null;
    // A failed step that reports no times of its own is drawn over the task's processing span,
    // so a failure is never a blank lane.
    const failedUntimed = !started && !t.reportsTimes && t.error != null;
    lanes.push({
      label: subtaskLabel(ctx, t),
      from: failedUntimed ? task.startedAt : t.startedAt,
      to: started ? (t.finishedAt ?? now) : failedUntimed ? (task.finishedAt ?? now) : null,
      cls: t.error ? 'fail' : t.finishedAt ? '' : 'running',
      text: started
        ? span(subtaskDurationMs(t, now))
        : t.reportsTimes
          ? ctx.strings.notYet
          : (ctx.strings.subtaskStatus[t.status] ?? t.status),
    });
  }
  return lanes;
}

/** One lane: its label, a decorative bar placed on the task's time axis, and its duration. */
function laneItem(lane: Lane, position: (ms: number) => string) {
  const bar =
    lane.from != null && lane.to != null
      ? html`<span
          class="seg ${lane.cls}"
          ${cssProps({ '--_from': position(lane.from), '--_to': position(lane.to) })}
        ></span>`
      : nothing;
  return html`<li>
    <span>${lane.label}</span>
    <span class="lane" aria-hidden="true">${bar}</span>
    <span class="dur">${lane.text}</span>
  </li>`;
}

/**
 * Created/started/finished, then a waterfall: queue and processing for the task, and each step
 * where MPS reports its own times. Each lane is a list item whose text (label + duration) is the
 * screen-reader equivalent; the bars are decoration.
 */
export function timingSection(ctx: PartContext) {
  const task = ctx.task;
  if (!task || task.createdAt == null) return nothing;
  const createdAt = task.createdAt;
  const now = ctx.serverNow;
  const total = taskDurations(task, now).totalMs;
  const untimed = task.subtasks.filter((t) => !t.reportsTimes).length;
  const axis = Math.max(1, (task.finishedAt ?? now) - createdAt);
  const position = (ms: number) =>
    `${Math.min(100, Math.max(0, ((ms - createdAt) / axis) * 100)).toFixed(2)}%`;
  const time = (label: string, ms: number | null) =>
    html`<div>
      <dt>${label}</dt>
      ${when(ctx, ms)}
    </div>`;
  return html`<section part="timing">
    ${sectionTitle(ctx, ctx.strings.timing)}
    <dl class="times">
      ${time(ctx.strings.created, createdAt)} ${time(ctx.strings.started, task.startedAt)}
      ${time(ctx.strings.finished, task.finishedAt)}
    </dl>
    <ol class="timeline" part="timeline">
      ${lanesOf(ctx, task, now).map((lane) => laneItem(lane, position))}
      <li>
        <span class="total">${ctx.strings.total}</span><span aria-hidden="true"></span
        ><span class="dur total">${total == null ? '—' : ctx.format.span(total)}</span>
      </li>
    </ol>
    ${untimed ? html`<p class="note">${ctx.strings.timesNotReported(untimed)}</p>` : nothing}
    ${showMoreButton(ctx, task.subtasks.length)}
  </section>`;
}
