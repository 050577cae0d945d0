/**
 * `npm run sdk:drift`: is there an MPS result kind or field newer than the SDK we pin?
 *
 * Installs the newest `tencentcloud-sdk-nodejs-mps` and the newest combined `tencentcloud-sdk-nodejs`
 * (which often carries MPS models the separate package has not published yet) into a temporary
 * folder, then type-checks `test/core/sdk-coverage.test.ts` against each one's `mps_models.d.ts`
 * in place of the pinned one. Every key the coverage check reports is a kind or field we neither
 * read nor deliberately ignore. Needs the npm registry, so it is not part of `npm test`.
 * Exit code: 0 when both are covered, 1 when something is unhandled, 2 when it could not run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const MODELS = 'tencentcloud/services/mps/v20190612/mps_models.d.ts';
const PINNED_IMPORT =
  'tencentcloud-sdk-nodejs-mps/tencentcloud/services/mps/v20190612/mps_models.js';
const PACKAGES = ['tencentcloud-sdk-nodejs-mps', 'tencentcloud-sdk-nodejs'];

const folder = mkdtempSync(join(tmpdir(), 'mps-sdk-drift-'));
let exitCode = 0;
try {
  writeFileSync(join(folder, 'package.json'), '{"private":true}');
  execFileSync(
    'npm',
    [
      'install',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      ...PACKAGES.map((p) => `${p}@latest`),
    ],
    { cwd: folder, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (const name of PACKAGES) exitCode = Math.max(exitCode, check(name));
} catch (error) {
  console.error(`sdk:drift could not run: ${(error as Error).message}`);
  exitCode = 2;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
process.exit(exitCode);

/** Type-checks the coverage test against one package's MPS models; prints what it names. */
function check(name: string): number {
  const packageDir = join(folder, 'node_modules', name);
  const models = join(packageDir, MODELS);
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  if (!existsSync(models)) {
    console.error(`${name}@${version}: no ${MODELS}`);
    return 2;
  }
  const tsconfig = join(folder, `tsconfig.${name}.json`);
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: {
        noEmit: true,
        paths: { [PINNED_IMPORT]: [models] },
        typeRoots: [join(root, 'node_modules/@types')],
      },
      files: [join(root, 'test/core/sdk-coverage.test.ts')],
      include: [],
    }),
  );
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', tsconfig],
    {
      encoding: 'utf8',
    },
  );
  const output = `${tsc.stdout}${tsc.stderr}`;
  const unhandled = unhandledKeys(output);
  if (tsc.status === 0) {
    console.log(`${name}@${version}: every declared kind and field is handled.`);
    return 0;
  }
  if (unhandled.length) {
    console.log(`${name}@${version}: not handled yet —`);
    for (const line of unhandled) console.log(`  ${line}`);
  }
  const other = output
    .split('\n')
    .filter((line) => /error TS/.test(line) && !/does not satisfy/.test(line));
  if (other.length) console.log(`${name}@${version}: other type errors —\n  ${other.join('\n  ')}`);
  return 1;
}

/** The SDK interface a line of the coverage check is about (`WorkflowTask: true satisfies …`). */
function interfaceAt(line: number): string {
  const lines = readFileSync(join(root, 'test/core/sdk-coverage.test.ts'), 'utf8').split('\n');
  for (let i = line - 1; i >= 0; i--) {
    const name = /^\s+(\w+): true satisfies/.exec(lines[i])?.[1];
    if (name) return name;
  }
  return `coverage line ${line}`;
}

/** `Covered<…>` reports the keys it misses as the type `true` fails to satisfy: `"A" | "B"`. */
function unhandledKeys(output: string): string[] {
  const found: string[] = [];
  const pattern =
    /sdk-coverage\.test\.ts\((\d+),\d+\): error TS1360: Type 'boolean' does not satisfy the expected type '([^']+)'/g;
  const fallback =
    /sdk-coverage\.test\.ts\((\d+),\d+\): error TS\d+: .*?does not satisfy[^']*'([^']+)'/g;
  for (const regex of [pattern, fallback]) {
    for (const match of output.matchAll(regex))
      found.push(`${interfaceAt(Number(match[1]))}: ${match[2]}`);
    if (found.length) break;
  }
  return [...new Set(found)];
}
