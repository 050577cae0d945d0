import '../src/index.js';
import { startTask } from './api.js';

const el = document.querySelector('mps-task-status')!;
el.addEventListener('mps-task-finish', (e) =>
  document.body.classList.toggle('finished', e.detail.outcome !== 'failed'),
);
// The "SSR" switch: with `?ssr` the server rendered the widget, task and status, into the HTML.
const serverRendered = new URLSearchParams(location.search).has('ssr');
const toggle = document.querySelector<HTMLAnchorElement>('#ssr')!;
toggle.href = serverRendered ? location.pathname : '?ssr';
toggle.textContent = serverRendered ? 'Server-rendered: on' : 'Server-rendered: off';
if (!el.taskId) el.taskId = await startTask('success', 3);
