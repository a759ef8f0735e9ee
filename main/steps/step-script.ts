/**
 * How a step reaches the shell. Param values are never pasted into command
 * text: they go into a private file as single-quoted assignments (a value
 * cannot end the quote or start shell syntax), the step's code follows, and
 * the shell is sent one short line that sources the file. The file deletes
 * itself before anything else runs, so a secret sits on disk (mode 0600, in
 * a 0700 directory) only between the write and the shell reading it.
 *
 * Sourcing (rather than `bash file`) keeps state: params, exports and `cd`
 * persist in the session for the next step and for commands typed by hand.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Step } from '../../shared/model/runbook';
import { SECRET_MASK } from '../../shared/runbook/confirmation';
import { extensionFor, INTERPRETERS_BY_LANGUAGE, shellProgramFor } from '../../shared/runbook/step-languages';
import { CWD_VARIABLE_REFERENCE } from '../../shared/runbook/step-options';
import { stepHeaderLines, stepHeaderOutput } from '../../shared/terminal/step-header';
import { STEP_RUN_ENV } from '../terminal/process-group';

/** The temporary folder step files are written in starts with this (plain output recognises their source line by it). */
export const STEP_FILES_PREFIX = 'firebreak-steps-';

/** What stands in for a secret value in anything shown or stored. */
export { SECRET_MASK };

/** A param as it goes into the session. */
export interface ExportedParam {
  name: string;
  value: string;
  secret: boolean;
}

/** A POSIX single-quoted word: `it's` → `'it'\''s'`. Safe for any value without NUL. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The `cd` line for a step's `cwd`: `~` at the start is the home directory
 * and `$NAME`/`${NAME}` references are expanded by the shell, as
 * docs/runbook-format.md says; every other character is single-quoted, so
 * nothing else in a cwd is ever run or expanded (lint refuses such a cwd;
 * this is the second wall should one get here).
 */
export function cdLine(cwd: string): string {
  const parts: string[] = [];
  let rest = cwd;
  if (rest === '~' || rest.startsWith('~/')) {
    parts.push('"$HOME"');
    rest = rest.slice(1);
  }
  let literalStart = 0;
  for (const reference of rest.matchAll(CWD_VARIABLE_REFERENCE)) {
    if (reference.index > literalStart) parts.push(shellQuote(rest.slice(literalStart, reference.index)));
    parts.push(`"\${${reference[1] ?? reference[2]}}"`);
    literalStart = reference.index + reference[0].length;
  }
  if (literalStart < rest.length) parts.push(shellQuote(rest.slice(literalStart)));
  return `cd -- ${parts.join('')} || return 1`;
}

export { stepHeaderLines, stepHeaderOutput };

/** What every step file starts with: who it is, its self-removal, the header the terminal shows, the run mark, the params. */
interface ScriptHeadOptions {
  file: string;
  stepId: string;
  title?: string | undefined;
  code: string;
  params: ExportedParam[];
  /** Secrets shown as the mask (dry runs, display). */
  mask?: boolean | undefined;
  runId?: string | undefined;
}

function scriptHead(options: ScriptHeadOptions): string[] {
  const lines = [`# Firebreak step ${options.stepId}`, `rm -f -- ${shellQuote(options.file)}`];
  // The terminal shows what runs. Printed with %s, each line single-quoted: nothing in it is expanded or run.
  lines.push(`printf '\\033[2m%s\\033[0m\\n' ${stepHeaderLines(options).map(shellQuote).join(' ')}`);
  if (options.runId) lines.push(runMarkLine(options.runId));
  for (const param of options.params) lines.push(`export ${param.name}=${options.mask && param.secret ? SECRET_MASK : shellQuote(param.value)}`);
  return lines;
}

/** The text of the file a step run sources. `mask` replaces secret values (for dry runs and display). */
export function stepScriptText(options: ScriptHeadOptions & { cwd?: string }): string {
  const lines = scriptHead(options);
  if (options.cwd) lines.push(cdLine(options.cwd));
  lines.push(options.code.replace(/\s+$/, ''));
  return `${lines.join('\n')}\n`;
}

