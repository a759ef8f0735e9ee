/**
 * How to start a shell so that it runs the user's own startup files and then
 * Firebreak's shell integration. The integration scripts live in TypeScript
 * (no source tree at run time in a bundled app) and are written once per
 * process into a private temporary directory that every session shares; the
 * per-session nonce travels in an environment variable the script unsets.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASH_RC_FILE_NAME, BASH_RC_SCRIPT } from './bash-integration';
import { ZSH_DOTDIR_FILES } from './zsh-integration';

/** Environment variable that carries the nonce into the shell; the integration unsets it at once. */
export const NONCE_ENV = 'FIREBREAK_SHELL_NONCE';
/** Tells the bash wrapper to read the login files (bash cannot combine -l with --init-file). */
export const BASH_LOGIN_ENV = 'FIREBREAK_SHELL_LOGIN';
/** The user's own ZDOTDIR, for the zsh wrapper to restore. */
export const USER_ZDOTDIR_ENV = 'FIREBREAK_USER_ZDOTDIR';

/** Shells Firebreak recognises by executable name. */
export type ShellKind = 'bash' | 'zsh' | 'posix-sh' | 'fish' | 'powershell' | 'cmd' | 'unknown';

/** What to start and whether marks can be expected from it. */
export type ShellLaunch =
  | { integrated: true; kind: 'bash' | 'zsh'; file: string; args: string[]; env: Record<string, string> }
  | {
      integrated: false;
      kind: ShellKind;
      file: string;
      args: string[];
      env: Record<string, string>;
      /** Shown to the user: why this session's commands will have no exit codes. */
      reason: string;
    };

/** Input to {@link prepareShellLaunch}. */
export interface ShellLaunchRequest {
  /** Path or name of the shell executable, e.g. $SHELL. */
  shell: string;
  /** The session's nonce; see {@link createShellNonce}. */
  nonce: string;
  /** Read login files (/etc/profile, ~/.bash_profile, .zprofile, ...). Default true: an app started from a desktop launcher lacks the PATH they set. */
  login?: boolean;
  /** Base environment; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where to write the scripts; defaults to one private temporary directory per process. */
  integrationDir?: string;
}

/** 16 random bytes in hex: unguessable, and only [0-9a-f] so it never needs escaping in a mark. */
export function createShellNonce(): string {
  return randomBytes(16).toString('hex');
}

/** Recognises a shell from its executable name (`/usr/bin/zsh`, `-bash`, `pwsh.exe`). */
export function detectShellKind(shell: string): ShellKind {
  const name = path
    .basename(shell.replaceAll('\\', '/'))
    .replace(/^-/, '')
    .replace(/\.exe$/i, '')
    .toLowerCase();
  if (name === 'bash') return 'bash';
  if (name === 'zsh') return 'zsh';
  if (['sh', 'dash', 'ash', 'ksh', 'mksh', 'yash'].includes(name)) return 'posix-sh';
  if (name === 'fish') return 'fish';
  if (name === 'pwsh' || name === 'powershell') return 'powershell';
  if (name === 'cmd') return 'cmd';
  return 'unknown';
}

const NO_INTEGRATION_REASON: Record<Exclude<ShellKind, 'bash' | 'zsh'>, string> = {
  'posix-sh': 'has no prompt or pre-command hooks to report commands from',
  fish: 'is not supported by Firebreak shell integration yet',
  powershell: 'is not supported by Firebreak shell integration yet',
  cmd: 'cannot report commands or exit codes',
  unknown: 'is not a shell Firebreak knows how to integrate with',
};

let processDir: string | undefined;

/**
 * Writes the integration scripts into `dir` (default: a private temporary
 * directory created once per process, mode 0700) and returns the directory.
 * Files are rewritten when missing or changed, so a temp cleaner that removed
 * them during a long session does not break the next shell.
 */
export function installShellIntegration(dir?: string): string {
  const target = dir ?? (processDir ??= mkdtempSync(path.join(os.tmpdir(), 'firebreak-shell-')));
  if (!existsSync(target)) {
    // mkdtemp's directory vanished (tmp cleaners): make a fresh private one.
    if (dir) throw new Error(`The shell-integration directory ${dir} does not exist.`);
    processDir = undefined;
    return installShellIntegration();
  }
  chmodSync(target, 0o700);
  const files: Record<string, string> = { [BASH_RC_FILE_NAME]: BASH_RC_SCRIPT, ...ZSH_DOTDIR_FILES };
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(target, name);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    writeFileSync(file, text, { mode: 0o600 });
  }
  return target;
}

/** Removes the per-process integration directory (at app shutdown). Running shells have already read their files. */
export function removeShellIntegrationFiles(): void {
  if (!processDir) return;
  rmSync(processDir, { recursive: true, force: true });
  processDir = undefined;
}

/**
 * Returns the executable, arguments and environment to spawn `request.shell`
 * on a pty as an interactive (by default login) shell that reads the user's
 * usual startup files and then Firebreak's integration. For a shell without
 * integration it returns `integrated: false`, a plain spawn, and the reason,
 * so the caller can say in the UI that exit codes will be unknown.
 */
export function prepareShellLaunch(request: ShellLaunchRequest): ShellLaunch {
  const kind = detectShellKind(request.shell);
  const login = request.login ?? true;
  const env = cleanEnvironment(request.env ?? process.env);
  if (kind === 'bash') {
    const dir = installShellIntegration(request.integrationDir);
    env[NONCE_ENV] = request.nonce;
    if (login) env[BASH_LOGIN_ENV] = '1';
    return { integrated: true, kind, file: request.shell, args: ['--init-file', path.join(dir, BASH_RC_FILE_NAME), '-i'], env };
  }
  if (kind === 'zsh') {
    const dir = installShellIntegration(request.integrationDir);
    env[NONCE_ENV] = request.nonce;
    if (env.ZDOTDIR) env[USER_ZDOTDIR_ENV] = env.ZDOTDIR;
    env.ZDOTDIR = dir;
    return { integrated: true, kind, file: request.shell, args: login ? ['-l', '-i'] : ['-i'], env };
  }
  const plainArgs = login && (kind === 'posix-sh' || kind === 'fish') ? ['-l'] : [];
  return {
    integrated: false,
    kind,
    file: request.shell,
    args: plainArgs,
    env,
    reason: `${path.basename(request.shell)} ${NO_INTEGRATION_REASON[kind]}; commands are logged as sent, with exit code unknown.`,
  };
}

/** Drops undefined values and any Firebreak variables inherited from an enclosing Firebreak shell. */
function cleanEnvironment(source: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined || key === NONCE_ENV || key === BASH_LOGIN_ENV || key === USER_ZDOTDIR_ENV) continue;
    env[key] = value;
  }
  return env;
}
