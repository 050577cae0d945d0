/**
 * The CDN file's lazy chunks take what they share with the main file from the copy of it that
 * loaded them, not by importing it by name.
 *
 * Rollup's chunks import shared code back from the entry by its plain name
 * (`import{…}from"./mps-task-status.js"`). A CMS loads the file as `mps-task-status.js?ver=6.4.2`
 * (WordPress enqueues every script so), a site may self-host it under another name: either way
 * that import is another URL, so the browser runs a second copy of the whole file (two Lits, two
 * registries, two streams; under a Trusted Types CSP the second `lit-html` policy is refused and
 * nothing renders). Here the entry hands its exports to its chunks through a property of
 * `globalThis` named by the build's own hash, and each chunk's import becomes a read of it.
 *
 * Safe because every value shared this way is a function, a class or a constant (the sources
 * export no `let`), and a chunk is evaluated only after the entry that imports it has finished.
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

const ENTRY = 'mps-task-status.js';
const EXPORTS = /export\s*\{([^}]*)\};?\s*$/;

/** `a as b, c` → [['a', 'b'], ['c', 'c']] (local, exported). */
const specifiers = (list: string) =>
  list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [local, exported = local] = s.split(/\s+as\s+/);
      return [local, exported] as const;
    });

export function chunkRegistryPlugin(): Plugin {
  return {
    name: 'chunk-registry',
    apply: 'build',
    generateBundle(_options, bundle) {
      const entry = bundle[ENTRY];
      if (entry?.type !== 'chunk') throw new Error(`chunk-registry: no ${ENTRY} in the bundle`);
      const key = `mps@${createHash('sha256').update(entry.code).digest('hex').slice(0, 8)}`;
      // A property with this build's name: another build on the page (the Lit-external file, another
      // version) has its own.
      const registry = `globalThis[${JSON.stringify(key)}]`;
      const imports = new RegExp(
        `import\\s*\\{([^}]*)\\}\\s*from\\s*["']\\./${ENTRY.replace('.', '\\.')}["'];?`,
        'g',
      );
      const wanted = new Set<string>();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || chunk === entry) continue;
        chunk.code = chunk.code.replace(imports, (_all, list: string) => {
          const pairs = specifiers(list).map(([name, local]) => {
            wanted.add(name);
            return `${name}:${local}`;
          });
          return `const{${pairs.join(',')}}=${registry};`;
        });
        // Anything else naming the entry (a namespace or bare import) would load it again.
        if (chunk.code.includes(`./${ENTRY}`))
          throw new Error(`chunk-registry: ${chunk.fileName} still imports ${ENTRY} by name`);
      }
      const exported = entry.code.match(EXPORTS);
      if (!exported) throw new Error('chunk-registry: the entry ends in no export list');
      // Values, not getters: the registry is filled once the entry has run, when every one of
      // them is final (a getter each would cost the critical path ~0.1 kB).
      const handed = specifiers(exported[1])
        .filter(([, name]) => wanted.has(name))
        .map(([local, name]) => (local === name ? name : `${name}:${local}`));
      // What the entry exported only for its chunks leaves its export list: pages see the API.
      const api = new Set(this.getModuleInfo(entry.facadeModuleId ?? '')?.exports ?? []);
      const kept = specifiers(exported[1])
        .filter(([, name]) => api.has(name) || !wanted.has(name))
        .map(([local, name]) => (local === name ? name : `${local} as ${name}`));
      entry.code = entry.code.replace(
        EXPORTS,
        `${registry}={${handed.join(',')}};export{${kept.join(',')}};`,
      );
    },
  };
}
