// `npm run size` (also the last step of `npm test`): min+gzip of what users receive.
// Budgets sit just above today's figures so any growth fails; they only ever go down.
// The CDN files are measured as built (not bundled again: `bundle: false`). The npm entries are bundled as a
// bundler would; "critical path" leaves out the lazily imported chunks (response reader, zh-CN),
// which a page loads while its first request is in flight.
const lazyChunksExternal = {
  name: 'lazy-chunks-external',
  setup(build) {
    build.onResolve({ filter: /(read-task|zh-CN)\.js$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};
const split = (config) => ({ ...config, plugins: [...(config.plugins ?? []), lazyChunksExternal] });
const asBuilt = ({ external: _unused, ...config }) => ({ ...config, bundle: false });
const lit = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'];

module.exports = [
  {
    name: 'CDN main file: critical path (Lit, element, watcher, en)',
    path: 'dist/cdn/mps-task-status.js',
    modifyEsbuildConfig: asBuilt,
    gzip: true,
    limit: '22.9 kB',
  },
  {
    name: 'CDN chunk: response reader (zod, schema, normalize), loaded with the first request',
    path: 'dist/cdn/read-task-*.js',
    modifyEsbuildConfig: asBuilt,
    gzip: true,
    limit: '10.8 kB',
  },
  {
    name: 'CDN chunk: zh-CN strings (Chinese pages only)',
    path: 'dist/cdn/zh-CN-*.js',
    modifyEsbuildConfig: asBuilt,
    gzip: true,
    limit: '2.3 kB',
  },
  {
    name: 'CDN total, every file',
    path: 'dist/cdn/*.js',
    modifyEsbuildConfig: asBuilt,
    gzip: true,
    limit: '35.9 kB',
  },
  {
    name: 'mps-task-status/core: critical path (watcher, client, policy)',
    path: 'dist/core/index.js',
    import: '{ createTaskWatcher }',
    modifyEsbuildConfig: split,
    gzip: true,
    limit: '4.3 kB',
  },
  {
    name: 'mps-task-status/core: with the response reader (zod included)',
    path: 'dist/core/index.js',
    import: '{ createTaskWatcher }',
    gzip: true,
    limit: '15.5 kB',
  },
  {
    name: 'mps-task-status/element without Lit: critical path',
    path: 'dist/element/index.js',
    import: '{ MpsTaskStatus }',
    ignore: lit,
    modifyEsbuildConfig: split,
    gzip: true,
    limit: '17.1 kB',
  },
];
