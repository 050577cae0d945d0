import { classifyMpsError } from '../core/error-codes.js';
import { stripSecrets } from '../core/secrets.js';
import { BudgetSpent, hash, type Answer } from './answers.js';
import { UpstreamError } from './source.js';

/** What a viewer is told when there is no answer: status, MPS-style code and message, headers. */
export interface Failure {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/** The MPS-style error envelope body: `{"Response": {"Error": {Code, Message}, RequestId}}`. */
export function errorEnvelope(code: string, message: string) {
  return { Response: { Error: { Code: code, Message: message }, RequestId: crypto.randomUUID() } };
}

/** A failure as a response, never cached. */
export function errorResponse(cors: Record<string, string>, failure: Failure): Response {
  return new Response(JSON.stringify(errorEnvelope(failure.code, failure.message)), {
    status: failure.status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...cors,
      ...failure.headers,
    },
  });
}

export type Log = (message: string, detail: Record<string, unknown>) => void;

/** Maps an upstream failure to what a viewer may know; credentials and accounts go to the log only. */
export function upstreamFailure(e: unknown, taskId: string, log: Log): Failure {
  if (e instanceof BudgetSpent) {
    return {
      status: 429,
      code: 'RequestLimitExceeded',
      message: 'Too many status requests; retry shortly.',
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(e.retryAfterMs / 1000))) },
    };
  }
  const code = e instanceof UpstreamError ? e.code : 'InternalError';
  const message = e instanceof Error ? e.message : String(e);
  const group = e instanceof UpstreamError ? classifyMpsError(code) : 'unavailable';
  switch (group) {
    case 'not-found':
      return { status: 404, code, message: 'The task does not exist or has expired.' };
    case 'rate-limited':
      return {
        status: 429,
        code,
        message: 'MPS is rate limiting; retry shortly.',
        headers: { 'Retry-After': '1' },
      };
    case 'unavailable':
      log('MPS unavailable', { taskId, code, message });
      return {
        status: 503,
        code: code === 'Timeout' ? 'ServiceUnavailable' : code,
        message: 'The status service is temporarily unavailable.',
        headers: { 'Retry-After': '2' },
      };
    case 'unauthorized':
    case 'account':
      // Never tell viewers about keys or accounts: the detail goes to the server log only.
      log('MPS rejected the backend credentials or account', {
        taskId,
        code,
        message,
        requestId: (e as UpstreamError).requestId,
      });
      return {
        status: 502,
        code: 'InternalError',
        message: 'The status service is not available.',
      };
    default:
      log('MPS error', { taskId, code, message });
      return { status: 502, code, message: 'MPS could not describe this task.' };
  }
}

export type Transform = (
  response: Record<string, unknown>,
  ctx: { request: Request; taskId: string },
) => Record<string, unknown>;

/** An answer that could not be presented (a throwing `transform`, an unreadable body). */
export class AnswerUnusable extends Error {
  constructor(readonly cause: unknown) {
    super(`The answer could not be presented: ${(cause as Error)?.message ?? cause}`);
  }
}

/**
 * The envelope a viewer gets for an answer — a fresh RequestId, `transform` applied and secrets
 * stripped again — and its ETag (the cached one unless `transform` changed the body).
 */
export function presentAnswer(
  answer: Answer,
  request: Request,
  taskId: string,
  transform?: Transform,
): { body: string; etag: string } {
  let inner = { ...JSON.parse(answer.body), RequestId: crypto.randomUUID() } as Record<
    string,
    unknown
  >;
  if (!transform) return { body: JSON.stringify({ Response: inner }), etag: answer.etag };
  inner = stripSecrets(transform(inner, { request, taskId }));
  const body = JSON.stringify({ Response: inner });
  return { body, etag: `"${hash(body.replace(/"RequestId":"[^"]*"/, ''))}"` };
}

/**
 * The opaque tag: `"abc"` for `W/"abc"` and `"abc"`. A compressing proxy in front (nginx's gzip)
 * weakens a strong ETag, and the page then asks with `W/"abc"`.
 * @internal
 */
export const opaqueTag = (etag: string): string => etag.trim().replace(/^W\//, '');

/**
 * Whether an `If-None-Match` header names `etag`: by the weak comparison (RFC 9110 §13.1.2),
 * whatever their `W/`, in a list or as `*`.
 * @internal
 */
export function noneMatchHas(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const wanted = opaqueTag(etag);
  return ifNoneMatch.split(',').some((tag) => opaqueTag(tag) === wanted);
}
