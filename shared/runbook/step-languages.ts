/**
 * Which fenced blocks are steps and how each is run. The sets follow Runme
 * (stateful/runme internal/runner/shell.go IsShellLanguage and
 * internal/command/command.go interpreterByLanguageID), so a block Runme
 * would run is a step here too.
 */

/** Languages Firebreak sources into the session shell (or runs with their own shell, see {@link shellProgramFor}). */
export const SHELL_LANGUAGES = new Set(['sh', 'bash', 'zsh', 'ksh', 'shell', 'shellscript', 'sh-raw', 'fish', 'pwsh', 'powershell']);

/**
 * Programs a non-shell block is run with, first one found on PATH wins (as
 * Runme picks them). Each is given the block's code as a private file.
 */
export const INTERPRETERS_BY_LANGUAGE: Readonly<Record<string, readonly string[]>> = {
  js: ['node'],
  javascript: ['node'],
  jsx: ['node'],
  javascriptreact: ['node'],
  mjs: ['node'],
  ts: ['ts-node', 'deno run', 'bun run', 'npx --yes tsx'],
  typescript: ['ts-node', 'deno run', 'bun run', 'npx --yes tsx'],
  tsx: ['ts-node', 'deno run', 'bun run', 'npx --yes tsx'],
  typescriptreact: ['ts-node', 'deno run', 'bun run', 'npx --yes tsx'],
  python: ['python3', 'python'],
  py: ['python3', 'python'],
  ruby: ['ruby'],
  rb: ['ruby'],
  perl: ['perl'],
  php: ['php'],
  lua: ['lua'],
  rust: ['rust-script'],
  rs: ['rust-script'],
  go: ['go run'],
};

/** File extension of the private file a language's code is written to (some interpreters insist on one). */
const EXTENSIONS: Readonly<Record<string, string>> = {
  js: 'js',
  javascript: 'js',
  jsx: 'js',
  javascriptreact: 'js',
  mjs: 'mjs',
  ts: 'ts',
  typescript: 'ts',
  tsx: 'ts',
  typescriptreact: 'ts',
  python: 'py',
  py: 'py',
  ruby: 'rb',
  rb: 'rb',
  perl: 'pl',
  php: 'php',
  lua: 'lua',
  rust: 'rs',
  rs: 'rs',
  go: 'go',
  fish: 'fish',
  ksh: 'ksh',
  pwsh: 'ps1',
  powershell: 'ps1',
};

/** Windows shells Runme runs; Firebreak's sessions are POSIX ptys, so lint says these are not run. */
export const WINDOWS_SHELL_LANGUAGES = new Set(['bat', 'cmd', 'dos']);

/** The fence's language, lower case, or '' when it has none. */
export function fenceLanguage(info: string): string {
  // Up to the first blank or "{", by character (this runs for every fence of a big runbook).
  const text = info.trim();
  let end = 0;
  while (end < text.length) {
    const char = text.charCodeAt(end);
    if (char === 123 /* { */ || char === 32 || (char >= 9 && char <= 13) || (char >= 128 && /\s/.test(text[end]!))) break;
    end++;
  }
  return text.slice(0, end).toLowerCase();
}

/**
 * Whether a block with this language (and maybe an `interpreter` attribute
 * or a shebang line) is a step. An interpreter or shebang makes any block
 * runnable, as in Runme.
 */
export function isRunnableLanguage(language: string, hasInterpreter: boolean, code: string): boolean {
  if (SHELL_LANGUAGES.has(language) || language in INTERPRETERS_BY_LANGUAGE) return true;
  if (WINDOWS_SHELL_LANGUAGES.has(language)) return false;
  return hasInterpreter || code.startsWith('#!');
}

/** Whether the language is one of the shell languages (its `$ ` prompts are stripped, as Runme does). */
export function isShellLanguage(language: string): boolean {
  return SHELL_LANGUAGES.has(language);
}

/** Shells that have their own syntax: their code runs in that shell, not sourced into the session's bash/zsh. */
export function shellProgramFor(language: string): string | undefined {
  if (language === 'fish') return 'fish';
  if (language === 'ksh') return 'ksh';
  if (language === 'pwsh' || language === 'powershell') return 'pwsh';
  return undefined;
}

/** Extension for the private file holding the code of a step in this language. */
export function extensionFor(language: string): string {
  return EXTENSIONS[language] ?? 'txt';
}
