import { defineConfig, type Plugin } from 'vite';
import { mpsSimulator } from './demo/simulator-plugin.js';
import { chunkRegistryPlugin } from './scripts/chunk-registry.js';
import { minifyLiteralsPlugin } from './scripts/minify-literals.js';

/**
 * `npm start`: the demo on the simulated backend. `vite build` (in `npm run build`): the CDN
 * folder `dist/cdn/` (minified, Lit and zod inside): the first module `mps-task-status.js`, which
 * registers the element, the element's chunk and the lazy chunks.
 */
const chunkRegistry = chunkRegistryPlugin();

/**
 * The style modules take `css` from Lit's `css-tag` module rather than the whole of `lit`: the
 * CDN entry draws a first status with the element's styles (`first-status-view.ts`) and must not
 * hold Lit itself, which the element's chunk brings. (Tree-shaking would drop the rest anyway;
 * this keeps the chunk split from counting it as the entry's.) Not in the Lit-external build,
 * where `lit` is the page's.
 */
export const stylesFromCssTag: Plugin = {
  name: 'styles-from-css-tag',
  apply: 'build',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source !== 'lit' || !importer?.endsWith('.styles.ts')) return null;
    return this.resolve('@lit/reactive-element/css-tag.js', importer);
  },
};

export default defineConfig({
  plugins: [
    mpsSimulator(),
    { ...minifyLiteralsPlugin(), apply: 'build' },
    chunkRegistry,
    stylesFromCssTag,
  ],
  server: { port: Number(process.env.PORT ?? 5173) },
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    lib: { entry: 'src/cdn.ts', formats: ['es'], fileName: () => 'mps-task-status.js' },
    // Library mode keeps whitespace unless the output itself is minified.
    rolldownOptions: {
      // Pure annotations only serve a later bundler; nobody bundles the CDN file again (-0.1 kB).
      output: {
        minify: true,
        comments: false,
        // The element: one file, loaded by the entry beside its first status requests (`src/cdn.ts`).
        codeSplitting: {
          groups: [
            {
              name: 'element',
              test: chunkRegistry.inElementChunk,
              // What it imports from the entry stays there.
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
      // Modules shared by the main file and its lazy chunks (errors, time) stay in the main file,
      // which hands them to the chunks (scripts/chunk-registry.ts): no third file on the critical
      // path, and no second copy when a page loads the file under another URL.
      preserveEntrySignatures: 'allow-extension',
    },
  },
});
