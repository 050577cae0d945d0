import { Agent, createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import { tc3Signature } from './tc3.js';

export const FAKE_SECRET_ID = 'AKIDfakeMpsTestId000000000000000';
export const FAKE_SECRET_KEY = 'fakeMpsTestKey0000000000000000000';

/**
 * A local stand-in for mps.tencentcloudapi.com: checks every request's TC3-HMAC-SHA256 signature
 * (with our own implementation), answers DescribeTaskDetail from a simulator with MPS envelopes
 * (always HTTP 200, like the real API), and counts calls. `failNext` injects MPS error codes.
 */
export class FakeMps {
  readonly sim: MpsSimulator;
  calls = 0;
  rejectedSignatures = 0;
  delayMs = 0;
  private failures: string[] = [];
  private server: Server | null = null;
  port = 0;

  constructor(opts: { speed?: number; now?: () => number } = {}) {
    this.sim = new MpsSimulator({ speed: opts.speed ?? 1, now: opts.now, seed: 99 });
  }

  failNext(...codes: string[]): void {
    this.failures.push(...codes);
  }

  async start(): Promise<this> {
    this.server = createServer(
      (req, res) =>
        void this.handle(req).then(({ status, body }) => {
          res.statusCode = status;
          res.setHeader('Content-Type', 'application/json');
          res.end(body);
        }),
    );
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /**
   * Options for `tencentCloudSource`: the SDK talks to `mps.tencentcloudapi.com` as in production
   * (so it signs host and service exactly as for the real API), but the agent dials this fake on
   * loopback. No request leaves the machine.
   */
  sourceOptions(overrides: { secretKey?: string; timeoutMs?: number; port?: number } = {}) {
    const port = overrides.port ?? this.port;
    const agent = new Agent({ keepAlive: true });
    (agent as unknown as { createConnection: () => unknown }).createConnection = () =>
      connect(port, '127.0.0.1');
    return {
      secretId: FAKE_SECRET_ID,
      secretKey: overrides.secretKey ?? FAKE_SECRET_KEY,
      region: 'ap-guangzhou',
      endpoint: 'mps.tencentcloudapi.com',
      protocol: 'http://',
      agent,
      timeoutMs: overrides.timeoutMs,
    };
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: string }> {
    let payload = '';
    for await (const chunk of req) payload += chunk;
    const envelope = (code: string, message: string) => ({
      status: 200,
      body: JSON.stringify({
        Response: { Error: { Code: code, Message: message }, RequestId: `fake-${this.calls}` },
      }),
    });
    const auth = String(req.headers.authorization ?? '');
    const m =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    const timestamp = Number(req.headers['x-tc-timestamp']);
    if (!m || m[1] !== FAKE_SECRET_ID) {
      this.rejectedSignatures++;
      return envelope('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
    }
    const expected = tc3Signature({
      secretKey: FAKE_SECRET_KEY,
      service: 'mps',
      host: 'mps.tencentcloudapi.com',
      timestamp,
      payload,
      contentType: String(req.headers['content-type']),
      canonicalQuery: new URL(req.url ?? '/', 'http://x').search.slice(1),
    });
    if (
      m[2] !== expected.credentialScope ||
      m[3] !== expected.signedHeaders ||
      m[4] !== expected.signature
    ) {
      this.rejectedSignatures++;
      return envelope(
        'AuthFailure.SignatureFailure',
        'The provided credentials could not be validated.',
      );
    }
    if (
      req.headers.host !== 'mps.tencentcloudapi.com' ||
      Math.abs(Date.now() / 1000 - timestamp) > 300
    ) {
      this.rejectedSignatures++;
      return envelope('AuthFailure.SignatureExpire', 'Wrong host or expired timestamp.');
    }
    if (
      req.headers['x-tc-action'] !== 'DescribeTaskDetail' ||
      req.headers['x-tc-version'] !== '2019-06-12'
    ) {
      return envelope('InvalidAction', 'The action is not supported.');
    }
    this.calls++;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const failure = this.failures.shift();
    if (failure) return envelope(failure, `Injected ${failure}`);
    const { TaskId } = JSON.parse(payload) as { TaskId: string };
    const answer = this.sim.describe(TaskId);
    // Real MPS answers errors with HTTP 200 envelopes; the simulator's HTTP faults are for viewers' side.
    return {
      status: 200,
      body: answer.status === 200 ? answer.body : envelope('InternalError', 'Internal error').body,
    };
  }
}
