import type { Agent } from 'node:http';
import { UpstreamError, type TaskSource } from '../source.js';

export interface TencentCloudSourceOptions {
  /** Default: `TENCENTCLOUD_SECRET_ID`. */
  secretId?: string;
  /** Default: `TENCENTCLOUD_SECRET_KEY`. */
  secretKey?: string;
  /** Default: `TENCENTCLOUD_REGION`, else `ap-guangzhou`. */
  region?: string;
  /** Host[:port] only (default `mps.tencentcloudapi.com`; `mps.intl.tencentcloudapi.com` abroad). */
  endpoint?: string;
  /** `https://` (default) or `http://` (local fakes). */
  protocol?: string;
  /** Upstream timeout in ms (default 10 000). */
  timeoutMs?: number;
  /**
   * An `http.Agent`/`https.Agent` for the SDK's requests: corporate proxies, mTLS, or a local
   * stand-in. (Prefer this to pointing `endpoint` at an IP: the SDK derives the signed service
   * name from the endpoint's first label, so `127.0.0.1` would sign as service "127".)
   */
  agent?: Agent;
}

interface MpsClient {
  DescribeTaskDetail(req: { TaskId: string }): Promise<Record<string, unknown>>;
}

/**
 * DescribeTaskDetail through the official `tencentcloud-sdk-nodejs-mps` client (an optional peer
 * dependency, loaded on first use). Credentials never leave this process. They are checked on
 * first use, not here: a build that imports the route without them (`next build` in CI, a Docker
 * image build) must not fail; a request without them is a 502 whose reason goes to the log.
 */
export function tencentCloudSource(opts: TencentCloudSourceOptions = {}): TaskSource {
  let client: Promise<MpsClient> | null = null;
  const getClient = () => {
    const secretId = opts.secretId ?? process.env.TENCENTCLOUD_SECRET_ID;
    const secretKey = opts.secretKey ?? process.env.TENCENTCLOUD_SECRET_KEY;
    if (!secretId || !secretKey)
      throw new UpstreamError(
        'AuthFailure.SecretIdNotFound',
        'tencentCloudSource needs secretId and secretKey (or TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY).',
      );
    return (client ??= import('tencentcloud-sdk-nodejs-mps').then(
      (sdk) => {
        const Client = (sdk.mps ?? (sdk as unknown as { default: typeof sdk }).default.mps)
          .v20190612.Client;
        return new Client({
          credential: { secretId, secretKey },
          region: opts.region ?? process.env.TENCENTCLOUD_REGION ?? 'ap-guangzhou',
          profile: {
            httpProfile: {
              endpoint: opts.endpoint,
              protocol: opts.protocol,
              agent: opts.agent,
              reqTimeout: Math.ceil((opts.timeoutMs ?? 10_000) / 1000),
            },
          },
        }) as unknown as MpsClient;
      },
      (cause) => {
        client = null;
        throw new Error(
          `tencentcloud-sdk-nodejs-mps is not installed (npm i tencentcloud-sdk-nodejs-mps): ${cause}`,
        );
      },
    ));
  };

  return async (taskId) => {
    const mps = await getClient();
    try {
      return await mps.DescribeTaskDetail({ TaskId: taskId });
    } catch (e) {
      const err = e as { code?: string; message?: string; requestId?: string; name?: string };
      // The SDK reports network failures and timeouts without an MPS code.
      const code =
        err.code && /^[A-Z]/.test(err.code)
          ? err.code
          : /timeout/i.test(`${err.message} ${err.name}`)
            ? 'Timeout'
            : 'ServiceUnavailable';
      throw new UpstreamError(code, err.message ?? String(e), err.requestId);
    }
  };
}
