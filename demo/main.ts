import '../src/index.js';
import { endpointFor, scenarios, startTask } from './api.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const tasks = $('tasks');
const value = (id: string) => $<HTMLSelectElement>(id).value;

async function add(scenario: string): Promise<void> {
  const id = await startTask(scenario, Number(value('speed')));
  const el = document.createElement('mps-task-status');
  el.endpoint = endpointFor(scenario);
  el.method = value('method') as 'GET' | 'POST';
  el.transport = value('transport') as 'auto' | 'poll';
  el.locale = value('locale');
  el.theme = value('theme') as 'auto';
  el.variant = value('variant') as 'full';
  el.outputUrl = '/mps/files{path}';
  el.taskId = id;
  el.dataset.scenario = scenario;
  tasks.prepend(el);
}

for (const { name, label } of await scenarios()) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.dataset.scenario = name;
  b.addEventListener('click', () => void add(name));
  $('scenarios').append(b);
}
for (const id of ['locale', 'theme', 'variant', 'transport']) {
  $(id).addEventListener('change', () =>
    tasks.querySelectorAll('mps-task-status').forEach((el) => el.setAttribute(id, value(id))),
  );
}
$('clear').addEventListener('click', () => tasks.replaceChildren());

// Which delivery is live right now, from each widget's snapshot.
const live = $('live');
setInterval(() => {
  const widgets = [...tasks.querySelectorAll('mps-task-status')];
  const count = (c: string) => widgets.filter((w) => w.snapshot?.connection === c).length;
  const [streaming, polling] = [count('streaming'), count('polling') + count('retrying')];
  const text =
    !streaming && !polling
      ? 'Nothing running.'
      : `Live: ${streaming} on the shared event stream (push), ${polling} polling.`;
  if (live.textContent !== text) live.textContent = text;
}, 1000);
await add('success');
