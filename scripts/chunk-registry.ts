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
 * export no `let`), read by a chunk as it is evaluated, after the entry's shared modules.
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

const ENTRY = 'mps-task-status.js';
const EXPORTS = /export\s*\{([^}]*)\};?\s*$/;

/**
 * The entry's export list, its promise of the element (`src/cdn.ts`'s `element`) turned into a
 * top-level await of it and the element's own exports: a page's `await import()` of the file then
 * finds the element defined, and the modules the element shares with the entry stayed in it (the
 * bundler splits a top-level-awaiting entry's modules out into files of their own).
 */
function exportsOnceRegistered(kept: string[], api: readonly string[]): string {
  const promise = kept.find((spec) => / as element$/.test(spec) || spec === 'element');
  const rest = kept.filter((spec) => spec !== promise);
  if (!promise) return `export{${rest.join(',')}};`;
  const local = promise.split(' as ')[0];
  const names = api.filter((name) => name !== 'default');
  return `const{${names.join(',')}}=await ${local};export{${[...rest, ...names].join(',')}};`;
}

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

/** The module the CDN entry awaits (`src/cdn.ts`): the element, registered. */
const ELEMENT = /[\\/]element[\\/]registered\.ts$/;

/** The modules `root` imports statically, transitively, short of those in `stop`. */
function staticGraph(
  info: (id: string) => { importedIds: readonly string[] } | null,
  root: string,
  stop: Set<string>,
): Set<string> {
  const seen = new Set<string>();
  const queue = [root];
  for (let id = queue.pop(); id; id = queue.pop()) {
    if (seen.has(id) || stop.has(id)) continue;
    seen.add(id);
    queue.push(...(info(id)?.importedIds ?? []));
  }
  return seen;
}

/**
 * `inElementChunk` (the build's one manual chunk group): the modules of the element's chunk, which
 * the entry loads beside its first status requests: everything the element imports that the
 * entry does not already hold. Without it the bundler would move what the element shares with
 * the views' chunks (Lit) into the entry, which dominates them all.
 */
export function chunkRegistryPlugin(): Plugin & { inElementChunk(id: string): boolean } {
  let element = new Set<string>();
  /** The element's API: `src/element/index.ts`'s exports, which the awaited module re-exports. */
  let elementExports: string[] = [];
  return {
    name: 'chunk-registry',
    apply: 'build',
    inElementChunk: (id: string) => element.has(id),
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const info = (id: string) => this.getModuleInfo(id);
      const entry = ids.find((id) => info(id)?.isEntry);
      const registered = ids.find((id) => ELEMENT.test(id));
      if (!entry || !registered) return;
      element = staticGraph(info, registered, staticGraph(info, entry, new Set()));
      elementExports = Array.from(
        info(registered.replace(ELEMENT, '/element/index.ts'))?.exports ?? [],
      );
    },
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
      // Getters, set first: the entry awaits the element's chunk (`src/cdn.ts`), which reads the
      // registry as it is evaluated, before the entry's last line; by then everything it reads
      // has been evaluated (the shared modules come before the entry's own code).
      const handed = specifiers(exported[1])
        .filter(([, name]) => wanted.has(name))
        .map(([local, name]) => `get ${name}(){return ${local}}`);
      // What the entry exported only for its chunks leaves its export list: pages see the API.
      const api = new Set(this.getModuleInfo(entry.facadeModuleId ?? '')?.exports ?? []);
      const kept = specifiers(exported[1])
        .filter(([, name]) => api.has(name) || !wanted.has(name))
        .map(([local, name]) => (local === name ? name : `${local} as ${name}`));
      entry.code = `${registry}={${handed.join(',')}};${entry.code.replace(
        EXPORTS,
        exportsOnceRegistered(kept, elementExports),
      )}`;
    },
  };
}
