// `npm run lint` (part of `npm test`): TypeScript rules, Lit template rules, web-component rules.
import js from '@eslint/js';
import globals from 'globals';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import tseslint from 'typescript-eslint';

const SERVER_USES_SIMULATOR = ['src/server/sources/simulator.ts', 'src/server/web.ts'];
/** Server rendering draws the element's own templates (loaded on first use, Node only). */
const SERVER_RENDERS_ELEMENT = ['src/server/render-element.ts'];
const LAYERS = ['core', 'shared', 'simulator', 'server', 'element', 'react'];

/** Import patterns naming every layer but `allowed`, from one folder down in `src/`. */
const outside = (...allowed) =>
  LAYERS.filter((l) => !allowed.includes(l)).flatMap((l) => [
    `../${l}/*`,
    `../../${l}/*`,
    `../../${l}`,
  ]);

/** A layer's files may import no module matching `patterns`. */
const layer = (files, patterns, rules = {}, ignores = []) => ({
  files: [files].flat(),
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns }], ...rules },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.tmp/', 'custom-elements.json', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/element/**/*.ts', 'src/react/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/element/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    // One screen per function; a longer one says why in an eslint-disable comment.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  // The layers (ARCHITECTURE.md): each may import only what its arrows allow.
  layer('src/core/**/*.ts', ['lit', 'lit/*', '@lit/*', ...outside('core')], {
    // The core must run without Lit and without a DOM at import time.
    'no-restricted-globals': [
      'error',
      'window',
      'document',
      'navigator',
      'location',
      'localStorage',
    ],
  }),
  layer('src/shared/**/*.ts', outside('shared')),
  layer('src/simulator/**/*.ts', outside('simulator', 'core', 'shared')),
  layer('src/server/**/*.ts', outside('server', 'core', 'shared'), {}, [
    ...SERVER_USES_SIMULATOR,
    ...SERVER_RENDERS_ELEMENT,
  ]),
  layer(SERVER_RENDERS_ELEMENT, outside('server', 'core', 'shared', 'element')),
  // The simulator source adapts the fake MPS for demos and tests; the web entry re-exports it.
  layer(SERVER_USES_SIMULATOR, outside('server', 'core', 'shared', 'simulator')),
  layer('src/element/**/*.ts', outside('element', 'core')),
  layer('src/react/**/*.ts', outside('react', 'element', 'core')),
  {
    files: ['*.mjs', '*.cjs', '*.js', 'scripts/**', 'bench/**', 'demo/*-plugin.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // chai assertions are property reads: `expect(x).to.exist`.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
);
