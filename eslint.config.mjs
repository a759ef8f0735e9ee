// Lint, and above all the layering rules (VS Code's code-import-patterns, done
// with ESLint's own no-restricted-imports):
//   shared/    pure TypeScript: no Node built-ins, DOM, Electron, native or UI packages, no main/ or renderer/
//   main/      Node: never renderer/ or UI packages; `electron` only in main/electron/ (the thin glue);
//              the contract's ContractFailure only in the contract layer (router and handlers): services
//              throw domain errors (shared/model/domain-errors.ts) and the router maps them to codes;
//              models come from shared/model, not from the contract's channel files
//   renderer/  React: never main/, Node built-ins, Electron or native modules
//   main/store/store-connection.ts (the raw SQLite connection behind an EventStore) only from main/store: SQL and
//              the connection live in the store's repositories; everything else uses their methods
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules.filter((name) => !name.startsWith('_')), ...builtinModules.map((name) => `node:${name}`)];
const nativeModules = ['node-pty', 'better-sqlite3'];
const uiPackages = ['react', 'react-dom', 'react-dom/client', 'react-dom/server', 'zustand'];
// Every entry point of these packages (electron/main, react-dom/server, …), for static imports.
const subpathsOf = (names) => names.map((name) => `${name}/*`);
const xtermUi = ['@xterm/xterm', '@xterm/addon-*'];

const MESSAGE = 'This import breaks the layering (see eslint.config.mjs).';
// Modules only main/store may import (the restrictions below refuse them everywhere else, static or dynamic).
const storeOnlyFiles = ['store/store-connection'];
const STORE_ONLY_MESSAGE = 'The raw SQLite connection is main/store\'s alone: use (or add) a method of a store repository (see eslint.config.mjs).';
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The same restrictions for what no-restricted-imports cannot see: dynamic
 * `import('x')` and `require('x')` of a restricted module or a subpath of
 * one (`electron/main`, `react-dom/server`, `fs/promises`), of a path into
 * a restricted folder, or of a store-only file (`files`); and, unless
 * `literalOnly` is false, a dynamic import whose module is not a string
 * literal, which no rule could check.
 */
const restrictDynamic = (paths, folders, files = storeOnlyFiles, { literalOnly = true } = {}) => {
  const alternatives = [
    ...(paths.length ? [`^(?:${paths.map(escapeRegex).join('|')})(?:\\/.*)?$`] : []),
    ...(folders.length ? [`(?:^|\\/)(?:${folders.map(escapeRegex).join('|')})\\/`] : []),
    ...(files.length ? [`(?:^|\\/)(?:${files.map(escapeRegex).join('|')})(?:\\.[cm]?[jt]s)?$`] : []),
  ];
  const pattern = `/${alternatives.join('|')}/`;
  return [
    'error',
    ...(literalOnly ? [{ selector: `ImportExpression[source.type!='Literal']`, message: 'A dynamic import must name its module as a string literal, so the layering can be checked.' }] : []),
    { selector: `ImportExpression[source.value=${pattern}]`, message: MESSAGE },
    { selector: `CallExpression[callee.name='require'][arguments.0.value=${pattern}]`, message: MESSAGE },
  ];
};

const restrict = (paths, patterns, namedImports = [], storeOnly = storeOnlyFiles) => [
  'error',
  {
    paths: paths.map((name) => ({ name, message: MESSAGE })),
    patterns: [
      ...patterns.map((group) => ({ group: [group], message: MESSAGE })),
      ...namedImports,
      ...storeOnly.map((file) => ({ group: [`**/${file}`, `**/${file}.*`], message: STORE_ONLY_MESSAGE })),
    ],
  },
];

// Choosing a contract error code is the contract layer's business: the engine, services and store throw
// domain errors, and the router is the one place that maps them (so the CLI and drills never see the contract).
const contractFailureOutsideContract = {
  group: ['**/shared/ipc/envelope'],
  importNames: ['ContractFailure'],
  message: 'Throw a domain error from shared/model/domain-errors.ts; the contract router maps it to a code (see eslint.config.mjs).',
};
// The channel files describe the wire; the models they carry live in shared/model, which is what main uses.
const channelsOutsideContract = {
  group: ['**/shared/ipc/channels/**'],
  message: 'Import the model from shared/model; the channel files are the contract layer (see eslint.config.mjs).',
};
const mainImports = [['electron', ...uiPackages], ['**/renderer/**', ...xtermUi, ...subpathsOf(['electron', 'react-dom'])]];
const mainDynamic = [['electron', ...uiPackages, '@xterm/xterm', '@xterm/addon-fit', '@xterm/addon-search', '@xterm/addon-unicode11', '@xterm/addon-web-links'], ['renderer']];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
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
        ['**/main/**', '**/renderer/**', ...xtermUi, '@xterm/headless', ...subpathsOf(['electron', 'react-dom'])],
      ),
      'no-restricted-syntax': restrictDynamic([...nodeBuiltins, 'electron', ...nativeModules, ...uiPackages, 'ws', '@xterm'], ['main', 'renderer']),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', '__dirname', '__filename', 'global'],
    },
  },
  {
    files: ['main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict(...mainImports, [contractFailureOutsideContract, channelsOutsideContract]),
      'no-restricted-syntax': restrictDynamic(...mainDynamic),
    },
  },
  {
    // The contract layer: the router that maps errors to codes, and the handlers, which may choose a code themselves
    // and speak in the channels' request and response types.
    files: ['main/services/contract-router.ts', 'main/services/contract-router.test.ts', 'main/services/handlers/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(...mainImports) },
  },
  {
    // The store: the one place that may hold the raw connection (store-connection.ts), besides everything main may do.
    files: ['main/store/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(...mainImports, [contractFailureOutsideContract, channelsOutsideContract], []),
      'no-restricted-syntax': restrictDynamic(...mainDynamic, []),
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([...uiPackages], ['**/renderer/**', ...xtermUi, ...subpathsOf(['react-dom'])]),
      'no-restricted-syntax': restrictDynamic([...uiPackages, '@xterm/xterm'], ['renderer']),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict([...nodeBuiltins, 'electron', ...nativeModules, 'ws', '@xterm/headless'], ['**/main/**', ...subpathsOf(['electron'])]),
      'no-restricted-syntax': restrictDynamic([...nodeBuiltins, 'electron', ...nativeModules, 'ws', '@xterm/headless'], ['main']),
    },
  },
  {
    // Renderer tests run under Node (vitest): they may stand up a real server to talk to.
    files: ['renderer/**/*.test.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict(['electron', ...nativeModules], ['**/main/**', ...subpathsOf(['electron'])]),
      'no-restricted-syntax': restrictDynamic(['electron', ...nativeModules], ['main']),
    },
  },
  {
    // The drill labs' own processes (plain Node, CommonJS): linted like the rest, never Electron or UI.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-syntax': restrictDynamic(['electron', ...uiPackages], ['renderer']),
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.js', '*.config.*', 'bench/**/*.ts', 'e2e/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Benchmarks, end-to-end tests and scripts have no layer of their own, but the connection is main/store's all the same.
    files: ['scripts/**/*.{ts,mjs}', 'bin/**/*.js', 'bench/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([], []),
      'no-restricted-syntax': restrictDynamic([], [], storeOnlyFiles, { literalOnly: false }),
    },
  },
);
