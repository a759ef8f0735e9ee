import { PARAM_NAME_PATTERN } from './params';
import { confirmParamReference } from './confirmation';

/**
 * Environment variables a shell or the usual tooling provides, so using them
 * is not an undefined param. Collected from bash(1) "Shell Variables" and the
 * variables common CLIs (kubectl, aws, gcloud, docker, ssh) read.
 */
export const WELL_KNOWN_ENVIRONMENT = new Set([
  'HOME', 'PATH', 'USER', 'LOGNAME', 'SHELL', 'PWD', 'OLDPWD', 'TERM', 'LANG', 'LC_ALL', 'TMPDIR', 'HOSTNAME',
  'HOSTTYPE', 'OSTYPE', 'EDITOR', 'VISUAL', 'PAGER', 'UID', 'EUID', 'PPID', 'RANDOM', 'SECONDS', 'LINENO', 'IFS',
  'PS1', 'PS4', 'BASH', 'BASH_SOURCE', 'BASH_VERSION', 'BASHPID', 'FUNCNAME', 'PIPESTATUS', 'REPLY', 'OPTARG',
  'OPTIND', 'COLUMNS', 'LINES', 'SUDO_USER', 'SSH_AUTH_SOCK', 'SSH_CONNECTION', 'DISPLAY', 'CI', 'KUBECONFIG',
  'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'GOOGLE_APPLICATION_CREDENTIALS', 'CLOUDSDK_CORE_PROJECT',
  'DOCKER_HOST', 'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME',
]);

/** One `$NAME` / `${NAME}` / `$env:NAME` in a step, UPPER_SNAKE names only. */
export interface ParamReference {
  name: string;
  /** 0-based line within the text. */
  line: number;
  /** 0-based column within that line. */
  column: number;
}

const REFERENCE = /\$(?:env:|\{#?)?([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * UPPER_SNAKE variables the text expands. Comments and single-quoted strings
 * are skipped because the shell does not expand them there (awk's `$NF` in
 * quotes is not a param). Lower-case names are locals, not params.
 */
export function findParamReferences(text: string): ParamReference[] {
  return scanStepVariables(text, true, false).references;
}

/**
 * Variables a step sets itself (`NAME=…`, `export NAME=…`, `read NAME`,
 * `for NAME in`). Steps share one shell session, so a name set by any step is
 * defined for all of them.
 */
export function findAssignedVariables(code: string): Set<string> {
  const names = new Set<string>();
  for (const name of scanStepVariables(code, false, true).assigned) names.add(name);
  return names;
}

/** What {@link scanStepVariables} finds in one step's code. */
export interface StepVariables {
  references: ParamReference[];
  /** Names the code assigns, in order found (may repeat). */
  assigned: string[];
}

/**
 * References and assignments of a step's code in one walk over its lines
 * (the param lint needs both for every step of a big runbook): each line is
 * cut out once and its literals blanked once, only when a pattern could
 * match.
 */
export function scanStepVariables(code: string, wantReferences = true, wantAssigned = true): StepVariables {
  const references: ParamReference[] = [];
  const assigned: string[] = [];
  // Where the next "$", "=", "read" and "for" are (-2: not looked for yet, -1: none left): found once
  // each for the whole code, so a line is only cut out when one of them is on it.
  let dollar = -2;
  let equals = -2;
  let read = -2;
  let loop = -2;
  let lineIndex = 0;
  for (let start = 0; start <= code.length; lineIndex++) {
    let end = code.indexOf('\n', start);
    if (end === -1) end = code.length;
    const lineStart = start;
    start = end + 1;
    let hasReference = false;
    if (wantReferences) {
      if (dollar !== -1 && dollar < lineStart) dollar = code.indexOf('$', lineStart);
      hasReference = dollar !== -1 && dollar < end;
    }
    // Every assignment pattern needs "=", "read" or "for"; most lines have none.
    let hasAssignment = false;
    if (wantAssigned) {
      if (equals !== -1 && equals < lineStart) equals = code.indexOf('=', lineStart);
      if (read !== -1 && read < lineStart) read = code.indexOf('read', lineStart);
      if (loop !== -1 && loop < lineStart) loop = code.indexOf('for', lineStart);
      hasAssignment = (equals !== -1 && equals < end) || (read !== -1 && read < end) || (loop !== -1 && loop < end);
    }
    if (!hasReference && !hasAssignment) continue;
    const rawLine = code.slice(lineStart, end);
    const line = blankLiterals(rawLine);
    if (hasReference) referencesInLine(line, lineIndex, references);
    if (hasAssignment) assignmentsInLine(rawLine, line, assigned);
  }
  return { references, assigned };
}

function referencesInLine(line: string, lineIndex: number, references: ParamReference[]): void {
  // One shared sticky-free global regex and exec (matchAll would clone it for every line of every step).
  REFERENCE.lastIndex = 0;
  for (let match = REFERENCE.exec(line); match; match = REFERENCE.exec(line)) {
    const index = match.index;
    if (index > 0 && line.charCodeAt(index - 1) === 92 /* \\ */) continue;
    const name = match[1]!;
    if (PARAM_NAME_PATTERN.test(name)) references.push({ name, line: lineIndex, column: index });
  }
}

const ASSIGNMENT = /(?:^|[\s;&|(])(?:(?:export|local|readonly|declare|typeset)(?:\s+-\w+)*\s+)?([A-Za-z_][A-Za-z0-9_]*)\+?=/g;
const READ_COMMAND = /(?:^|[\s;&|(])read\s+([^;&|)]*)/g;
const FOR_LOOP = /\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g;
const ENV_ASSIGNMENT = /\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=/g;

function assignmentsInLine(rawLine: string, line: string, names: string[]): void {
  // Shared global regexes with exec, as for references: matchAll would clone each one for every line.
  ASSIGNMENT.lastIndex = 0;
  for (let match = ASSIGNMENT.exec(line); match; match = ASSIGNMENT.exec(line)) names.push(match[1]!);
  READ_COMMAND.lastIndex = 0;
  for (let match = READ_COMMAND.exec(rawLine); match; match = READ_COMMAND.exec(rawLine)) names.push(...readTargets(match[1]!));
  FOR_LOOP.lastIndex = 0;
  for (let match = FOR_LOOP.exec(line); match; match = FOR_LOOP.exec(line)) names.push(match[1]!);
  ENV_ASSIGNMENT.lastIndex = 0;
  for (let match = ENV_ASSIGNMENT.exec(line); match; match = ENV_ASSIGNMENT.exec(line)) names.push(match[1]!);
}

/** bash `read` options that take an argument (bash(1), "read"). */
const READ_OPTIONS_WITH_ARGUMENT = /^-[a-zA-Z]*[adinNptu]$/;

/** The variable names a `read` command assigns, skipping its options and their arguments. */
function readTargets(args: string): string[] {
  const tokens = args.replace(/"(?:\\.|[^"\\])*"|'[^']*'/g, '""').trim().split(/\s+/);
  const names: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.startsWith('-')) {
      if (READ_OPTIONS_WITH_ARGUMENT.test(token)) i++;
      continue;
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(token)) names.push(token);
  }
  return names;
}

