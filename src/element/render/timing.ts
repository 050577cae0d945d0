import { html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { subtaskDurationMs, taskDurations } from '../../core/durations.js';
import type { Subtask } from '../../core/view.js';
import type { RenderContext } from './context.js';

interface Lane {
  label: string;
  from: number | null;
  to: number | null;
  cls: string;
  text: string;
}

/** A localized time with the exact ISO instant in the tooltip. */
function when(ctx: RenderContext, ms: number | null) {
  return ms == null
    ? html`<dd>${ctx.strings.notYet}</dd>`
    : html`<dd>
        <time datetime=${new Date(ms).toISOString()} title=${new Date(ms).toISOString()}
          >${ctx.format.dateTime(ms)}</time
        >
      </dd>`;
}

function subtaskLabel(ctx: RenderContext, t: Subtask): string {
  const name = ctx.strings.subtask[t.type] ?? t.type;
  return t.definition != null ? `${name} · ${t.definition}` : name;
}

/**
 * Created/started/finished, then a waterfall: queue and processing for the task, and each subtask
 * where MPS reports its own times. Each lane is a list item whose text (label + duration) is the
 * screen-reader equivalent; the bars are decoration.
 */
export function timingSection(ctx: RenderContext) {
  const task = ctx.task;
  if (!task || task.createdAt == null) return nothing;
  const now = ctx.serverNow;
  const d = taskDurations(task, now);
  const span = (ms: number | null) => (ms == null ? '—' : ctx.format.span(ms));
  const end = task.finishedAt ?? now;
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
      to: task.startedAt == null ? null : end,
      cls: task.finishedAt ? '' : 'running',
      text: span(d.processingMs),
    },
  ];
  for (const t of task.subtasks) {
    const has = t.startedAt != null;
    lanes.push({
      label: subtaskLabel(ctx, t),
      from: t.startedAt,
      to: has ? (t.finishedAt ?? now) : null,
      cls: t.error ? 'fail' : t.finishedAt ? '' : 'running',
      text: has
        ? span(subtaskDurationMs(t, now))
        : t.reportsTimes
          ? ctx.strings.notYet
          : ctx.strings.timeNotReported,
    });
  }
  const total = Math.max(1, end - task.createdAt);
  const pos = (ms: number) =>
    `${Math.min(100, Math.max(0, ((ms - task.createdAt!) / total) * 100)).toFixed(2)}%`;
  return html`<section part="timing" aria-label=${ctx.strings.timing}>
    <h3>${ctx.strings.timing}</h3>
    <dl class="times">
      <div>
        <dt>${ctx.strings.created}</dt>
        ${when(ctx, task.createdAt)}
      </div>
      <div>
        <dt>${ctx.strings.started}</dt>
        ${when(ctx, task.startedAt)}
      </div>
      <div>
        <dt>${ctx.strings.finished}</dt>
        ${when(ctx, task.finishedAt)}
      </div>
    </dl>
    <ol class="timeline" part="timeline">
      ${lanes.map(
        (l) =>
          html`<li>
            <span>${l.label}</span>
            <span class="lane" aria-hidden="true"
              >${
                l.from != null && l.to != null
                  ? html`<span
                      class="seg ${l.cls}"
                      style=${styleMap({ left: pos(l.from), width: `calc(${pos(l.to)} - ${pos(l.from)})` })}
                    ></span>`
                  : nothing
              }</span
            >
            <span class="dur">${l.text}</span>
          </li>`,
      )}
      <li>
        <span class="total">${ctx.strings.total}</span><span aria-hidden="true"></span
        ><span class="dur total">${span(d.totalMs)}</span>
      </li>
    </ol>
  </section>`;
}
