import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering is enforced by lint; these cases prove the rules fire (and do
 * not fire on allowed imports), so a config change cannot silently drop them.
 */
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-globals' || message.ruleId === 'no-restricted-syntax')
    .map((message) => message.message);
}

describe('layering rules', () => {
  it.each([
    ['shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['shared/x.ts', "import path from 'path';\nexport const a = path;\n"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared/x.ts', "import { x } from '../main/services/event-hub';\nexport const a = x;\n"],
    ['shared/x.ts', "import { x } from '../renderer/src/ipc/bridge';\nexport const a = x;\n"],
    ['shared/x.ts', 'export const a = process.env;\n'],
    ['shared/x.ts', 'export const a = window.location;\n'],
    ['main/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['main/services/x.ts', "import { x } from '../../renderer/src/ipc/bridge';\nexport const a = x;\n"],
    ['main/services/x.ts', "import React from 'react';\nexport const a = React;\n"],
    ['main/services/x.ts', "import { Terminal } from '@xterm/xterm';\nexport const a = Terminal;\n"],
    ['renderer/src/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n"],
    ['renderer/src/x.ts', "import * as pty from 'node-pty';\nexport const a = pty;\n"],
    ['renderer/src/x.ts', "import fs from 'fs';\nexport const a = fs;\n"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['renderer/src/x.ts', "import { x } from '../../main/services/event-hub';\nexport const a = x;\n"],
    // Holes found in issue 10: subpaths, dynamic imports and require of what the layer may not use.
    ['main/services/x.ts', "import { app } from 'electron/main';\nexport const a = app;\n"],
    ['main/services/x.ts', "import { ipcRenderer } from 'electron/renderer';\nexport const a = ipcRenderer;\n"],
    ['main/services/x.ts', "export async function f() {\n  const { app } = await import('electron');\n  return app;\n}\n"],
    ['main/services/x.ts', "export async function f() {\n  return (await import('electron/main')).app;\n}\n"],
    ['main/services/x.ts', "export const a = require('electron');\n"],
    ['main/services/x.ts', "import { renderToString } from 'react-dom/server';\nexport const a = renderToString;\n"],
    ['main/services/x.ts', "export async function f() {\n  return import('react-dom/server');\n}\n"],
    ['main/steps/x.ts', "import { app } from 'electron/main';\nexport const a = app;\n"],
    ['main/services/x.ts', "export async function f(name: string) {\n  return import(name);\n}\n"],
    ['shared/x.ts', "export async function f() {\n  return import('node:fs');\n}\n"],
    ['shared/x.ts', "export async function f() {\n  return import('fs');\n}\n"],
    ['shared/x.ts', "export async function f() {\n  return import('electron');\n}\n"],
    ['shared/x.ts', "export async function f() {\n  return import('better-sqlite3');\n}\n"],
    ['renderer/src/x.ts', "export async function f() {\n  return import('node:fs');\n}\n"],
    ['renderer/src/x.ts', "export async function f() {\n  return import('node:child_process');\n}\n"],
    ['renderer/src/x.ts', "export async function f() {\n  return import('electron');\n}\n"],
    ['renderer/src/x.ts', "export async function f() {\n  return import('../../main/services/event-hub');\n}\n"],
    // Services, the engine and the store throw domain errors; only the contract layer chooses a contract code.
    ['main/steps/x.ts', "import { ContractFailure } from '../../shared/ipc/envelope';\nexport const a = ContractFailure;\n"],
    ['main/terminal/x.ts', "import { ContractFailure, type Envelope } from '../../shared/ipc/envelope';\nexport const a = ContractFailure;\nexport type B = Envelope<1>;\n"],
    ['main/drills/x.ts', "import { ContractFailure } from '../../shared/ipc/envelope';\nexport const a = ContractFailure;\n"],
    ['main/incidents/x.ts', "import { ContractFailure } from '../../shared/ipc/envelope';\nexport const a = ContractFailure;\n"],
    ['main/store/x.ts', "import { ContractFailure } from '../../shared/ipc/envelope';\nexport const a = ContractFailure;\n"],
    ['main/services/x.ts', "import { ContractFailure } from '../../shared/ipc/envelope';\nexport const a = ContractFailure;\n"],
    ['main/cli/commands/x.ts', "import { ContractFailure } from '../../../shared/ipc/envelope';\nexport const a = ContractFailure;\n"],
    // Models come from shared/model; the channel files are the contract layer's.
    ['main/drills/x.ts', "import type { DrillStatus } from '../../shared/ipc/channels/drill-channels';\nexport type A = DrillStatus;\n"],
    ['main/steps/x.ts', "import type { StepRunStatus } from '../../shared/ipc/channels/step-channels';\nexport type A = StepRunStatus;\n"],
    // The contract layer's exemption is for ContractFailure alone.
    ['main/services/handlers/x-handlers.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    // The raw SQLite connection behind an EventStore is main/store's alone (issue 10): no layer outside it may import the accessor.
    ['main/services/x.ts', "import { connectionOf } from '../store/store-connection';\nexport const a = connectionOf;\n"],
    ['main/services/x.ts', "import * as connection from '../store/store-connection.ts';\nexport const a = connection;\n"],
    ['main/services/x.ts', "export async function f() {\n  return (await import('../store/store-connection')).connectionOf;\n}\n"],
    ['main/services/x.ts', "export const a = require('../store/store-connection');\n"],
    ['main/services/handlers/x-handlers.ts', "import { connectionOf } from '../../store/store-connection';\nexport const a = connectionOf;\n"],
    ['main/electron/x.ts', "import { connectionOf } from '../store/store-connection';\nexport const a = connectionOf;\n"],
    ['main/incidents/x.ts', "import { connectionOf } from '../store/store-connection';\nexport const a = connectionOf;\n"],
    ['main/incidents/x.test.ts', "import { connectionOf } from '../store/store-connection';\nexport const a = connectionOf;\n"],
    ['main/terminal/x.ts', "import { connectionOf } from '../store/store-connection';\nexport const a = connectionOf;\n"],
    // main/store's own rule block keeps the rest of main's.
    ['main/store/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['main/store/x.ts', "export async function f() {\n  return import('electron');\n}\n"],
    ['main/x.ts', "import { connectionOf } from './store/store-connection';\nexport const a = connectionOf;\n"],
    ['bench/x.bench.ts', "import { connectionOf } from '../main/store/store-connection';\nexport const a = connectionOf;\n"],
    ['e2e/x.spec.ts', "import { connectionOf } from '../main/store/store-connection';\nexport const a = connectionOf;\n"],
  ])('refuses %s: %s', async (file, code) => {
    expect(await layeringErrors(file, code)).not.toEqual([]);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n"],
    ['main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['main/store/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n"],
    // ... and the store's own repositories (and their tests) reach the connection through it.
    ['main/store/x.ts', "import { connectionOf } from './store-connection';\nexport const a = connectionOf;\n"],
    ['main/store/x.test.ts', "import { connectionOf } from './store-connection';\nexport const a = connectionOf;\n"],
    ['main/store/migrations/x.ts', "import { connectionOf } from '../store-connection';\nexport const a = connectionOf;\n"],
    ['main/store/x.ts', "export async function f() {\n  return (await import('./store-connection')).connectionOf;\n}\n"],
    // Outside it, the store's repositories are what a layer imports.
    ['main/services/x.ts', "import { EventStore } from '../store/event-store';\nexport const a = EventStore;\n"],
    ['main/services/x.ts', "import { x } from '../../shared/ipc/contract';\nexport const a = x;\n"],
    ['renderer/src/x.ts', "import { x } from '../../shared/ipc/contract';\nexport const a = x;\n"],
    ['main/electron/x.ts', "import { app } from 'electron/main';\nexport const a = app;\n"],
    ['main/electron/x.ts', "export async function f() {\n  return (await import('electron')).app;\n}\n"],
    ['main/services/x.ts', "export async function f() {\n  return import('node:fs');\n}\n"],
    ['renderer/src/x.ts', "export async function f() {\n  return import('./lazy-panel');\n}\n"],
    ['main/services/contract-router.ts', "import { ContractFailure } from '../../shared/ipc/envelope';\nexport const a = ContractFailure;\n"],
    ['main/services/handlers/x-handlers.ts', "import { ContractFailure } from '../../../shared/ipc/envelope';\nexport const a = ContractFailure;\n"],
    ['main/steps/x.ts', "import { type Envelope } from '../../shared/ipc/envelope';\nexport type A = Envelope<1>;\n"],
    ['main/steps/x.ts', "import { Refused } from '../../shared/model/domain-errors';\nexport const a = Refused;\n"],
    ['main/steps/x.ts', "import type { StepRunStatus } from '../../shared/model/step-run';\nexport type A = StepRunStatus;\n"],
    ['main/services/handlers/x-handlers.ts', "import { drillRequests } from '../../../shared/ipc/channels/drill-channels';\nexport const a = drillRequests;\n"],
  ])('allows %s: %s', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });

  it('says why the connection accessor is refused outside main/store', async () => {
    expect(await layeringErrors('main/services/x.ts', "import { connectionOf } from '../store/store-connection';\nexport const a = connectionOf;\n")).toEqual([
      expect.stringMatching(/raw SQLite connection is main\/store's alone/),
    ]);
  });

  it('lints the .cjs lab scripts', async () => {
    for (const file of ['main/drills/labs/crash-and-rollback/supervisor.cjs', 'main/drills/labs/scripts/lab-watchdog.cjs', 'main/drills/labs/denial-of-service/proxy.cjs']) {
      expect(await eslint.isPathIgnored(file), file).toBe(false);
    }
    const [result] = await eslint.lintText("'use strict';\nconst unused = require('node:fs');\nundefinedThing();\n", { filePath: 'main/drills/labs/x/server.cjs' });
    const rules = result!.messages.map((message) => message.ruleId);
    expect(rules).toContain('@typescript-eslint/no-unused-vars');
    expect(rules).toContain('no-undef');
    const [clean] = await eslint.lintText("'use strict';\nconst http = require('node:http');\nhttp.createServer(() => {}).listen(Number(process.env.PORT));\n", { filePath: 'main/drills/labs/x/server.cjs' });
    expect(clean!.messages).toEqual([]);
  });
});

/**
 * SQL lives in main/store: its repositories own the schema's queries, so a
 * change to a table is made (and tested) in one folder. Anything else that
 * prepares a statement, sets a pragma or runs SQL text fails here.
 */
describe('SQL only in main/store', () => {
  const root = new URL('..', import.meta.url).pathname;
  const SQL = /\.prepare\(|\.pragma\(|\bdb\.exec\(|json_extract\(/;

  /** Checks of what was written, not product code: they read the real database to prove it. */
  const isTestOnly = (file: string): boolean =>
    /\.(test|spec|bench)\.ts$/.test(file) || file.startsWith('bench/') || file.startsWith('e2e/') || file === 'main/incidents/incident-test-harness.ts';

  function sourceFiles(dir: string): string[] {
    return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(relative);
      return /\.(ts|tsx|mjs|cjs|js)$/.test(entry.name) ? [relative] : [];
    });
  }

  const withSql = ['main', 'shared', 'renderer', 'scripts']
    .flatMap(sourceFiles)
    .filter((file) => !file.startsWith('main/store/') && !isTestOnly(file) && file !== 'scripts/layering.test.ts')
    .filter((file) => SQL.test(fs.readFileSync(path.join(root, file), 'utf8')));

  it('finds no SQL outside main/store', () => {
    expect(withSql).toEqual([]);
  });

  it('would notice a query written in a service', () => {
    expect(SQL.test("const row = this.parts.events.db.prepare('SELECT 1').get();")).toBe(true);
    expect(SQL.test("WHERE json_extract(data, '$.runbookId') = ?")).toBe(true);
    expect(SQL.test('const match = /x/.exec(line);')).toBe(false);
  });
});
