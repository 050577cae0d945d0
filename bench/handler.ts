/**
 * What the backend handler costs and saves: latency it adds over calling MPS through the SDK
 * directly (fake MPS on loopback), and upstream calls per viewer load.
 */
import { createTaskStatusHandler } from '../src/server/handler.js';
import { tencentCloudSource } from '../src/server/sources/tencent-cloud.js';
import { FakeMps } from '../test/support/fake-mps.js';

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

export async function handlerBench(n = 300): Promise<string> {
  for (const v of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) delete process.env[v];
  const mps = await new FakeMps().start();
  const source = tencentCloudSource(mps.sourceOptions());
  const signal = new AbortController().signal;
  const miss = createTaskStatusHandler({
    source,
    allowAnyTask: true,
    cacheMs: 0,
    upstreamRate: { perSecond: 1e6 },
    log: () => {},
  });
  const hit = createTaskStatusHandler({
    source,
    allowAnyTask: true,
    cacheMs: 60_000,
    upstreamRate: { perSecond: 1e6 },
    log: () => {},
  });
  const id = mps.sim.createTask({ scenario: 'success' });
  const time = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  for (let i = 0; i < 30; i++) {
    await source(id, { signal });
    await miss(new Request(`http://a/t?TaskId=${id}`));
  } // warm up
  const direct: number[] = [],
    through: number[] = [],
    cached: number[] = [];
  for (let i = 0; i < n; i++) {
    direct.push(await time(() => source(id, { signal })));
    through.push(
      await time(async () => (await miss(new Request(`http://a/t?TaskId=${id}`))).text()),
    );
    cached.push(await time(async () => (await hit(new Request(`http://a/t?TaskId=${id}`))).text()));
  }
  const before = mps.calls;
  const shared = createTaskStatusHandler({ source, allowAnyTask: true, log: () => {} });
  await Promise.all(
    Array.from({ length: 200 }, () =>
      shared(new Request(`http://a/t?TaskId=${id}`)).then((r) => r.text()),
    ),
  );
  const upstream = mps.calls - before;
  await mps.stop();
  return [
    `| path (${n} sequential requests, fake MPS on loopback, real SDK) | p50 | p95 |`,
    '|---|---|---|',
    `| SDK → MPS directly | ${pct(direct, 0.5).toFixed(2)} ms | ${pct(direct, 0.95).toFixed(2)} ms |`,
    `| handler, cache miss (SDK call + strip + ETag + envelope) | ${pct(through, 0.5).toFixed(2)} ms | ${pct(through, 0.95).toFixed(2)} ms |`,
    `| handler, cache hit | ${pct(cached, 0.5).toFixed(2)} ms | ${pct(cached, 0.95).toFixed(2)} ms |`,
    '',
    `200 concurrent viewer requests for one task → ${upstream} upstream call(s).`,
  ].join('\n');
}
