import '../src/index.js';
import { startTask } from './api.js';

const el = document.querySelector('mps-task-status')!;
el.strings = { title: 'holiday-in-lisbon.mov', state: { success: 'Ready to watch' } };
el.addEventListener('mps-task-finish', (e) =>
  document.body.classList.toggle('finished', e.detail.outcome !== 'failed'),
);
el.taskId = await startTask('success', 3);
