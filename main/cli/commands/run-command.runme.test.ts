/**
 * `firebreak run` on a Runme document: the real CLI in a child process.
 * Dry runs only: what would run, by name and by category.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const CLI = path.resolve(__dirname, '..', 'cli.ts');
let dir: string;

const RUNME_DOCUMENT = `---
runme:
  id: 01HF7BT3HD84GT9CMZ5NJMXT1K
  version: v3
---
# Contributing

\`\`\`sh {"id":"01HF7B0KJQ8625WYMCRVJADMQF","name":"test:ci","category":"ci"}
$ npm test
\`\`\`

\`\`\`sh {"id":"01HF7B0KJQ8625WYMCRVJADMQG","name":"release,","category":"release"}
$ npm publish
\`\`\`
`;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-runme-'));
  fs.writeFileSync(path.join(dir, 'CONTRIBUTING.md'), RUNME_DOCUMENT);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

function dryRun(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'run', path.join(dir, 'CONTRIBUTING.md'), '--dry-run', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, FIREBREAK_HOME: path.join(dir, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('firebreak run on a Runme document', () => {
  it('takes a Runme name for --step, titles the step with it and shows the command without its "$ " prompt', async () => {
    const result = await dryRun(['--step', 'test:ci']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('== 01HF7B0KJQ8625WYMCRVJADMQF: test:ci');
    expect(result.stdout).toMatch(/command:\n {2}npm test\n/);
    expect(result.stdout).not.toContain('$ npm');
    expect(result.stdout).not.toContain('npm publish');
  }, 30_000);

  it('runs the steps of one category with --category', async () => {
    const result = await dryRun(['--category', 'release']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(': release');
    expect(result.stdout).not.toContain('npm test');
    const none = await dryRun(['--category', 'docs']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Categories: ci, release');
  }, 30_000);
});
