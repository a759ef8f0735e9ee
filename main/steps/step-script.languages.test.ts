import { stepHeaderLines, stepHeaderOutput } from '../../shared/terminal/step-header';
/**
 * Step scripts for every kind of step, sourced by a real bash and zsh as a
 * session would: exit codes, where the session ends up, and files left.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Step } from '../../shared/model/runbook';
import { parseRunbook } from '../../shared/runbook/parse-runbook';
import { resolveStepCwd, stepPrograms, stepScriptFor } from './step-script';

let dir: string;
let bin: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-lang-')));
  bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.mkdirSync(path.join(dir, 'docs', 'deploy'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'steps'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

function stepOf(markdown: string): Step {
  const parsed = parseRunbook(markdown, 'x.md');
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return parsed.steps[0]!;
}

/** Sources the step file in `shell` from `startDir`, as the session does, then reports status and where the session is. */
function source(shell: string, step: Step, startDir = dir): { out: string; status: number; pwd: string; left: string[] } {
  const file = path.join(dir, 'steps', `${step.id}.run.sh`);
  fs.writeFileSync(file, stepScriptFor(step, { file, params: [{ name: 'TARGET', value: 'web 1', secret: false }], documentDir: path.join(dir, 'docs'), shellKind: path.basename(shell) }));
  const out = execFileSync(shell, ['-c', `cd ${JSON.stringify(startDir)}; . ${JSON.stringify(file)}; s=$?; echo "@status=$s"; echo "@pwd=$PWD"`], {
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir },
    encoding: 'utf8',
  });
  // Every step first prints its dimmed header (what runs); the step's own output follows it.
  const header = stepHeaderOutput(stepHeaderLines({ stepId: step.id, title: step.title, code: step.code })).replaceAll('\r\n', '\n');
  expect(out.startsWith(header), `the header first:\n${out}`).toBe(true);
  return {
    out: out.slice(header.length).replace(/@status=.*\n|@pwd=.*\n/g, ''),
    status: Number(/@status=(\d+)/.exec(out)![1]),
    pwd: /@pwd=(.*)/.exec(out)![1]!,
    left: fs.readdirSync(path.join(dir, 'steps')),
  };
}

for (const shell of ['/bin/bash', '/bin/zsh']) {
  describe(`step scripts sourced by ${shell}`, () => {
    it('runs a python block through python3 from a private file, with params, and reports its exit code', () => {
      const result = source(shell, stepOf('```python\nimport os, sys\nprint("target=" + os.environ["TARGET"])\nsys.exit(4)\n```\n'));
      expect(result).toMatchObject({ out: 'target=web 1\n', status: 4, pwd: dir, left: [] });
    });

    it('runs a js block through node and a shebang block as the program it names', () => {
      expect(source(shell, stepOf('```js\nconsole.log(process.env.TARGET.toUpperCase())\n```\n'))).toMatchObject({ out: 'WEB 1\n', status: 0 });
      expect(source(shell, stepOf('```\n#!/usr/bin/env python3\nprint(6 * 7)\n```\n'))).toMatchObject({ out: '42\n', status: 0, left: [] });
    });

    it('runs sh {interpreter=…} with that interpreter, not the session shell', () => {
      expect(source(shell, stepOf('```sh {interpreter="python3 -u"}\nprint("from python")\n```\n'))).toMatchObject({ out: 'from python\n', status: 0 });
    });

    it('runs a ksh or fish block with that shell and reports its exit code honestly', () => {
      // ksh and fish are not installed here: dash stands in for ksh (same POSIX syntax for this code).
      fs.symlinkSync('/bin/dash', path.join(bin, 'ksh'));
      expect(source(shell, stepOf('```ksh\necho "in $0"\nexit 3\n```\n'))).toMatchObject({ status: 3, left: [] });
      const missing = source(shell, stepOf('```fish\necho hi\n```\n'));
      expect(missing.status).toBe(127);
      expect(missing.left).toEqual([]);
    });

    it('says plainly when the interpreter is not installed', () => {
      const step = stepOf('```ruby\nputs 1\n```\n');
      const file = path.join(dir, 'steps', 'r.sh');
      fs.writeFileSync(file, stepScriptFor(step, { file, params: [], documentDir: dir, shellKind: path.basename(shell) }));
      const out = execFileSync(shell, ['-c', `. ${JSON.stringify(file)} 2>&1; echo "@status=$?"`], { env: { PATH: bin, HOME: dir }, encoding: 'utf8' });
      expect(out).toContain('needs ruby, which is not installed');
      expect(out).toContain('@status=127');
    });

    it('resolves a relative cwd against the document folder and leaves the session where it was', () => {
      const result = source(shell, stepOf('```sh {cwd=deploy}\npwd\n(exit 2)\n```\n'), path.join(dir, 'steps'));
      expect(result).toMatchObject({ out: `${path.join(dir, 'docs', 'deploy')}\n`, status: 2, pwd: path.join(dir, 'steps') });
      // A step whose own code moves the session keeps that move, as a step without cwd does.
      expect(source(shell, stepOf('```sh {cwd=deploy}\ncd /tmp\n```\n')).pwd).toBe('/tmp');
      expect(source(shell, stepOf('```sh {cwd=..}\npwd\n```\n'), '/').out).toBe(`${dir}\n`);
    });

    it('starts a background step without waiting for it; its output still reaches the session', async () => {
      const step = stepOf('```sh {background=true}\nsleep 2; echo "late $TARGET"\n```\n');
      const file = path.join(dir, 'steps', 'bg.sh');
      fs.writeFileSync(file, stepScriptFor(step, { file, params: [{ name: 'TARGET', value: 'web 1', secret: false }], documentDir: dir, shellKind: path.basename(shell) }));
      const started = Date.now();
      const child = spawn(shell, ['-c', `. ${JSON.stringify(file)}; echo "@status=$?"; wait`], { env: { PATH: process.env.PATH, HOME: dir } });
      let out = '';
      let statusAfterMs = -1;
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (statusAfterMs < 0 && out.includes('@status=')) statusAfterMs = Date.now() - started;
      });
      await new Promise((resolve) => child.on('close', resolve));
      expect(statusAfterMs).toBeGreaterThanOrEqual(0);
      expect(statusAfterMs).toBeLessThan(1500);
      expect(out).toMatch(/started in the background \(pid \d+\)[\s\S]*@status=0[\s\S]*late web 1/);
    });
  });
}

describe('stepPrograms', () => {
  it('sources shell steps in the session shell and hands everything else to a program', () => {
    const step = (language: string, extra: Partial<Step> = {}) => ({ language, code: 'x', ...extra });
    expect(stepPrograms(step('bash'), 'bash')).toBeUndefined();
    expect(stepPrograms(step('sh', { shell: 'zsh' }), 'zsh')).toBeUndefined();
    expect(stepPrograms(step('sh', { shell: 'zsh' }), 'bash')).toEqual(['zsh']);
    expect(stepPrograms(step('pwsh'), 'bash')).toEqual(['pwsh']);
    expect(stepPrograms(step('pwsh'), 'powershell')).toBeUndefined();
    expect(stepPrograms(step('python'), 'bash')).toEqual(['python3', 'python']);
    expect(resolveStepCwd('../x', '/srv/docs')).toBe('/srv/docs/../x');
    expect(resolveStepCwd('~/x', '/srv/docs')).toBe('~/x');
  });
});
