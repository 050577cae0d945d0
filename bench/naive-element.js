/* global HTMLElement, customElements */
/**
 * The baseline of the render benchmark (never shipped): how a status widget is usually written —
 * fetch every 2 s, rebuild the markup with innerHTML. The same facts as our compact row: state,
 * a progress bar, its percentage.
 */
class NaiveTaskStatus extends HTMLElement {
  connectedCallback() {
    this.poll();
    this.timer = setInterval(() => this.poll(), 2000);
  }

  disconnectedCallback() {
    clearInterval(this.timer);
  }

  async poll() {
    const url = `${this.getAttribute('endpoint')}?TaskId=${encodeURIComponent(this.getAttribute('task-id'))}`;
    const body = await (await fetch(url)).json();
    const detail = body.Response ?? body;
    const steps = (detail.WorkflowTask?.MediaProcessResultSet ?? []).map(
      (r) => Object.entries(r).find(([key]) => key.endsWith('Task'))?.[1] ?? {},
    );
    const progress = steps.length
      ? Math.round(steps.reduce((sum, s) => sum + (s.Progress ?? 0), 0) / steps.length)
      : 0;
    const state = String(detail.Status ?? 'UNKNOWN').toLowerCase();
    this.setAttribute('state', state);
    this.innerHTML = `<div style="display:flex;gap:8px;align-items:center;font:14px system-ui">
      <span style="padding:2px 8px;border-radius:10px;background:#e6efff">${state}</span>
      <progress max="100" value="${progress}" style="flex:1"></progress>
      <span>${progress}%</span></div>`;
  }
}
customElements.define('naive-task-status', NaiveTaskStatus);
