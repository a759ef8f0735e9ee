import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * One build, three bundles. Main keeps its dependencies external so the
 * native modules (better-sqlite3, node-pty) are loaded from node_modules,
 * never bundled. The sandboxed preload cannot require packages at run time,
 * so it bundles what it imports (the contract and zod).
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          main: resolve(__dirname, 'main/electron/main.ts'),
          cli: resolve(__dirname, 'main/cli/cli.ts'),
          // The output recorder's writer thread (main/terminal/output-recorder.ts finds it beside these).
          'output-writer': resolve(__dirname, 'main/terminal/output-writer-worker.ts'),
          // The engine host process (AppServices): forked by main with utilityProcess, by serve with child_process.
          'engine-host': resolve(__dirname, 'main/engine/engine-host-main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve(__dirname, 'main/electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    build: {
      // The renderer is served to a browser as well as loaded by Electron: minify it (electron-vite leaves it off by default).
      minify: 'esbuild',
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
    plugins: [react()],
  },
});
