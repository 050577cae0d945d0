import type { MpsSimulator } from '../../simulator/simulator.js';
import { UpstreamError, type TaskSource } from '../source.js';

/** The simulator as a source: answers exactly what MPS would, errors as `UpstreamError`s. */
export function simulatorSource(sim: MpsSimulator): TaskSource {
  return async (taskId) => {
    const answer = sim.describe(taskId);
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    let body: {
      Response?: Record<string, unknown> & {
        Error?: { Code: string; Message: string };
        RequestId?: string;
      };
    };
    try {
      body = JSON.parse(answer.body);
    } catch {
      throw new UpstreamError('InternalError', 'MPS returned a body that is not JSON');
    }
    const inner = body.Response;
    if (!inner) throw new UpstreamError('InternalError', 'MPS returned no Response');
    if (inner.Error)
      throw new UpstreamError(inner.Error.Code, inner.Error.Message, inner.RequestId);
    return inner;
  };
}
