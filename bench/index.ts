/** `npm run bench`: every benchmark, printed as Markdown tables for notes and the README. */
import { pollingBench } from './polling.js';

console.log('## Polling (virtual time: counts, not wall-clock)');
console.log(await pollingBench());
