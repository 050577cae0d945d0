// `npm run size` (also the last step of `npm test`): min+gzip of each entry as users receive it.
// Budgets sit just above today's figures so any growth fails; see README "Size" for the targets.
module.exports = [
  {
    name: 'CDN file (dist/cdn/mps-task-status.js, everything inside)',
    path: 'dist/cdn/mps-task-status.js',
    gzip: true,
    brotli: false,
    limit: '31.5 kB',
  },
  {
    name: 'mps-task-status/core (watcher + schema + client, zod included)',
    path: 'dist/core/index.js',
    import: '{ createTaskWatcher }',
    gzip: true,
    brotli: false,
    limit: '13.5 kB',
  },
  {
    name: 'mps-task-status/element without Lit (core and zod included)',
    path: 'dist/element/index.js',
    import: '{ MpsTaskStatus }',
    ignore: ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'],
    gzip: true,
    brotli: false,
    limit: '25.5 kB',
  },
];
