import { classifyMpsError } from './error-codes.js';

/**
 * Why status is unavailable. `retryable` kinds are retried with backoff; the rest stop polling
 * until `refresh()`.
 */
export type TaskErrorKind =
  | 'network' // fetch rejected (offline, DNS, CORS, connection reset)
  | 'timeout' // no answer within the per-request timeout
  | 'http' // an HTTP status outside the classes below
  | 'api' // an MPS error envelope with a code not mapped to a narrower kind
  | 'invalid' // the body is not JSON or not recognisably a task
  | 'not-found' // unknown or expired task id
  | 'unauthorized'; // credentials or permissions

export interface TaskErrorInit {
  kind: TaskErrorKind;
  message: string;
  retryable: boolean;
  status?: number;
  code?: string;
  requestId?: string;
  /** Server-requested wait before the next attempt (`Retry-After`), already capped. */
  retryAfterMs?: number;
  /** The first bad path for `invalid` bodies, e.g. `WorkflowTask.MediaProcessResultSet`. */
  path?: string;
}

export class TaskStatusError extends Error {
  readonly kind: TaskErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  readonly path?: string;
  /**
   * The server is pacing us (HTTP 429, `RequestLimitExceeded*`): retried with backoff like any
   * retryable error, but never a reason to give up.
   */
  readonly paced: boolean;

  constructor(init: TaskErrorInit) {
    super(init.message);
    this.name = 'TaskStatusError';
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.path = init.path;
    this.paced = init.status === 429 || classifyMpsError(init.code ?? '') === 'rate-limited';
  }
}

/** Maps an MPS error envelope (`Response.Error`) to our error kinds. */
export function apiError(code: string, message: string, requestId?: string): TaskStatusError {
  const group = classifyMpsError(code);
  const kind: TaskErrorKind =
    group === 'not-found' ? 'not-found' : group === 'unauthorized' ? 'unauthorized' : 'api';
  const retryable = group === 'rate-limited' || group === 'unavailable';
  return new TaskStatusError({ kind, code, message: message || code, requestId, retryable });
}

/** What an exchange threw, as a `TaskStatusError`: anything else is a network failure, retried. */
export const asTaskStatusError = (raw: unknown): TaskStatusError =>
  raw instanceof TaskStatusError
    ? raw
    : new TaskStatusError({
        kind: 'network',
        retryable: true,
        message: String((raw as Error)?.message ?? raw),
      });

/** What reading a body threw, as the error the widget shows: `invalid`, never retried. */
export const unreadable = (error: unknown): TaskStatusError =>
  error instanceof TaskStatusError
    ? error
    : new TaskStatusError({
        kind: 'invalid',
        retryable: false,
        message: `The status response could not be read: ${(error as Error)?.message ?? error}`,
      });
