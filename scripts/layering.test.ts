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
    .filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-globals')
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
  ])('refuses %s: %s', async (file, code) => {
    expect(await layeringErrors(file, code)).not.toEqual([]);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n"],
    ['main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['main/store/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n"],
    ['main/services/x.ts', "import { x } from '../../shared/ipc/contract';\nexport const a = x;\n"],
    ['renderer/src/x.ts', "import { x } from '../../shared/ipc/contract';\nexport const a = x;\n"],
  ])('allows %s: %s', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });
});
