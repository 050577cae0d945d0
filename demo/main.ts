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
for (const id of ['locale', 'theme', 'variant']) {
  $(id).addEventListener('change', () =>
    tasks.querySelectorAll('mps-task-status').forEach((el) => el.setAttribute(id, value(id))),
  );
}
$('clear').addEventListener('click', () => tasks.replaceChildren());
await add('success');
