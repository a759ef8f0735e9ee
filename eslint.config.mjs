// Lint, and above all the layering rules (VS Code's code-import-patterns, done
// with ESLint's own no-restricted-imports):
//   shared/    pure TypeScript: no Node built-ins, DOM, Electron, native or UI packages, no main/ or renderer/
//   main/      Node: never renderer/ or UI packages; `electron` only in main/electron/ (the thin glue)
//   renderer/  React: never main/, Node built-ins, Electron or native modules
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules.filter((name) => !name.startsWith('_')), ...builtinModules.map((name) => `node:${name}`)];
const nativeModules = ['node-pty', 'better-sqlite3'];
const uiPackages = ['react', 'react-dom', 'react-dom/client', 'zustand'];
const xtermUi = ['@xterm/xterm', '@xterm/addon-*'];

const restrict = (paths, patterns) => [
  'error',
  {
    paths: paths.map((name) => ({ name, message: 'This import breaks the layering (see eslint.config.mjs).' })),
    patterns: patterns.map((group) => ({ group: [group], message: 'This import breaks the layering (see eslint.config.mjs).' })),
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [...nodeBuiltins, 'electron', ...nativeModules, ...uiPackages, 'ws'],
        ['**/main/**', '**/renderer/**', ...xtermUi, '@xterm/headless'],
      ),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', '__dirname', '__filename', 'global'],
    },
  },
  {
    files: ['main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict(['electron', ...uiPackages], ['**/renderer/**', ...xtermUi]),
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([...uiPackages], ['**/renderer/**', ...xtermUi]),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict([...nodeBuiltins, 'electron', ...nativeModules, 'ws', '@xterm/headless'], ['**/main/**']),
    },
  },
  {
    // Renderer tests run under Node (vitest): they may stand up a real server to talk to.
    files: ['renderer/**/*.test.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': restrict(['electron', ...nativeModules], ['**/main/**']) },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.js', '*.config.*', 'bench/**/*.ts', 'e2e/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
