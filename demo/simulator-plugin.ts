import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { createTaskStatusHandler } from '../src/server/handler.js';
import { toNodeListener } from '../src/server/node-adapter.js';
import { createSimulatorHandler } from '../src/simulator/http.js';
import { MpsSimulator } from '../src/simulator/simulator.js';
import { simulatorSource } from '../src/server/sources/simulator.js';
import { tencentCloudSource } from '../src/server/sources/tencent-cloud.js';
import { memoryBroadcaster } from '../src/server/broadcaster.js';
import { createNotificationHandler } from '../src/server/notifications.js';
import { startSimulatorNotifier } from '../src/server/notifier.js';
import { renderTaskStatusHTML } from '../src/server/render-html.js';

/**
 * The demo's backend on Vite's dev and preview servers:
 * - `/mps/task` — the status endpoint the widgets call: our handler (`mps-task-status/server`) in
 *   front of the simulator, or of real MPS when TENCENTCLOUD_SECRET_ID/KEY are set; it also
 *   serves the page's shared event stream (`Accept: text/event-stream`);
 * - `/mps/notify` — the MPS notification receiver (`TaskNotifyConfig.NotifyUrl`). The simulator
 *   sends it a signed notification on each change, as MPS does with `NotifyMode: "Change"`; with
 *   real MPS, set MPS_NOTIFY_KEY to the tasks' `NotifyKey` and expose this route to MPS;
 * - `/mps/raw/task` — the simulator answering directly, malformed bodies and all;
 * - `/mps/tasks`, `/mps/scenarios`, `/mps/stats`, `/mps/files/…` — the simulator's own routes;
 * - `/demo/waiting.html?ssr` — the waiting page with its widget rendered on the server
 *   (`renderTaskStatusHTML`): the status is in the HTML, the script takes it over.
 */
export function mpsSimulator(opts: { speed?: number } = {}): Plugin {
  const sim = new MpsSimulator({
    speed: opts.speed ?? Number(process.env.SIM_SPEED ?? 1),
    seed: Date.now() % 2 ** 31,
  });
  const real = !!(process.env.TENCENTCLOUD_SECRET_ID && process.env.TENCENTCLOUD_SECRET_KEY);
  // Notifications feed the event streams: each one refreshes its task for every viewer at once.
  const broadcaster = memoryBroadcaster();
  const notifyKey = process.env.MPS_NOTIFY_KEY ?? 'demo-notify-key';
  const notifications = createNotificationHandler({ notifyKey, broadcaster });
  // In-process delivery, but the real path: signed, verified, replay-checked, published.
  // Started with the server (not when `vite build` merely loads this config).
  const notify = () =>
    real ||
    startSimulatorNotifier(sim, {
      url: 'http://localhost/mps/notify',
      notifyKey,
      fetch: (url, init) => notifications(new Request(url, init)),
    });
  // The demo serves every task to every visitor; a real deployment passes authorize(request, taskId).
  const status = createTaskStatusHandler({
    source: real ? tencentCloudSource() : simulatorSource(sim),
    allowAnyTask: true,
    upstreamRate: { perSecond: 50, burst: 100 }, // half of MPS's 100/s per account
    broadcaster,
  });
  const statusListener = toNodeListener(status);
  const notifyListener = toNodeListener(notifications);
  const simListener = toNodeListener(createSimulatorHandler(sim), { fallthrough: true });
  // The simulator's raw answers (malformed bodies included), for the scenarios that show how the
  // widget copes with a backend that forwards junk; our handler would turn them into 503s.
  const rawListener = toNodeListener(createSimulatorHandler(sim, { basePath: '/mps/raw' }), {
    fallthrough: true,
  });
  /** The waiting page, its widget drawn here for a task started now (the page's "SSR" switch). */
  const serverRenderedWaitingPage = async (transform: (html: string) => Promise<string>) => {
    const taskId = sim.createTask({ scenario: 'success', speed: 3 });
    const page = readFileSync('demo/waiting.html', 'utf8');
    const element = /<mps-task-status[^>]*>\s*<\/mps-task-status>/.exec(page)![0];
    const attributes = Object.fromEntries(
      [...element.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)]
        .slice(1)
        .map(([, name, value]) => [name, value ?? true]),
    ) as { endpoint: string } & Record<string, string | true>;
    const widget = await renderTaskStatusHTML({ taskId, attributes, handler: status });
    return transform(page.replace(element, widget));
  };
  const mount = (server: {
    middlewares: { use: (fn: (req: never, res: never, next: () => void) => void) => void };
    transformIndexHtml?: (url: string, html: string) => Promise<string>;
  }) => {
    notify();
    server.middlewares.use((req: { url?: string }, res, next) => {
      if (/^\/demo\/waiting\.html\?ssr\b/.test(req.url ?? '')) {
        const page = res as {
          setHeader(name: string, value: string): void;
          end(body: string): void;
        };
        const transform = (html: string) =>
          server.transformIndexHtml?.(req.url!, html) ?? Promise.resolve(html);
        void serverRenderedWaitingPage(transform).then((html) => {
          page.setHeader('Content-Type', 'text/html; charset=utf-8');
          page.end(html);
        }, next);
        return;
      }
      if (/^\/mps\/task(\/|\?|$)/.test(req.url ?? '')) void statusListener(req as never, res, next);
      else if (req.url?.startsWith('/mps/notify')) void notifyListener(req as never, res, next);
      else if (req.url?.startsWith('/mps/raw/')) void rawListener(req as never, res, next);
      else void simListener(req as never, res, next);
    });
  };
  return {
    name: 'mps-simulator',
    configureServer(server) {
      if (real)
        server.config.logger.info(
          '  mps-task-status: TENCENTCLOUD_SECRET_ID is set — /mps/task asks real MPS',
        );
      mount(server as never);
    },
    configurePreviewServer(server) {
      mount(server as never);
    },
  };
}
