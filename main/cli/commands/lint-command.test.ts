import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { register as registerLint } from './lint-command';
import { register as registerParse } from './parse-command';

let dir: string;
let output: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-lint-'));
  output = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  process.exitCode = undefined;
});

afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<void> {
  const program = new Command('firebreak').exitOverride();
  registerLint(program);
  registerParse(program);
  await program.parseAsync(args, { from: 'user' });
}

const write = (name: string, text: string | Buffer) => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};

const clean = '---\ntitle: Clean\nparams:\n  HOST: {}\n---\n# Check\n\n```bash {id=check expect=0}\ncurl -fsS "$HOST"\n```\n';
const broken = '# Broken\n\n```bash { id=drop destructive=true rollback=nowhere }\ndrop-it\n```\n';

describe('firebreak lint', () => {
  it('exits 0 and says so for a clean runbook', async () => {
    const file = write('clean.md', clean);
    await run('lint', file);
    expect(process.exitCode).toBe(0);
    expect(output).toBe('0 errors, 0 warnings\n');
  });

  it('exits 1 and prints file:line:column  severity  message  rule', async () => {
    const file = write('broken.md', broken);
    await run('lint', file);
    expect(process.exitCode).toBe(1);
    const lines = output.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${file.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}:3:19  error  Step "drop" is destructive .*  destructive-without-confirm$`));
    expect(output).toContain('rollback-target-missing');
    expect(lines.at(-1)).toBe('2 errors, 0 warnings');
  });

  it('recurses into folders for .md files only and prints JSON', async () => {
    write('a/clean.md', clean);
    write('a/b/broken.md', broken);
    write('a/notes.txt', broken);
    write('a/node_modules/dep/readme.md', broken);
    await run('lint', path.join(dir, 'a'), '--json');
    expect(process.exitCode).toBe(1);
    const parsed = JSON.parse(output) as { file: string; line: number; column: number; severity: string; rule: string; message: string }[];
    expect(parsed.map((d) => [path.relative(dir, d.file), d.line, d.column, d.severity, d.rule])).toEqual([
      [path.join('a', 'b', 'broken.md'), 3, 19, 'error', 'destructive-without-confirm'],
      [path.join('a', 'b', 'broken.md'), 3, 36, 'error', 'rollback-target-missing'],
    ]);
    expect(Object.keys(parsed[0]!)).toEqual(['file', 'line', 'column', 'severity', 'rule', 'message']);
  });

  it('reports a missing path, a binary file and an oversized file without crashing', async () => {
    write('bin.md', Buffer.from([0x23, 0x20, 0x00, 0xff, 0xfe]));
    const big = path.join(dir, 'big.md');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 50 * 1024 * 1024);
    await run('lint', path.join(dir, 'missing.md'), path.join(dir, 'bin.md'), big, '--json');
    expect(process.exitCode).toBe(1);
    expect((JSON.parse(output) as { rule: string }[]).map((d) => d.rule)).toEqual(['unreadable', 'binary-file', 'file-too-large']);
  });

  it('warns about invalid UTF-8 but does not fail on it', async () => {
    write('latin1.md', Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    await run('lint', dir, '--json');
    expect(process.exitCode).toBe(0);
    expect(JSON.parse(output)).toEqual([expect.objectContaining({ rule: 'invalid-utf8', severity: 'warning', line: 1, column: 6 })]);
  });
});

describe('firebreak parse', () => {
  it('prints the model as JSON, secrets only marked', async () => {
    const file = write('p.md', '---\nparams:\n  TOKEN: { secret: true }\n---\n# T\n\n```bash {id=a}\ncurl -H "X: $TOKEN" x\n```\n- [ ] done\n');
    await run('parse', file, '--json');
    expect(process.exitCode).toBe(0);
    const model = JSON.parse(output) as Record<string, unknown>;
    expect(model).toMatchObject({ file, title: 'T', params: [{ name: 'TOKEN', secret: true }], steps: [{ id: 'a' }], checklist: [{ text: 'done' }] });
    expect(model).not.toHaveProperty('body');
  });

  it('exits 1 when the file cannot be read', async () => {
    await run('parse', path.join(dir, 'nope.md'), '--json');
    expect(process.exitCode).toBe(1);
    expect(JSON.parse(output)).toMatchObject({ diagnostics: [{ rule: 'unreadable' }] });
  });
});