/** What a step's script needs to know besides the step: where it goes, the params, the document and the session. */
export interface StepScriptContext {
  file: string;
  params: ExportedParam[];
  /** Folder of the runbook file: a relative cwd is resolved against it, as Runme does. */
  documentDir: string;
  /** The session shell's kind (bash, zsh, powershell, …; see detectShellKind). */
  shellKind: string;
  /** Secrets shown as the mask (dry runs, display). */
  mask?: boolean;
  /** The run: exported as STEP_RUN_ENV so every process of the step can be found at a cancel (process-group.ts). */
  runId?: string;
}

/** Marks every process the step starts with its run id; the shell integration unsets it at the next prompt. */
function runMarkLine(runId: string): string {
  return `export ${STEP_RUN_ENV}=${shellQuote(runId)}`;
}

/** Shell kind (as detectShellKind names it) a `shell=` value asks for. */
const SHELL_KIND_OF: Readonly<Record<string, string>> = { bash: 'bash', zsh: 'zsh', sh: 'posix-sh', dash: 'posix-sh', ksh: 'ksh', fish: 'fish', pwsh: 'powershell', powershell: 'powershell' };

/**
 * The programs a step's code is given to as a file, first one found wins;
 * undefined when the code is sourced into the session shell itself (a
 * shell step in the session's own shell, so params, exports and cd carry
 * over to the next step).
 */
export function stepPrograms(step: Pick<Step, 'language' | 'shell' | 'interpreter' | 'code'>, shellKind: string): readonly string[] | undefined {
  if (step.interpreter) return [step.interpreter];
  const wanted = step.shell ?? shellProgramFor(step.language);
  if (wanted !== undefined) {
    const kind = SHELL_KIND_OF[wanted] ?? wanted;
    if (kind === shellKind) return undefined;
    return [wanted === 'powershell' ? 'pwsh' : wanted];
  }
  const interpreters = INTERPRETERS_BY_LANGUAGE[step.language];
  if (interpreters) return interpreters;
  // A block with only a shebang line runs as the executable file it describes.
  if (!['sh', 'bash', 'zsh', 'shell', 'shellscript', 'sh-raw'].includes(step.language) && step.code.startsWith('#!')) return [];
  return undefined;
}

/**
 * A relative cwd belongs to the document's folder (Runme resolves it so);
 * `~`, `$NAME` and absolute paths stand as written.
 */
export function resolveStepCwd(cwd: string | undefined, documentDir: string): string | undefined {
  if (cwd === undefined) return undefined;
  return /^[/~$]/.test(cwd) ? cwd : `${documentDir.replace(/\/+$/, '')}/${cwd}`;
}

/**
 * The file the session sources to run a step, whatever its language:
 * - a shell step in the session's own shell is sourced (state carries over);
 *   with a cwd, it runs there and the session returns to where it was
 *   afterwards (unless the code moved it), as Runme does not move it either;
 * - anything else (another shell such as fish, ksh or pwsh, an interpreter,
 *   a language such as Python) is written to a private file next to this
 *   one and run by its program in a subshell, so the exit code the session
 *   reports is that program's, honestly, even for shells that have no
 *   integration of their own;
 * - a background step is started with & and not waited for; its output goes
 *   to the session, where it is recorded like any other output.
 */
