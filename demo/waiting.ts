import '../src/index.js';
import { startTask } from './api.js';

const el = document.querySelector('mps-task-status')!;
el.addEventListener('mps-task-finish', (e) =>
  document.body.classList.toggle('finished', e.detail.outcome !== 'failed'),
);
el.taskId = await startTask('success', 3);
