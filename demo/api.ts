/** Demo helpers: talk to the simulator mounted by the Vite plugin. */
export const ENDPOINT = '/mps/task';

/** Scenarios whose point is a malformed body: served raw, since the handler would answer 503. */
const RAW = new Set(['bad-json', 'wrong-types', 'degraded']);
export const endpointFor = (scenario: string) => (RAW.has(scenario) ? '/mps/raw/task' : ENDPOINT);

export async function startTask(scenario: string, speed = 1): Promise<string> {
  const res = await fetch('/mps/tasks', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ scenario, speed }),
  });
  if (!res.ok) throw new Error(`could not create a ${scenario} task: HTTP ${res.status}`);
  return ((await res.json()) as { TaskId: string }).TaskId;
}

export async function scenarios(): Promise<{ name: string; label: string }[]> {
  return (await fetch('/mps/scenarios')).json();
}
