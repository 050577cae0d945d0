import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A real `redis-server` on a free loopback port, for the tests of several server instances. */
export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const binary = process.env.REDIS_SERVER ?? 'redis-server';

/** Why Redis tests cannot run here, or null. In CI the binary must be there: never a skip. */
export function redisUnavailable(): string | null {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (!probe.error && probe.status === 0) return null;
  if (process.env.CI || process.env.REQUIRE_REDIS)
    throw new Error(`${binary} is required in CI (.ci/run installs it)`);
  return `${binary} not found: install the Debian package redis-server to run the Redis tests`;
}

/**
 * A free port below Linux's ephemeral range (32768 up). A port from `listen(0)` is in that range,
 * and while a test keeps Redis stopped, clients retrying it can be handed that very port as
 * their own local port and connect to themselves (TCP self-connect), or another test's socket
 * can take it before Redis restarts on it.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!bound) continue;
    await new Promise((r) => server.close(r));
    return port;
  }
}

/** Starts one; `port`: the port of one stopped before (Redis back after an outage). */
export async function startRedis(port?: number): Promise<RedisServer> {
  port ??= await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${log}`)),
      10_000,
    );
    const onData = (chunk: Buffer) => {
      log += chunk;
      if (/Ready to accept connections/i.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${log}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
