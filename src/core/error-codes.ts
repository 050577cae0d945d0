/**
 * MPS error codes (`Response.Error.Code`), grouped by what a caller does about them. The one
 * place that knows them: the browser core maps them to error kinds and retries, the server to
 * HTTP statuses.
 */
export type MpsErrorClass =
  | 'not-found' // no such task, or it expired (MPS keeps tasks for a few days)
  | 'unauthorized' // the caller's credentials or permissions
  | 'account' // the MPS account itself (not activated, in arrears)
  | 'rate-limited' // slow down (100 requests/s per account)
  | 'unavailable' // MPS-side trouble: try again later
  | 'other';

const CLASSES: [RegExp, MpsErrorClass][] = [
  [/^(ResourceNotFound|FailedOperation\.TaskNotFound|InvalidParameterValue\.TaskId)/, 'not-found'],
  [/^(AuthFailure|UnauthorizedOperation)/, 'unauthorized'],
  [/^FailedOperation\.(InvalidMpsUser|UserArrears)/, 'account'],
  [/^RequestLimitExceeded/, 'rate-limited'],
  [/^(InternalError|ServiceUnavailable|Timeout)/, 'unavailable'],
];

export function classifyMpsError(code: string): MpsErrorClass {
  return CLASSES.find(([pattern]) => pattern.test(code))?.[1] ?? 'other';
}