export function stepScriptFor(step: Pick<Step, 'id' | 'title' | 'language' | 'code' | 'cwd' | 'shell' | 'interpreter' | 'background'>, context: StepScriptContext): string {
  const cwd = resolveStepCwd(step.cwd, context.documentDir);
  if (context.shellKind === 'powershell' && stepPrograms(step, context.shellKind) === undefined) {
    return powershellScriptText({ file: context.file, stepId: step.id, code: step.code, params: context.params, ...(cwd ? { cwd } : {}), ...(context.mask ? { mask: true } : {}), ...(context.runId ? { runId: context.runId } : {}) });
  }
  const programs = stepPrograms(step, context.shellKind);
  if (programs === undefined && !step.background) {
    if (!cwd) return stepScriptText(headOptions(step, context));
    const lines = scriptHead(headOptions(step, context));
    lines.push('__firebreak_back=$PWD', cdLine(cwd), '__firebreak_here=$PWD', step.code.replace(/\s+$/, ''));
    lines.push('__firebreak_status=$?', '[ "$PWD" = "$__firebreak_here" ] && cd -- "$__firebreak_back"');
    // eval expands the status before unset runs, so the step's own exit code is what the session reports.
    lines.push('eval "unset __firebreak_back __firebreak_here __firebreak_status; return $__firebreak_status"');
    return `${lines.join('\n')}\n`;
  }
  const lines = scriptHead(headOptions(step, context));
  const body: string[] = [];
  if (cwd) body.push(cdLine(cwd).replace(' || return 1', ' || exit 1'));
  if (programs === undefined) {
    // A background shell step: its code runs in a subshell of the session, with the session's state.
    body.push(step.code.replace(/\s+$/, ''));
  } else {
    const codeFile = `${context.file.replace(/\.[a-z0-9]+$/, '')}.code.${extensionFor(step.language)}`;
    const delimiter = hereDocDelimiter(step.code);
    lines.push(`cat > ${shellQuote(codeFile)} <<'${delimiter}'`, step.code.replace(/\n*$/, ''), delimiter);
    body.push(...runWithFirstProgram(programs, codeFile, step.language), '__firebreak_status=$?', `rm -f -- ${shellQuote(codeFile)}`, 'exit "$__firebreak_status"');
  }
  const subshell = `(\n${body.join('\n')}\n)`;
  if (step.background) {
    lines.push(`${subshell} &`, `echo "firebreak: step ${step.id} started in the background (pid $!); its output appears here."`);
  } else {
    lines.push(subshell, '__firebreak_status=$?', 'eval "unset __firebreak_status; return $__firebreak_status"');
  }
  return `${lines.join('\n')}\n`;
}

/** What the head of a step's file is made from, as {@link stepScriptFor} writes it. */
function headOptions(step: Pick<Step, 'id' | 'title' | 'code'>, context: StepScriptContext): ScriptHeadOptions {
  return { file: context.file, stepId: step.id, title: step.title, code: step.code, params: context.params, mask: context.mask, runId: context.runId };
}

/** A here-document end word that no line of the code equals. */
function hereDocDelimiter(code: string): string {
  const lines = new Set(code.split('\n'));
  let delimiter = 'FIREBREAK_STEP_CODE';
  for (let n = 2; lines.has(delimiter); n++) delimiter = `FIREBREAK_STEP_CODE_${n}`;
  return delimiter;
}

/** Shell lines (inside the step's subshell) that run the code file with the first program installed, or say none is. */
function runWithFirstProgram(programs: readonly string[], codeFile: string, language: string): string[] {
  const file = shellQuote(codeFile);
  if (programs.length === 0) return [`chmod 700 ${file}`, file];
  const lines: string[] = [];
  programs.forEach((program, index) => {
    const words = program.trim().split(/\s+/);
    const quoted = words.map((word) => shellQuote(word)).join(' ');
    lines.push(`${index === 0 ? 'if' : 'elif'} command -v ${shellQuote(words[0]!)} >/dev/null 2>&1; then ${quoted} ${file}`);
  });
  const names = programs.map((program) => program.split(/\s+/)[0]).join(', ');
  lines.push(`else echo ${shellQuote(`firebreak: this ${language || 'code'} step needs ${names}, which is not installed (not found on PATH).`)} >&2; (exit 127)`, 'fi');
  return lines;
}

/** A PowerShell single-quoted string: `it's` → `'it''s'`. */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

