/**
 * Drops the comments from the JavaScript `tsc` writes for bundler users: they explain the source
 * (which is not in the package), cost every install ~1/3 of the JavaScript's bytes, and the
 * declaration files keep every JSDoc comment editors show. esbuild prints each file again, code
 * unchanged and unminified; pure annotations and legal comments stay.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

function* jsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      // The CDN files are minified by their own build.
      if (name !== 'cdn') yield* jsFiles(path);
    } else if (name.endsWith('.js')) yield path;
  }
}

for (const file of jsFiles(process.argv[2] ?? 'dist')) {
  const { code } = transformSync(readFileSync(file, 'utf8'), {
    loader: 'js',
    format: 'esm',
    target: 'es2022',
    legalComments: 'inline',
    charset: 'utf8',
  });
  writeFileSync(file, code);
}
