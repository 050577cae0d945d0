// `npm run lint` (part of `npm test`): TypeScript rules, Lit template rules, web-component rules.
import js from '@eslint/js';
import globals from 'globals';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import tseslint from 'typescript-eslint';

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
  {
    files: ['src/core/**/*.ts'],
    rules: {
      // The core must run without Lit and without a DOM at import time.
      'no-restricted-imports': [
        'error',
        { patterns: ['lit', 'lit/*', '@lit/*', '../element/*', '../server/*'] },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'location',
        'localStorage',
      ],
    },
  },
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
