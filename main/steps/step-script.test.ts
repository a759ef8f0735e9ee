import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cdLine, powershellQuote, shellQuote, stepHeaderLines, stepHeaderOutput, stepScriptText, typedStepText } from './step-script';

describe('shellQuote', () => {
  it('gives any value back unchanged through a real bash and a real sh, whatever it contains', () => {
    const values = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }).filter((value) => !value.includes('\0')), 300);
    values.push(`'; rm -rf ~; echo '`, '$(id)', '`id`', '\\', "'", '"', '\n', '${HOME}', '!!', '*');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-quote-'));
    try {
      const script = path.join(dir, 'values.sh');
      fs.writeFileSync(script, values.map((value) => `printf '%s\\0' ${shellQuote(value)}`).join('\n'));
      for (const shell of ['/bin/bash', '/bin/sh']) {
        const out = execFileSync(shell, [script], { cwd: dir, encoding: 'utf8' });
        expect(out.split('\0').slice(0, -1)).toEqual(values);
      }
      expect(fs.readdirSync(dir)).toEqual(['values.sh']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
  });

  it('doubles PowerShell quotes, typographic ones included', () => {
    expect(powershellQuote("it's")).toBe("'it''s'");
    expect(powershellQuote('a\u2019b')).toBe("'a\u2019\u2019b'");
  });
});

describe('step files', () => {
  it('delete themselves first, export params, cd with ~ and $PARAM expanded, then run the code', () => {
    const text = stepScriptText({
      file: "/tmp/x/it's.sh",
      stepId: 'check',
      code: 'echo hi\n\n',
      params: [
        { name: 'A', value: "x'y", secret: false },
        { name: 'T', value: 'secret-value', secret: true },
      ],
      cwd: '~/work/$A dir',
    });
    expect(text.split('\n')).toEqual([
      '# Firebreak step check',
      `rm -f -- '/tmp/x/it'\\''s.sh'`,
      `printf '\\033[2m%s\\033[0m\\n' '── check (step check)' '$ echo hi'`,
      `export A='x'\\''y'`,
      `export T='secret-value'`,
      `cd -- "$HOME"'/work/'"\${A}"' dir' || return 1`,
      'echo hi',
      '',
    ]);
    expect(stepScriptText({ file: '/f', stepId: 's', code: 'true', params: [{ name: 'T', value: 'secret-value', secret: true }], mask: true })).not.toContain('secret-value');
  });

  it('prints its title and code as written first, dimmed, in a real bash: nothing in them is expanded or run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-header-'));
    try {
      const file = path.join(dir, 'step.sh');
      const code = `echo "it's $TARGET" $(id -u) \`id\` %s %d\\n`;
      const title = 'Restart $(touch pwned) `id` 100%';
      // The file's first three lines: the comment, the rm of itself, the header.
      fs.writeFileSync(file, `${stepScriptText({ file, stepId: 'restart', title, code, params: [] }).split('\n').slice(0, 3).join('\n')}\n`);
      const out = execFileSync('/bin/bash', ['-c', `. ${file}`], { cwd: dir, encoding: 'utf8' });
      expect(out).toBe(stepHeaderOutput(stepHeaderLines({ stepId: 'restart', title, code })).replaceAll('\r\n', '\n'));
      expect(out).toContain(`$ ${code}`);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
  });

  it('typed text (for a program Firebreak cannot hand a file to) refuses secrets, which would be echoed', () => {
    expect(() => typedStepText({ code: 'true', params: [{ name: 'T', value: 'pw12345', secret: true }] })).toThrow(/would be echoed/);
    expect(typedStepText({ code: 'echo $A', params: [{ name: 'A', value: 'v', secret: false }] })).toBe("export A='v'\necho $A\n");
    expect(cdLine('/srv/"x"')).toBe(`cd -- '/srv/"x"' || return 1`);
  });

  it('cd never runs what a cwd contains: only ~ and $NAME/${NAME} are expanded, in a real bash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-cwd-'));
    try {
      const target = path.join(dir, "it's $1 ${A:-y} `x` \\ dir");
      fs.mkdirSync(path.join(dir, 'web 1', 'logs'), { recursive: true });
      fs.mkdirSync(target);
      const cases: Array<[cwd: string, expected: string]> = [
        [path.join(dir, '$SUB/logs'), path.join(dir, 'web 1', 'logs')],
        [path.join(dir, '${SUB}/logs'), path.join(dir, 'web 1', 'logs')],
        ['~/logs', path.join(dir, 'web 1', 'logs')],
        [target, target],
      ];
      for (const [cwd, expected] of cases) {
        const script = `f() { ${cdLine(cwd)}; pwd; }; f`;
        const out = execFileSync('/bin/bash', ['-c', script], { env: { PATH: process.env.PATH, HOME: path.join(dir, 'web 1'), SUB: 'web 1' }, encoding: 'utf8' });
        expect(out.trim(), cwd).toBe(expected);
      }
      // Lint refuses this cwd; should one get here anyway, the substitution is a directory name, never a command.
      const hostile = `f() { ${cdLine('/tmp/$(echo INJECTED >&2; echo x)')}; }; f 2>&1; true`;
      const out = execFileSync('/bin/bash', ['-c', hostile], { encoding: 'utf8' });
      expect(out).not.toMatch(/^INJECTED$/m);
      expect(out).toContain('No such file or directory');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
  });
});