/** The PowerShell version of {@link stepScriptText}: `$env:` assignments, then the code. */
export function powershellScriptText(options: { file: string; stepId: string; code: string; params: ExportedParam[]; cwd?: string; mask?: boolean; runId?: string }): string {
  const lines = [`# Firebreak step ${options.stepId}`, `Remove-Item -LiteralPath ${powershellQuote(options.file)} -Force`];
  if (options.runId) lines.push(`$env:${STEP_RUN_ENV} = ${powershellQuote(options.runId)}`);
  for (const param of options.params) {
    lines.push(`$env:${param.name} = ${options.mask && param.secret ? SECRET_MASK : powershellQuote(param.value)}`);
  }
  if (options.cwd) lines.push(`Set-Location -LiteralPath ${powershellQuote(options.cwd)}`);
  lines.push(options.code.replace(/\s+$/, ''));
  return `${lines.join('\n')}\n`;
}

/** The one line typed into the shell to run a step file. Never starts with a space (history would drop it). */
export function sourceLine(file: string): string {
  return `. ${shellQuote(file)}`;
}

/**
 * Text typed into a shell Firebreak cannot hand a file to (an ssh hop, a
 * program that reads commands): non-secret exports, then the code as the
 * responder would type it. Refuses secrets, which would be echoed.
 */
export function typedStepText(options: { code: string; params: ExportedParam[]; cwd?: string }): string {
  if (options.params.some((param) => param.secret && param.value !== '')) {
    throw new Error('This step needs a secret param, which cannot be typed into a shell Firebreak does not control: it would be echoed on the screen.');
  }
  const lines: string[] = [];
  const exports = options.params.map((param) => `${param.name}=${shellQuote(param.value)}`);
  if (exports.length) lines.push(`export ${exports.join(' ')}`);
  if (options.cwd) lines.push(cdLine(options.cwd).replace(' || return 1', ''));
  lines.push(options.code.replace(/\s+$/, ''));
  return `${lines.join('\n')}\n`;
}

/** A private directory (0700) for step files, one per process. */
export class StepFiles {
  private dir: string | undefined;
  /** How often each path was written: a late discard of an older run's file leaves a newer one alone. */
  private readonly generations = new Map<string, number>();

  /**
   * Writes a step file (0600, created new) at a path from {@link pathFor},
   * replacing an older run's file of the same path the shell never read.
   * Returns the write's generation, for {@link discard}.
   */
  write(file: string, text: string): number {
    rmSync(file, { force: true });
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
    const generation = (this.generations.get(file) ?? 0) + 1;
    this.generations.set(file, generation);
    return generation;
  }

  /**
   * Where the step file for a run of this step in this session goes (creates
   * the private directory on first use). The same for every run of the step
   * in the session (one runs at a time), so a dry run for the session shows
   * the exact line the run will send.
   */
  pathFor(stepId: string, sessionId: string, extension = 'sh'): string {
    this.dir ??= mkdtempSync(path.join(os.tmpdir(), STEP_FILES_PREFIX));
    return path.join(this.dir, `${stepId}.${sessionId.slice(0, 8)}.${extension}`);
  }

  /** The generation of the file's last write (see {@link write}). */
  generationOf(file: string): number {
    return this.generations.get(file) ?? 0;
  }

  /** Where a step file would go, without creating anything (dry runs). */
  previewPathFor(stepId: string, runId: string, extension = 'sh'): string {
    return path.join(this.dir ?? path.join(os.tmpdir(), `${STEP_FILES_PREFIX}XXXXXX`), `${stepId}.${runId.slice(0, 8)}.${extension}`);
  }

  /** Removes a step file the shell never read (the step was refused or the shell died); with `generation`, only if no later run wrote it again. */
  discard(file: string, generation?: number): void {
    if (generation !== undefined && generation !== this.generationOf(file)) return;
    rmSync(file, { force: true });
  }

  /** Removes the directory at shutdown. */
  dispose(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}
