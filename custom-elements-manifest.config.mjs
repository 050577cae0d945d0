// cem analyze settings (run by `npm run build`). The JSDoc on the element class is the one source
// of the manifest and, through it, of the README's API tables.
export default {
  litelement: true,
  globs: ['src/element/mps-task-status.ts', 'src/element/events.ts'],
  outdir: '.',
  plugins: [
    {
      // Internal reactive state (`{state: true}` in `static properties`) is no attribute; the
      // analyzer reads every entry of `static properties` as one.
      name: 'state-is-no-attribute',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            const internal = new Set(
              (decl.members ?? []).filter((m) => m.privacy === 'private').map((m) => m.name),
            );
            if (decl.attributes)
              decl.attributes = decl.attributes.filter((a) => !internal.has(a.fieldName));
            for (const member of decl.members ?? []) {
              if (internal.has(member.name)) delete member.attribute;
              // Public is what a member without `privacy` is (the schema's default).
              if (member.privacy === 'public') delete member.privacy;
            }
          }
        }
      },
    },
    {
      // The manifest ships in the package, where `src/` does not: its modules are the built
      // `dist/*.js` files users import.
      name: 'point-at-dist',
      packageLinkPhase({ customElementsManifest }) {
        const toDist = (path) => path?.replace(/^src\/(.*)\.ts$/, 'dist/$1.js');
        for (const mod of customElementsManifest.modules) {
          mod.path = toDist(mod.path);
          for (const entry of [...(mod.exports ?? []), ...(mod.declarations ?? [])]) {
            if (entry.declaration?.module)
              entry.declaration.module = toDist(entry.declaration.module);
            for (const member of entry.members ?? [])
              if (member.inheritedFrom?.module)
                member.inheritedFrom.module = toDist(member.inheritedFrom.module);
          }
        }
      },
    },
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
