import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A wtr plugin with server-side commands for browser tests: a second HTTP server on its own port
 * whose next answers a test scripts (status, headers, body, delay), to drive the element through
 * HTTP classes the simulator does not produce, and count the requests it saw. Each test page
 * (session) has its own, so files can run side by side.
 */
export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

/** One scripted server: its port, its script and the requests it saw. */
class ScriptedServer {
  readonly server: Server;
  script: ScriptedAnswer[] = [];
  fallback: ScriptedAnswer = { status: 500 };
  requests: { method: string; url: string; body: string }[] = [];

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader(
          'Access-Control-Allow-Headers',
          'Content-Type, If-None-Match, Authorization, X-Test',
        );
        res.setHeader('Access-Control-Expose-Headers', 'Date, ETag, Retry-After');
        if (req.method === 'OPTIONS') {
          res.statusCode = 204;
          res.end();
          return;
        }
        // A backend that only answers JSON (as most do): its event-stream requests are refused
        // without using a scripted answer, and the widget falls back to polling.
        if ((req.headers.accept ?? '').includes('text/event-stream')) {
          res.statusCode = 404;
          res.end('no event stream here');
          return;
        }
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', body });
        const answer = this.script.shift() ?? this.fallback;
        setTimeout(() => {
          res.statusCode = answer.status ?? 200;
          for (const [k, v] of Object.entries(answer.headers ?? {})) res.setHeader(k, v);
          res.end(answer.body ?? '');
        }, answer.delayMs ?? 0);
      });
    });
  }

  async url(): Promise<string> {
    if (!this.server.listening)
      await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
}

export function testServerPlugin() {
  // One server per test page: files run side by side, and each one's script is its own.
  const servers = new Map<string, ScriptedServer>();
  const serverOf = (session?: { id: string }) => {
    const id = session?.id ?? '';
    if (!servers.has(id)) servers.set(id, new ScriptedServer());
    return servers.get(id)!;
  };

  return {
    name: 'scripted-server',
    async serverStop() {
      await Promise.all(
        [...servers.values()].map((s) => {
          s.server.closeAllConnections();
          return new Promise((r) => s.server.close(r));
        }),
      );
    },
    async executeCommand({
      command,
      payload,
      session,
    }: {
      command: string;
      payload?: unknown;
      session?: { id: string; browser: { getPage?(id: string): unknown } };
    }) {
      if (command === 'heap-after-gc') return heapAfterGc(session);
      if (command === 'scripted-server-url') return serverOf(session).url();
      if (command === 'scripted-server-script') {
        const p = payload as { answers: ScriptedAnswer[]; fallback?: ScriptedAnswer };
        const server = serverOf(session);
        server.script = [...p.answers];
        server.fallback = p.fallback ?? { status: 500 };
        server.requests = [];
        return true;
      }
      if (command === 'scripted-server-requests') return serverOf(session).requests;
      return undefined;
    },
  };
}

interface CdpPage {
  createCDPSession(): Promise<{
    send(method: string): Promise<Record<string, number>>;
    detach(): Promise<void>;
  }>;
}

/**
 * The page's JS heap after full collections, through the DevTools protocol: a page-side `gc()`
 * leaves detached DOM to Blink's own collector and measures a moving target.
 */
async function heapAfterGc(session?: {
  id: string;
  browser: { getPage?(id: string): unknown };
}): Promise<number> {
  const page = session?.browser.getPage?.(session.id) as CdpPage | undefined;
  if (!page) throw new Error('heap-after-gc needs the Chrome launcher');
  const cdp = await page.createCDPSession();
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}
