/** One upstream answer as it is cached, shared and served: the secret-free body and its ETag. */
export interface Answer {
  /** The inner `Response` object without `RequestId`, as JSON. */
  body: string;
  etag: string;
  finished: boolean;
  /** When the upstream call that produced it started (ms since the epoch). */
  fetchedAt: number;
}
