/**
 * Minifies the CSS inside Lit's css`…` tagged templates: comments out, whitespace collapsed,
 * no spaces around `{ } ; , >` or after `:`. Interpolations (`${…}`) are kept as they are.
 * Used by the Vite build (the CDN file) and after `tsc` (dist/ for bundler users), whose own
 * minifiers never look inside template strings. Spaces around `+`/`-` are kept (calc()).
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const CSS_LITERAL = /\bcss\s*`([^`]*)`/g;
const HAS_CSS_LITERAL = /\bcss\s*`/;

export function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}

export function minifyCssLiterals(code: string): string {
  return code.replace(CSS_LITERAL, (_, body: string) => {
    // Minify the text between interpolations only.
    const parts = body.split(/(\$\{[^}]*\})/);
    return 'css`' + parts.map((p) => (p.startsWith('${') ? p : minifyCss(p))).join('') + '`';
  });
}

/** Vite/Rolldown plugin for the CDN build. */
export function cssLiterals(): Plugin {
  return {
    name: 'minify-css-literals',
    transform(code: string, id: string) {
      if (!/\.(ts|js)$/.test(id) || !HAS_CSS_LITERAL.test(code)) return null;
      return { code: minifyCssLiterals(code), map: null };
    },
  };
}

function* jsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* jsFiles(path);
    else if (name.endsWith('.js')) yield path;
  }
}

// `tsx scripts/css-literals.ts dist`: rewrites the tsc output in place.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of jsFiles(process.argv[2] ?? 'dist')) {
    const code = readFileSync(file, 'utf8');
    if (!HAS_CSS_LITERAL.test(code)) continue;
    writeFileSync(file, minifyCssLiterals(code));
  }
}
