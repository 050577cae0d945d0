import {
  createTaskStatusHandler,
  type TaskStatusHandlerOptions,
} from '../../src/server/handler.js';
import type { TaskSource } from '../../src/server/source.js';
import { simulatorSource } from '../../src/server/sources/simulator.js';
import { MpsSimulator } from '../../src/simulator/simulator.js';
import { openStream } from './sse.js';
import { VirtualTime } from './virtual-time.js';

/**
 * The status handler called in-process on a virtual clock, simulator included: a test advances
 * time and sees what the server sent by then, and "nothing more came" is a fact, not a guess.
 * `wrap` puts a faulty or slow MPS in front of the simulator's source.
 */
export function serveVirtual(
  options: Partial<TaskStatusHandlerOptions> = {},
  wrap: (source: TaskSource, time: VirtualTime) => TaskSource = (source) => source,
) {
  const time = new VirtualTime();
  const sim = new MpsSimulator({ now: () => time.now });
  const handler = createTaskStatusHandler({
    source: wrap(simulatorSource(sim), time),
    allowAnyTask: true,
    clock: time.clock(),
    log: () => {},
    ...options,
  });
  const call = (url: string, init?: RequestInit) => handler(new Request(url, init));
  const url = 'http://status.test/api/task';
  return {
    time,
    sim,
    handler,
    call,
    url,
    open: (u: string, init?: RequestInit) => openStream(u, init, call),
  };
}
