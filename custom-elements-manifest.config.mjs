// cem analyze settings (run by `npm run build`). The JSDoc on the element class is the one source
// of the manifest and, through it, of the README's API tables.
export default {
  litelement: true,
  globs: ['src/element/mps-task-status.ts', 'src/element/events.ts'],
  outdir: '.',
  plugins: [
    {
      // The analyzer also infers an event from `dispatchEvent(new X(...))` without a name; the
      // documented `@fires` entries already describe each one.
      name: 'drop-unnamed-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            if (decl.events) decl.events = decl.events.filter((e) => e.name);
          }
        }
      },
    },
  ],
};
