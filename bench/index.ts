/** `npm run bench`: every benchmark, printed as Markdown tables for notes and the README. */
import { firstStatusBench } from './first-status.js';
import { handlerBench } from './handler.js';
import { pollingBench } from './polling.js';
import { pushBench } from './push.js';
import { renderBench } from './render.js';
import { serverBench } from './server.js';

console.log('## Polling (virtual time: counts, not wall-clock)');
console.log(await pollingBench());
console.log('\n## Push (server-sent events fed by notifications) vs polling (real time, HTTP)');
console.log(await pushBench());
console.log('\n## Backend handler (wall-clock, this machine)');
console.log(await handlerBench());
console.log(
  '\n## The push half under load and on a bad day, before #22 and now (wall-clock, memory)',
);
console.log(await serverBench());
console.log(
  '\n## Many widgets on one page: ours vs a naive innerHTML element (Chromium, built CDN file, wall-clock)',
);
console.log(await renderBench());
console.log(
  '\n## First status on a phone: one minimal widget vs a naive element (Chromium, Slow 4G, CPU 4x)',
);
console.log(await firstStatusBench());
