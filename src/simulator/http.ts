import { notMine, OPEN_CORS_HEADERS, type FetchHandler } from '../shared/http.js';
import { SCENARIOS, SCENARIO_LABELS, type Scenario } from './scenarios.js';
import type { MpsSimulator } from './simulator.js';

export interface SimulatorHttpOptions {
  /** Path prefix (default `/mps`). */
  basePath?: string;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/**
 * HTTP routes of the simulator (`base` = `/mps` by default):
 * - `POST base/tasks` `{"scenario": "...", "speed": 1}` → `201 {"TaskId": "..."}`
 * - `GET base/scenarios` → the scenario names and labels
 * - `GET base/task?TaskId=ID`, `GET base/task/ID`, `POST base/task` `{"TaskId": "ID"}` → DescribeTaskDetail
 * - `GET base/stats?TaskId=ID` → `{"requests": n}` (how many describes that task saw)
 * - `GET base/files/<output path>` → an SVG placeholder frame, so demos have thumbnails and links
 */
export function createSimulatorHandler(
  sim: MpsSimulator,
  opts: SimulatorHttpOptions = {},
): FetchHandler {
  const base = (opts.basePath ?? '/mps').replace(/\/$/, '');
  return async (request) => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(base + '/')) return notMine();
    const route = url.pathname.slice(base.length);
    const { method } = request;
    if (method === 'OPTIONS')
      return new Response(null, { status: 204, headers: OPEN_CORS_HEADERS });
    if (route === '/scenarios' && method === 'GET') {
      return json(
        200,
        SCENARIOS.map((name) => ({ name, label: SCENARIO_LABELS[name] })),
      );
    }
    if (route === '/tasks' && method === 'POST') return createTask(sim, request);
    if (route.startsWith('/files/') && method === 'GET') return placeholderFile(route);
    if (route === '/stats' && method === 'GET') {
      return json(200, { requests: sim.requestCount(url.searchParams.get('TaskId') ?? '') });
    }
    if (route === '/task' || route.startsWith('/task/')) return describe(sim, request, url, route);
    return notMine();
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      ...OPEN_CORS_HEADERS,
    },
  });

/** `decodeURIComponent` that answers null for a malformed escape instead of throwing. */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

async function createTask(sim: MpsSimulator, request: Request): Promise<Response> {
  const body = (await request.json().catch(() => ({}))) as {
    scenario?: string;
    speed?: number;
    durationMs?: number;
  } | null;
  const scenario = (body?.scenario ?? 'success') as Scenario;
  if (!SCENARIOS.includes(scenario))
    return json(400, { error: `unknown scenario "${body?.scenario}"` });
  const speed = typeof body?.speed === 'number' && body.speed > 0 ? body.speed : undefined;
  const durationMs = typeof body?.durationMs === 'number' ? body.durationMs : undefined;
  return json(201, { TaskId: sim.createTask({ scenario, speed, durationMs }) });
}

function placeholderFile(route: string): Response {
  const path = decoded(route.slice('/files'.length));
  if (path == null) return json(400, { error: 'malformed path' });
  return new Response(placeholderFrame(path), {
    headers: {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': 'public, max-age=3600',
      ...OPEN_CORS_HEADERS,
    },
  });
}

/** The TaskId of a describe request: `?TaskId=`, `/task/{id}`, or a POST body `{"TaskId"}`. */
async function taskIdOf(request: Request, url: URL, route: string): Promise<string | null> {
  if (request.method === 'GET' && route === '/task') return url.searchParams.get('TaskId');
  if (request.method === 'GET') return decoded(route.slice('/task/'.length));
  if (request.method !== 'POST' || route !== '/task') return null;
  const body = (await request.json().catch(() => null)) as { TaskId?: unknown } | null;
  return typeof body?.TaskId === 'string' ? body.TaskId : null;
}

/** DescribeTaskDetail, answered as MPS would (errors are HTTP 200 envelopes). */
async function describe(
  sim: MpsSimulator,
  request: Request,
  url: URL,
  route: string,
): Promise<Response> {
  const taskId = await taskIdOf(request, url, route);
  if (!taskId) {
    return json(200, {
      Response: {
        Error: {
          Code: 'MissingParameter',
          Message: 'The request is missing a required parameter `TaskId`.',
        },
        RequestId: crypto.randomUUID(),
      },
    });
  }
  const answer = sim.describe(taskId);
  if (answer.delayMs) await sleep(answer.delayMs, request.signal);
  return new Response(answer.body, {
    status: answer.status,
    headers: { 'Cache-Control': 'no-store', ...OPEN_CORS_HEADERS, ...answer.headers },
  });
}

/** A 16:9 frame whose colour and label come from the file name: distinct, recognisable thumbnails. */
function placeholderFrame(path: string): string {
  const name = path.split('/').pop() ?? '';
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const label = name.replace(/[^\w.-]/g, '').slice(-18);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 70% 55%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360} 70% 35%)"/></linearGradient></defs>
<rect width="320" height="180" fill="url(#g)"/><circle cx="250" cy="60" r="26" fill="#fff6"/><path d="M0 180 90 90l60 50 50-40 120 80z" fill="#0004"/>
<text x="12" y="168" font-family="monospace" font-size="13" fill="#fff">${label}</text></svg>`;
}
