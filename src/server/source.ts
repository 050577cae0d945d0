/** An error from MPS (or a source standing in for it), with MPS's code. */
export class UpstreamError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message || code);
    this.name = 'UpstreamError';
  }
}

/** Asks a source for the inner `Response` object of DescribeTaskDetail; rejects with `UpstreamError`. */
export type TaskSource = (
  taskId: string,
  ctx: { signal: AbortSignal },
) => Promise<Record<string, unknown>>;
