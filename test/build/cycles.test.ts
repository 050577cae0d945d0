/**
 * No import cycles between files in `src`, type-only imports included: a cycle makes module
 * evaluation order matter and hides which layer depends on which (see ARCHITECTURE.md).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const src = resolve(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : /\.ts$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Relative imports and re-exports of a file, resolved to the `.ts` files they name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*['"](\.[^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g),
    ...text.matchAll(/import\s+['"](\.[^'"]+)['"]/g),
  ].map((match) => match[1]);
  return specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

/** Every cycle found by a depth-first walk, each as the list of files around it. */
export function cyclesIn(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('imports in src', () => {
  it('finds a cycle when there is one (the check itself)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    assert.deepEqual(cyclesIn(graph), [['a', 'b', 'c', 'a']]);
  });

  it('have no cycle, type-only imports included', () => {
    const graph = new Map(files(src).map((file) => [file, importsOf(file)]));
    const cycles = cyclesIn(graph).map((cycle) => cycle.map((f) => relative(src, f)).join(' → '));
    assert.deepEqual(cycles, []);
  });
});
