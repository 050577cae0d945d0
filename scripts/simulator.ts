/** `npm run simulator`: the simulated MPS backend on its own (PORT, SIM_SPEED from the environment). */
import { createServer } from 'node:http';
import { toNodeListener } from '../src/server/node-adapter.js';
import { createSimulatorHandler } from '../src/simulator/http.js';
import { MpsSimulator } from '../src/simulator/simulator.js';

const port = Number(process.env.PORT ?? 8787);
const sim = new MpsSimulator({ speed: Number(process.env.SIM_SPEED ?? 1) });
const server = createServer(toNodeListener(createSimulatorHandler(sim)));
server.listen(port, () => {
  console.log(`Simulated MPS on http://localhost:${port}/mps`);
  console.log(`  create:   curl -X POST localhost:${port}/mps/tasks -d '{"scenario":"success"}'`);
  console.log(`  describe: curl 'localhost:${port}/mps/task?TaskId=<id>'`);
});
