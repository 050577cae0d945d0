import type { html as litHtml } from 'lit';
import type { MpsTaskFinishEvent } from '../events.js';
import type { PartContext } from './context.js';

export { enNotify } from '../i18n/en-notify.js';

/** The widget as the `notify` control sees it: the page's opt-in and the reader's request. */
export interface NotifyHost extends HTMLElement {
  /** The page offers notifications (`notify` attribute). */
  notify: boolean;
  /** The reader asked to be notified of this task; the widget follows it while hidden. */
  notifying: boolean;
  requestUpdate(): void;
}

/** The strings a notification needs when the task ends, kept from the last render. */
const latest = new WeakMap<NotifyHost, PartContext>();

/**
 * Shows a system notification when the task ends while the page is hidden (a visible page shows
 * the card itself). Clicking it brings the tab back. The tag is the task id: a second tab
 * following the same task replaces the notification instead of adding one.
 */
function onFinish(event: MpsTaskFinishEvent): void {
  const host = event.currentTarget as NotifyHost;
  const ctx = latest.get(host);
  if (!host.notifying || !ctx) return;
  host.notifying = false;
  if (document.visibilityState !== 'hidden') return;
  const { outcome, snapshot } = event.detail;
  const ready = outcome === 'success' || (outcome === 'partial' && !!snapshot.task?.primaryOutput);
  const m = ctx.strings.minimal;
  const notification = new Notification(ready ? m.success : m[outcome], {
    body: document.title,
    tag: snapshot.taskId,
    lang: ctx.language,
  });
  notification.onclick = () => {
    window.focus();
    notification.close();
  };
}

/** Asks for permission on the reader's click (never before), then follows until the end. */
async function toggle(host: NotifyHost): Promise<void> {
  if (host.notifying) {
    host.notifying = false;
  } else if ((await Notification.requestPermission()) === 'granted') {
    host.notifying = true;
    host.removeEventListener('mps-task-finish', onFinish);
    host.addEventListener('mps-task-finish', onFinish);
  }
  host.requestUpdate();
}

/**
 * `notify`, while the task runs: a toggle "Notify me when it's ready" (pressed once asked for),
 * or a line saying the browser blocks this site's notifications; nothing where the browser has
 * no notifications. Lit's `html` comes from the caller: a chunk loaded by a chunk that imports
 * Lit itself makes the bundler split Lit out of the main file (+1.5 kB over the CDN files).
 */
export function notifyControl(ctx: PartContext, host: NotifyHost, html: typeof litHtml) {
  if (typeof Notification === 'undefined') return null;
  latest.set(host, ctx);
  const words = ctx.strings.notify;
  return Notification.permission === 'denied'
    ? html`<div class="detail" part="notify-blocked">${words.blocked}</div>`
    : html`<button
        type="button"
        part="notify-button"
        aria-pressed=${host.notifying ? 'true' : 'false'}
        @click=${() => toggle(host)}
      >
        ${host.notifying ? html`<span aria-hidden="true">✓ </span>` : null}${words.offer}
      </button>`;
}
