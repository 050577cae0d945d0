import { html, nothing } from 'lit';
import type { HostState } from '../host-state.js';
import { icons } from '../icons.js';
import type { RenderContext } from './context.js';
import { copyButton } from './pieces.js';

const STATE_ICON: Record<HostState, keyof typeof icons | null> = {
  idle: null,
  loading: 'processing',
  waiting: 'waiting',
  processing: 'processing',
  success: 'success',
  failed: 'failed',
  partial: 'warning',
  error: 'warning',
};
const ICON_SLOT: Partial<Record<HostState, string>> = {
  waiting: 'icon-waiting',
  processing: 'icon-processing',
  loading: 'icon-processing',
  success: 'icon-success',
  failed: 'icon-failed',
  partial: 'icon-failed',
  error: 'icon-failed',
};

/** The state's icon: the page's slotted one, or the built-in one. */
export function badgeIcon(ctx: RenderContext) {
  const name = STATE_ICON[ctx.state];
  const slot = ICON_SLOT[ctx.state];
  return slot ? html`<slot name=${slot}>${name ? icons[name]() : nothing}</slot>` : nothing;
}

/**
 * Status badge: the state's icon and label; unknown MPS statuses shown raw. `short`: a label
 * that fits a compact row's fixed column, the full one in the tooltip and for assistive tech,
 * so a badge is never cut mid-word.
 */
export function badge(ctx: RenderContext, short?: string) {
  const raw = ctx.task?.status;
  const known = !raw || ['WAITING', 'PROCESSING', 'FINISH'].includes(raw);
  const label = known ? ctx.strings.state[ctx.state] : `${ctx.strings.state[ctx.state]} (${raw})`;
  return short && short !== label
    ? html`<span class="badge" part="badge" title=${label}
        >${badgeIcon(ctx)}<span aria-hidden="true">${short}</span
        ><span class="sr-only">${label}</span></span
      >`
    : html`<span class="badge" part="badge">${badgeIcon(ctx)}<span>${label}</span></span>`;
}

/** Shortens `2353030000-WorkflowTask-80108cc3…` for display; the full id stays in the tooltip. */
export function shortId(id: string): string {
  return id.length > 28 ? `${id.slice(0, 18)}…${id.slice(-6)}` : id;
}

export function header(ctx: RenderContext) {
  const { taskId } = ctx;
  return html`<div class="header" part="header">
    <div class="title" part="title">
      <slot name="title"><span class="title-text">${ctx.strings.title}</span></slot>
      ${taskId ? html`<span class="task-id"><span title=${taskId}>${shortId(taskId)}</span>${copyButton(ctx, taskId, 'task-id', ctx.strings.copyTaskId)}</span>` : nothing}
    </div>
    ${badge(ctx)}
    <div class="actions" part="actions"><slot name="actions"></slot></div>
  </div>`;
}
