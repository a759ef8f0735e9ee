import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { removeShellIntegrationFiles } from './shell-launch';
import { ShellHarness } from './shell-test-harness';

afterAll(removeShellIntegrationFiles);

function findShell(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const bash = findShell('bash');
const zsh = findShell('zsh');

/** Startup files per shell: a prompt that shows `$?`, and a prompt hook of the user's own. */
const USER_SETUP: Record<'bash' | 'zsh', Record<string, string>> = {
  bash: {
    '.bashrc': [`PS1='[$?] \\w\\$ '`, `PROMPT_COMMAND='echo "user-prompt-command saw $?"'`, `alias ll='ls -l'`].join('\n'),
  },
  zsh: {
    '.zshrc': [`PS1='[%?] %~%# '`, `user_precmd() { echo "user-prompt-command saw $?" }`, `precmd_functions+=(user_precmd)`, `alias ll='ls -l'`].join('\n'),
  },
};

const shells: Array<{ name: 'bash' | 'zsh'; path: string | undefined }> = [
  { name: 'bash', path: bash },
  { name: 'zsh', path: zsh },
];

for (const shell of shells) {
  describe(`shell integration in real ${shell.name} (skipped, not failed, when "command -v ${shell.name}" finds no ${shell.name})`, () => {
    let harness: ShellHarness | undefined;
    afterEach(() => harness?.dispose());

    const start = (options: { login?: boolean; homeFiles?: Record<string, string> } = {}) =>
      (harness = new ShellHarness({ shell: shell.path!, homeFiles: options.homeFiles ?? USER_SETUP[shell.name], login: options.login }));

    it.skipIf(!shell.path)(`${shell.name}: reports exit codes (true, false, (exit 3), a failing pipeline)`, async () => {
      const h = start();
      expect(h.launch.integrated).toBe(true);
      expect((await h.run('true')).exitCode).toBe(0);
      expect((await h.run('false')).exitCode).toBe(1);
      expect((await h.run('(exit 3)')).exitCode).toBe(3);
      expect((await h.run('true | false')).exitCode).toBe(1);
      expect((await h.run('sh -c "exit 42"')).exitCode).toBe(42);
    });

    it.skipIf(!shell.path)(`${shell.name}: reports command lines exactly as typed, including ; and \\`, async () => {
      const h = start();
      for (const line of ['echo one; echo two', 'printf "%s\\n" a\\\\b', 'true | false']) {
        const record = await h.run(line);
        expect(record).toMatchObject({ commandLine: line, commandLineExact: true, origin: 'manual', state: 'finished' });
      }
      const echoed = await h.run('echo one; echo two');
      expect(echoed.output).toContain('one\r\ntwo\r\n');
    });

    it.skipIf(!shell.path)(`${shell.name}: reports the cwd after cd, and state persists between commands`, async () => {
      const h = start();
      await h.ready();
      expect(h.tracker.cwd).toBe(realpathSync(h.home));
      await h.run('cd /tmp');
      expect(h.tracker.cwd).toBe('/tmp');
      await h.run('export FOO=1');
      const echo = await h.run('echo "FOO is $FOO in $PWD"');
      expect(echo.cwd).toBe('/tmp');
      expect(echo.output).toContain('FOO is 1 in /tmp');
    });

    it.skipIf(!shell.path)(`${shell.name}: a forged mark printed without the nonce is output, not a mark`, async () => {
      const h = start();
      const record = await h.run(`printf '\\033]633;D;0\\007\\033]633;D;0;forged-nonce\\007\\033]133;D;0\\007'; false`);
      expect(record.exitCode).toBe(1);
      expect(record.output).toContain('\x1b]633;D;0\x07\x1b]633;D;0;forged-nonce\x07\x1b]133;D;0\x07');
      expect(h.finished()).toHaveLength(1);
    });

    it.skipIf(!shell.path)(`${shell.name}: the nonce is not inherited by programs the shell starts`, async () => {
      const h = start();
      const record = await h.run('env | grep -c FIREBREAK_ || true');
      expect(record.output).toMatch(/^0\r?$/m);
      expect(record.output).not.toContain('user-prompt-command');
      expect(h.text).not.toContain(h.nonce);
    });

    it.skipIf(!shell.path)(`${shell.name}: the user's own prompt hook still runs and sees the exit status, and so does the prompt`, async () => {
      const h = start();
      await h.run('false');
      await h.waitFor('the next prompt to be drawn', () => h.text.includes('[1] '));
      expect(h.text).toContain('user-prompt-command saw 1');
      await h.run('(exit 7)');
      await h.waitFor('the prompt showing 7', () => h.text.includes('[7] '));
      expect(h.text).toContain('user-prompt-command saw 7');
      // The user's alias file was read too.
      expect((await h.run('alias ll')).exitCode).toBe(0);
    });

    it.skipIf(!shell.path)(`${shell.name}: tells the engine's commands from hand-typed ones`, async () => {
      const h = start();
      const sent = await h.run('echo from-the-runbook', { asEngine: 'run-1' });
      const typed = await h.run('echo by-hand');
      expect(sent).toMatchObject({ origin: 'engine', runId: 'run-1' });
      expect(typed).toMatchObject({ origin: 'manual', runId: null });
    });

    it.skipIf(!shell.path)(`${shell.name}: a login shell reads the login files`, async () => {
      const files: Record<string, string> =
        shell.name === 'bash'
          ? { '.bash_profile': 'export FROM_LOGIN_FILE=yes\n' }
          : { '.zprofile': 'export FROM_LOGIN_FILE=yes\n', '.zshrc': 'export FROM_RC_FILE=yes\n' };
      const h = start({ login: true, homeFiles: files });
      const record = await h.run('echo "login=$FROM_LOGIN_FILE rc=$FROM_RC_FILE"');
      expect(record.output).toContain(shell.name === 'bash' ? 'login=yes rc=' : 'login=yes rc=yes');
    });

    it.skipIf(!shell.path)(`${shell.name}: a command that ends the shell is closed as "session ended"`, async () => {
      const h = start();
      await h.ready();
      h.write('exit 5\r');
      const record = await h.waitFor('the shell to exit', () => h.exited && h.finished()[0]);
      expect(record).toMatchObject({ commandLine: 'exit 5', state: 'sessionEnded', exitCode: null });
    });
  });
}