/** Replaces comments and single-quoted strings by spaces, keeping columns. */
function blankLiterals(line: string): string {
  if (!line.includes("'") && !line.includes('#')) return line;
  // Copies runs of kept text as slices (not character by character): this runs on every line of every step.
  let out = '';
  let kept = 0;
  let inDouble = false;
  for (let i = 0; i < line.length; i++) {
    const char = line.charCodeAt(i);
    if (char === 92 /* \ */) {
      i++;
    } else if (char === 34 /* " */) {
      inDouble = !inDouble;
    } else if (char === 39 /* ' */ && !inDouble) {
      const close = line.indexOf("'", i + 1);
      const end = close === -1 ? line.length : close + 1;
      out += line.slice(kept, i) + ' '.repeat(end - i);
      kept = end;
      i = end - 1;
    } else if (char === 35 /* # */ && !inDouble && (i === 0 || isSpace(line.charCodeAt(i - 1)))) {
      return out + line.slice(kept, i) + ' '.repeat(line.length - i);
    }
  }
  return out + line.slice(kept);
}

function isSpace(char: number): boolean {
  return char === 32 || char === 9 || char === 10 || char === 13 || char === 11 || char === 12;
}

/**
 * The params the given steps use (docs/runbook-format.md: a step uses a
 * param when its code, `cwd` or `confirm` expands `$NAME`): what a run of
 * exactly these steps needs values for.
 */
export function paramsUsedBy(steps: ReadonlyArray<{ code: string; cwd?: string; confirm?: string | boolean }>): Set<string> {
  const used = new Set<string>();
  for (const step of steps) {
    for (const reference of findParamReferences(step.code)) used.add(reference.name);
    if (step.cwd) for (const reference of findParamReferences(step.cwd)) used.add(reference.name);
    const confirmed = typeof step.confirm === 'string' ? confirmParamReference(step.confirm) : null;
    if (confirmed?.name) used.add(confirmed.name);
  }
  return used;
}
