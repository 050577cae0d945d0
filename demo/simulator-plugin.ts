import type { Plugin } from 'vite';
import { toNodeListener } from '../src/server/node-adapter.js';
import { createSimulatorHandler } from '../src/server/simulator/http.js';
import { MpsSimulator } from '../src/server/simulator/simulator.js';

/** Mounts the simulated MPS backend at `/mps` on Vite's dev and preview servers. */
export function mpsSimulator(opts: { speed?: number } = {}): Plugin {
  const sim = new MpsSimulator({ speed: opts.speed ?? Number(process.env.SIM_SPEED ?? 1), seed: Date.now() % 2 ** 31 });
  const listener = toNodeListener(createSimulatorHandler(sim), { fallthrough: true });
  return {
    name: 'mps-simulator',
    configureServer(server) {
      server.middlewares.use((req, res, next) => void listener(req, res, next));
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => void listener(req, res, next));
    },
  };
}
