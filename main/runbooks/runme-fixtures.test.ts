/**
 * Runme's own examples and test data (testdata/runme, Apache-2.0, see its
 * ATTRIBUTION.md): every file is parsed, linted and dry-run, against
 * per-file expectations; every cell Runme would run must be a step; and a
 * cwd example is run for real.
 */
import fs from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterEach, describe, expect, it } from 'vitest';
import type { Step } from '../../shared/model/runbook';
import { parseRunbook } from '../../shared/runbook/parse-runbook';
import { lintPaths } from '../cli/commands/lint-command';
import { EventHub } from '../services/event-hub';
import { TimelineRecorder } from '../services/timeline-recorder';
import { StepRunner } from '../steps/step-runner';
import { EngineHarness } from '../steps/step-test-harness';
import { TerminalService } from '../terminal/terminal-service';
import { loadRunbook } from './runbook-library';

const FIXTURES = path.resolve(__dirname, '..', '..', 'testdata', 'runme');

interface FileExpectation {
  steps: number;
  languages: Record<string, number>;
  /** Params the file declares or Runme would prompt for (promptEnv). */
  params: string[];
  errors: string[];
  warnings: string[];
}
const expectations = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expectations.json'), 'utf8')) as Record<string, FileExpectation>;

function markdownFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? markdownFiles(path.join(dir, entry.name)) : entry.name.endsWith('.md') ? [path.join(dir, entry.name)] : []))
    .sort();
}
const files = [...markdownFiles(path.join(FIXTURES, 'runme')), ...markdownFiles(path.join(FIXTURES, 'vscode-runme'))];
const relative = (file: string) => path.relative(FIXTURES, file);

/**
 * Runme's rule for which blocks run, written out from its source
 * (internal/runner/shell.go IsShellLanguage, internal/command/command.go
 * interpreterByLanguageID, pkg/document/block.go Ignored), independently of
 * Firebreak's parser: shell languages, languages with a known interpreter,
 * and any block with an interpreter or a shebang; not ignore=true or
 * transform=false.
 */
