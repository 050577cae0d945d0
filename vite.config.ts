import { defineConfig } from 'vite';
import { mpsSimulator } from './demo/simulator-plugin.js';
import { chunkRegistryPlugin } from './scripts/chunk-registry.js';
import { minifyLiteralsPlugin } from './scripts/minify-literals.js';

/**
 * `npm start`: the demo on the simulated backend. `npm run build:cdn`: the one-file CDN bundle
 * `dist/cdn/mps-task-status.js` (Lit and zod inside, minified, registers the element).
 */
export default defineConfig({
  plugins: [mpsSimulator(), { ...minifyLiteralsPlugin(), apply: 'build' }, chunkRegistryPlugin()],
  server: { port: Number(process.env.PORT ?? 5173) },
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'mps-task-status.js' },
    // Library mode keeps whitespace unless the output itself is minified.
    rolldownOptions: {
      // Pure annotations only serve a later bundler; nobody bundles the CDN file again (-0.1 kB).
      output: { minify: true, comments: false },
      // Modules shared by the main file and its lazy chunks (errors, time) stay in the main file,
      // which hands them to the chunks (scripts/chunk-registry.ts): no third file on the critical
      // path, and no second copy when a page loads the file under another URL.
      preserveEntrySignatures: 'allow-extension',
    },
  },
});
