import { PARAM_NAME_PATTERN } from './params';

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

/**
 * UPPER_SNAKE variables the text expands. Comments and single-quoted strings
 * are skipped because the shell does not expand them there (awk's `$NF` in
 * quotes is not a param). Lower-case names are locals, not params.
 */
export function findParamReferences(text: string): ParamReference[] {
  const references: ParamReference[] = [];
  const lines = text.split('\n');
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    if (!lines[lineIndex]!.includes('$')) continue;
    const line = blankLiterals(lines[lineIndex]!);
    for (const match of line.matchAll(/\$(?:env:|\{#?)?([A-Za-z_][A-Za-z0-9_]*)/g)) {
      const index = match.index ?? 0;
      if (index > 0 && line[index - 1] === '\\') continue;
      const name = match[1]!;
      if (PARAM_NAME_PATTERN.test(name)) references.push({ name, line: lineIndex, column: index });
    }
  }
  return references;
}

/**
 * Variables a step sets itself (`NAME=…`, `export NAME=…`, `read NAME`,
 * `for NAME in`). Steps share one shell session, so a name set by any step is
 * defined for all of them.
 */
export function findAssignedVariables(code: string): Set<string> {
  const names = new Set<string>();
  for (const rawLine of code.split('\n')) {
    // Every pattern below needs "=", "read" or "for"; most lines have none.
    if (!rawLine.includes('=') && !rawLine.includes('read') && !rawLine.includes('for')) continue;
    const line = blankLiterals(rawLine);
    for (const match of line.matchAll(/(?:^|[\s;&|(])(?:(?:export|local|readonly|declare|typeset)(?:\s+-\w+)*\s+)?([A-Za-z_][A-Za-z0-9_]*)\+?=/g)) {
      names.add(match[1]!);
    }
    for (const match of rawLine.matchAll(/(?:^|[\s;&|(])read\s+([^;&|)]*)/g)) {
      for (const name of readTargets(match[1]!)) names.add(name);
    }
    for (const match of line.matchAll(/\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g)) names.add(match[1]!);
    for (const match of line.matchAll(/\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=/g)) names.add(match[1]!);
  }
  return names;
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
  let out = '';
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (inSingle) {
      if (char === "'") inSingle = false;
      out += ' ';
      continue;
    }
    if (char === '\\') {
      out += line.slice(i, i + 2);
      i++;
      continue;
    }
    if (char === '"') inDouble = !inDouble;
    else if (char === "'" && !inDouble) {
      inSingle = true;
      out += ' ';
      continue;
    } else if (char === '#' && !inDouble && (i === 0 || /\s/.test(line[i - 1]!))) {
      return out + ' '.repeat(line.length - i);
    }
    out += char;
  }
  return out;
}
