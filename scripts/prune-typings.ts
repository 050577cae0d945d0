/**
 * Deletes the declaration files no entry point's typings reach. The package's `exports` let a
 * consumer import its entry points only, so TypeScript reads only the `.d.ts` files those reach
 * (through `import`/`export … from`, `import()` types and `/// <reference path>`); the others,
 * written by `tsc` for every module (most of them internal, many empty once `@internal` is
 * stripped), were kilobytes of every install that nothing reads.
 */
import { existsSync, readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const SPECIFIER =
  /(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]|<reference\s+path=['"]([^'"]+)['"]/g;

/** The `types` of every entry in `package.json`'s `exports` (and its top-level `types`). */
function entryTypings(): string[] {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;
  const found: string[] = [];
  const visit = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'types' && typeof inner === 'string') found.push(normalize(inner));
      else visit(inner);
    }
  };
  visit({ types: pkg.types, exports: pkg.exports });
  return found;
}

/** The declaration file an import specifier in `from` names. */
function typingOf(from: string, specifier: string): string {
  const path = normalize(join(dirname(from), specifier));
  return path.endsWith('.d.ts') ? path : path.replace(/\.js$/, '') + '.d.ts';
}

function reachable(): Set<string> {
  const reached = new Set<string>();
  const pending = entryTypings();
  while (pending.length) {
    const file = pending.pop()!;
    if (reached.has(file) || !existsSync(file)) continue;
    reached.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER))
      pending.push(typingOf(file, match[1] ?? match[2]));
  }
  return reached;
}

function* typings(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* typings(path);
    else if (name.endsWith('.d.ts')) yield normalize(path);
  }
}

const reached = reachable();
let pruned = 0;
for (const file of typings('dist')) {
  if (reached.has(file)) continue;
  unlinkSync(file);
  pruned++;
}
console.log(`prune-typings: ${pruned} unreachable .d.ts removed, ${reached.size} kept`);
