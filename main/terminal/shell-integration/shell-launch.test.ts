import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASH_RC_FILE_NAME, BASH_RC_SCRIPT } from './bash-integration';
import { createShellNonce, detectShellKind, installShellIntegration, NONCE_ENV, prepareShellLaunch, removeShellIntegrationFiles, USER_ZDOTDIR_ENV } from './shell-launch';

const dir = mkdtempSync(path.join(os.tmpdir(), 'firebreak-launch-test-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  removeShellIntegrationFiles();
});

describe('prepareShellLaunch', () => {
  it('starts bash with the integration as its init file and the nonce in the environment', () => {
    const launch = prepareShellLaunch({ shell: '/bin/bash', nonce: 'abcdef0123456789', env: { HOME: '/home/u', [NONCE_ENV]: 'inherited' }, integrationDir: dir });
    expect(launch).toMatchObject({ integrated: true, kind: 'bash', file: '/bin/bash', args: ['--init-file', path.join(dir, BASH_RC_FILE_NAME), '-i'] });
    expect(launch.env).toMatchObject({ HOME: '/home/u', [NONCE_ENV]: 'abcdef0123456789', FIREBREAK_SHELL_LOGIN: '1' });
    expect(readFileSync(path.join(dir, BASH_RC_FILE_NAME), 'utf8')).toBe(BASH_RC_SCRIPT);
  });

  it('starts zsh with ZDOTDIR on the integration and remembers the user ZDOTDIR', () => {
    const launch = prepareShellLaunch({ shell: '/usr/bin/zsh', nonce: 'abcdef0123456789', login: false, env: { ZDOTDIR: '/home/u/.config/zsh' }, integrationDir: dir });
    expect(launch).toMatchObject({ integrated: true, kind: 'zsh', args: ['-i'] });
    expect(launch.env).toMatchObject({ ZDOTDIR: dir, [USER_ZDOTDIR_ENV]: '/home/u/.config/zsh' });
    for (const name of ['.zshenv', '.zprofile', '.zshrc', '.zlogin', 'firebreak-integration.zsh']) {
      expect(statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
    }
  });

  it('degrades visibly for shells without integration', () => {
    for (const shell of ['/bin/sh', '/usr/bin/fish', 'pwsh.exe', '/opt/weird/xonsh']) {
      const launch = prepareShellLaunch({ shell, nonce: 'abcdef0123456789', env: { [NONCE_ENV]: 'inherited' }, integrationDir: dir });
      expect(launch.integrated).toBe(false);
      expect(launch.integrated === false && launch.reason).toMatch(/exit code unknown/);
      expect(launch.env[NONCE_ENV]).toBeUndefined();
    }
  });

  it('writes into a private per-process directory by default', () => {
    const own = installShellIntegration();
    expect(statSync(own).mode & 0o777).toBe(0o700);
    expect(installShellIntegration()).toBe(own);
  });
});

describe('detectShellKind', () => {
  it('recognises shells by executable name', () => {
    expect(['/bin/bash', '-bash', 'C:\\Git\\bin\\bash.exe', '/usr/local/bin/zsh', '/bin/dash', 'pwsh', 'cmd.exe', 'nu'].map(detectShellKind)).toEqual([
      'bash',
      'bash',
      'bash',
      'zsh',
      'posix-sh',
      'powershell',
      'cmd',
      'unknown',
    ]);
  });
});

describe('createShellNonce', () => {
  it('is 32 hex characters and different every time', () => {
    const a = createShellNonce();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(createShellNonce()).not.toBe(a);
  });
});