const RUNME_RUNS = new Set(['sh', 'bash', 'zsh', 'ksh', 'shell', 'shellscript', 'sh-raw', 'fish', 'powershell', 'pwsh', 'js', 'javascript', 'jsx', 'javascriptreact', 'ts', 'typescript', 'tsx', 'typescriptreact', 'lua', 'perl', 'php', 'python', 'py', 'ruby', 'rb', 'rust', 'rs', 'go']);
function runmeRunnableCellLines(source: string, bodyStartLine: number, body: string): number[] {
  return new MarkdownIt()
    .parse(body, {})
    .filter((token) => token.type === 'fence' && token.map)
    .filter((token) => {
      const info = token.info.trim();
      const language = (/^[^\s{]*/.exec(info)?.[0] ?? '').toLowerCase();
      if (/"?ignore"?\s*[:=]\s*"?true/i.test(info) || /"?transform"?\s*[:=]\s*"?false/i.test(info)) return false;
      return RUNME_RUNS.has(language) || /"?interpreter"?\s*[:=]/.test(info) || token.content.startsWith('#!');
    })
    .map((token) => bodyStartLine + token.map![0]);
}

describe('Runme examples and test data', () => {
  it('has an expectation for every fixture file and none for missing files', () => {
    expect(files.length).toBeGreaterThan(60);
    expect(Object.keys(expectations).sort()).toEqual(files.map(relative).sort());
  });

  it.each(files.map((file) => [relative(file), file]))('%s: parses and lints as expected', (name, file) => {
    const source = fs.readFileSync(file, 'utf8');
    const parsed = parseRunbook(source, name);
    const expected = expectations[name]!;
    const languages: Record<string, number> = {};
    for (const step of parsed.steps) languages[step.language || '(shebang)'] = (languages[step.language || '(shebang)'] ?? 0) + 1;
    expect({
      steps: parsed.steps.length,
      languages,
      params: parsed.params.map((param) => param.name),
      errors: parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.rule),
      warnings: [...new Set(parsed.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.rule))].sort(),
    }).toEqual(expected);
    // Every cell Runme would run is a step, at its fence.
    expect(parsed.steps.map((step) => step.lineStart)).toEqual(expect.arrayContaining(runmeRunnableCellLines(source, parsed.bodyStartLine, parsed.body)));
    // No shell step keeps a "$ " prompt Runme would have stripped.
    for (const step of parsed.steps.filter((candidate) => ['sh', 'bash', 'zsh', 'shell'].includes(candidate.language))) expect(step.code).not.toMatch(/^\$ /m);
  });

  it('firebreak lint finds no errors in any of them', () => {
    expect(lintPaths([FIXTURES]).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('dry-runs every step of every file: the exact code, in a script for the right program', () => {
    const hub = new EventHub();
    const terminals = new TerminalService({ hub });
    let total = 0;
    for (const file of files) {
      const runbook = loadRunbook(file, 'user');
      const runner = new StepRunner({ get: () => runbook }, terminals, new TimelineRecorder(null, hub), hub, { assertRunnable() {} });
      try {
        for (const step of runbook.steps) {
          const dry = runner.dryRun({ runbookId: runbook.id, stepId: step.id });
          expect(dry.command, `${relative(file)} ${step.id}`).toBe(step.code);
          expect(dry.script).toContain(`# Firebreak step ${step.id}`);
          expect(dry.script).toContain(step.code.replace(/\s+$/, '').split('\n')[0]!);
          expectProgram(step, dry.script);
          total++;
        }
      } finally {
        runner.dispose();
      }
    }
    expect(total).toBe(Object.values(expectations).reduce((sum, expected) => sum + expected.steps, 0));
  });
});

/** Non-shell steps are handed to their program, never sourced into bash. */
function expectProgram(step: Step, script: string): void {
  if (step.interpreter) expect(script).toContain(`command -v '${step.interpreter.split(/\s+/)[0]}'`);
  else if (step.language === 'python') expect(script).toContain("command -v 'python3'");
  else if (['js', 'javascript'].includes(step.language)) expect(script).toContain("command -v 'node'");
  else if (step.shell === 'ksh' || step.language === 'ksh') expect(script).toContain("command -v 'ksh'");
}

describe('a Runme cwd example, run for real', () => {
  const harnesses: EngineHarness[] = [];
  afterEach(() => harnesses.splice(0).forEach((harness) => harness.dispose()));

  it('frontmatter/cwd/RELATIVE.md: front-matter cwd from the document folder, a step cwd inside it, an absolute one as is', async () => {
    const h = new EngineHarness({ shell: '/bin/bash', runbook: fs.readFileSync(path.join(FIXTURES, 'runme/examples/frontmatter/cwd/RELATIVE.md'), 'utf8') });
    harnesses.push(h);
    const session = await h.openSession();
    const outputs: string[] = [];
    for (const name of ['relative-pwd', 'relative-rel-pwd', 'relative-abs-pwd']) {
      const step = h.runbook.steps.find((candidate) => candidate.name === name)!;
      const status = await h.runStep(session, step.id);
      expect(status.state, name).toBe(status.exitCode === 0 ? 'passed' : 'failed');
      const finished = h.events('step.finished').at(-1)!;
      outputs.push((finished.data.transcript as { text: string }).text.trim().split('\n').at(-1)!.trim());
    }
    expect(outputs.slice(0, 2)).toEqual([path.resolve(h.dir, '../../../'), path.resolve(h.dir, '../../../../')]);
    expect(outputs[2]).toMatch(fs.existsSync('/opt') ? /^\/opt$/ : /No such file/);
    // Runme does not move the session: a step without cwd still starts at home.
    expect(h.terminals.get(session).cwd ?? h.home).toBe(h.home);
  }, 30_000);
});
