import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './dashboard/svelte.config.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dashboard/build/', 'dashboard/.svelte-kit/', 'tests/artifacts/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The dashboard's modules run both in Node (server rendering) and in the browser.
    files: ['dashboard/src/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // <script lang="ts"> blocks are TypeScript: the Svelte parser hands them to typescript-eslint's.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
    rules: {
      // The pages' lists are tables and options rendered from server data and
      // replaced whole on navigation; no item carries component state to keep.
      // Many have no unique field (preview rows, history rows), and a duplicate
      // key is a runtime error in Svelte 5, so keys are not required everywhere.
      'svelte/require-each-key': 'off',
      // The app is served at the root of its origin (no kit.paths.base), and
      // many links go to the Express data API (/api/…, /open-data/…), which
      // are not SvelteKit routes that resolve() knows.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
);
