import '../src/index.js';
import { ENDPOINT, startTask } from './api.js';

const ROWS = 120;
const scenarios = [
  'success',
  'success',
  'success',
  'long-queue',
  'subtask-failure',
  'source-failure',
  'flaky',
  'transcode',
];
const names = ['keynote', 'trailer', 'episode', 'interview', 'promo', 'lecture', 'recap', 'teaser'];
const tbody = document.getElementById('rows')!;
document.getElementById('count')!.textContent = String(ROWS);

const ids = await Promise.all(
  Array.from({ length: ROWS }, (_, i) => startTask(scenarios[i % scenarios.length], 2 + (i % 5))),
);
ids.forEach((id, i) => {
  const tr = document.createElement('tr');
  const file = document.createElement('td');
  file.textContent = `${names[i % names.length]}-${String(i + 1).padStart(3, '0')}.mp4`;
  const wf = document.createElement('td');
  wf.textContent =
    scenarios[i % scenarios.length] === 'transcode'
      ? 'Transcode 720p'
      : 'Transcode + HLS + snapshots';
  const status = document.createElement('td');
  status.className = 'status';
  const el = document.createElement('mps-task-status');
  el.variant = 'compact';
  el.endpoint = ENDPOINT;
  el.taskId = id;
  status.append(el);
  tr.append(file, wf, status);
  tbody.append(tr);
});
