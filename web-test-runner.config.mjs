// Browser tests in headless Chromium. Run through `node --import tsx` (see package.json) so this
// config can mount the TypeScript simulator: element tests talk to it over real HTTP on the test origin.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { toNodeListener } from './src/server/node-adapter.ts';
import { createSimulatorHandler } from './src/simulator/http.ts';
import { MpsSimulator } from './src/simulator/simulator.ts';
import { testServerPlugin } from './test/support/test-server-plugin.ts';
import { CHROMIUM_ARGS, findChromium } from './test/support/chromium.ts';
import { chaosServerPlugin } from './test/support/chaos-server-plugin.ts';
import { FakeMps } from './test/support/fake-mps.ts';
import { createTaskStatusHandler } from './src/server/handler.ts';
import { tencentCloudSource } from './src/server/sources/tencent-cloud.ts';
import { simulatorSource } from './src/server/sources/simulator.ts';

// Tests run the simulator 20x faster than real time so a whole task fits in a second or two.
const sim = new MpsSimulator({ speed: 20, seed: 7 });
const simulator = toNodeListener(createSimulatorHandler(sim), { fallthrough: true });

// The backend half end to end: /api/task is our handler, calling a fake MPS through the real SDK;
// /fake/tasks creates tasks on that fake's simulator, /fake/stats counts its upstream calls.
for (const v of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) delete process.env[v];
const fakeMps = new FakeMps({ speed: 20 });
let apiHandler = null;
const api = toNodeListener((req) => apiHandler(req));
const fakeRoutes = toNodeListener(createSimulatorHandler(fakeMps.sim, { basePath: '/fake' }), {
  fallthrough: true,
});
// /push/task: our handler (server-sent events and GET) in front of the same simulator, counting
// what the page asks (/push/counts; ?reset): polls and stream requests apart, and the most polls
// of any one task.
const pushCounts = { polls: 0, streams: 0 };
const pollsPerTask = new Map();
const pushHandler = createTaskStatusHandler({
  source: simulatorSource(sim),
  allowAnyTask: true,
  cacheMs: 200,
  upstreamRate: { perSecond: 2000 },
  events: { pollMs: 250, maxPerClient: 20 },
});
const pushListener = toNodeListener(pushHandler);
const push = (req, res) => {
  if (req.url.startsWith('/push/counts')) {
    const body = JSON.stringify({
      ...pushCounts,
      openStreams: pushHandler.openStreams,
      mostPollsOfOneTask: Math.max(0, ...pollsPerTask.values()),
    });
    if (req.url.includes('reset')) {
      Object.assign(pushCounts, { polls: 0, streams: 0 });
      pollsPerTask.clear();
    }
    res.statusCode = 200; // koa set 404 before handing the response over
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
    return Promise.resolve();
  }
  if ((req.headers.accept ?? '').includes('text/event-stream')) pushCounts.streams++;
  else {
    pushCounts.polls++;
    const id = new URL(req.url, 'http://x').searchParams.get('TaskId') ?? '';
    pollsPerTask.set(id, (pollsPerTask.get(id) ?? 0) + 1);
  }
  return pushListener(req, res);
};
const mount = (listener) => (ctx, next) =>
  new Promise((resolve) => {
    ctx.respond = false;
    listener(ctx.req, ctx.res, () => resolve(next())).then(resolve);
  });

export default {
  files: process.env.WTR_FILES
    ? process.env.WTR_FILES.split(',')
    : // The longest files first, so the short ones fill in beside them.
      [
        'test/element/soak.test.ts',
        'test/element/push.test.ts',
        'test/element/chaos.test.ts',
        'test/element/**/*.test.ts',
        'test/dist/**/*.test.ts',
      ],
  nodeResolve: true,
  // Files run side by side, each page in its own browser context: its own window, so every page
  // is visible and focused (a background tab is "hidden", and the widget rightly pauses polling
  // there). Most of a file's time is waiting on a simulated task, not computing.
  concurrency: Number(process.env.WTR_CONCURRENCY ?? 3),
  testsFinishTimeout: 300000,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    chromeLauncher({
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
      launchOptions: {
        executablePath: findChromium(),
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  middleware: [
    (ctx, next) => (ctx.path.startsWith('/mps/') ? mount(simulator)(ctx, next) : next()),
    (ctx, next) => (ctx.path.startsWith('/api/task') ? mount(api)(ctx, next) : next()),
    (ctx, next) => (ctx.path.startsWith('/push/') ? mount(push)(ctx, next) : next()),
    (ctx, next) => (ctx.path.startsWith('/fake/') ? mount(fakeRoutes)(ctx, next) : next()),
  ],
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'auto',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
    testServerPlugin(),
    chaosServerPlugin(),
    {
      name: 'fake-mps',
      async serverStart() {
        await fakeMps.start();
        apiHandler = createTaskStatusHandler({
          source: tencentCloudSource(fakeMps.sourceOptions()),
          allowAnyTask: true,
          cacheMs: 500,
        });
      },
      serverStop: () => fakeMps.stop(),
    },
  ],
};
