/**
 * `firebreak run` as a responder uses it: the real CLI in a child process,
 * a real shell on a real pty, the real database, and for confirmations a
 * real terminal (node-pty) to type into.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import * as pty from 'node-pty';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databasePathIn } from '../../platform/app-paths';
import { REDACT_AT_WRITE_KEY } from '../../incidents/incident-service';
import { writeAppState } from '../../store/app-state';
import { EventStore } from '../../store/event-store';
import { openDatabase } from '../../store/open-database';
import { loadRunbook } from '../../runbooks/runbook-library';
import { TrustStore } from '../../runbooks/trust-store';
import { SettingsStore } from '../../settings/settings-store';

const CLI = path.resolve(__dirname, '..', 'cli.ts');
let dir: string;
let env: Record<string, string>;

const RUNBOOK = `---
id: headless-demo
title: Headless demo
params:
  TARGET:
    default: web-1
  ENVIRONMENT:
    choices: [staging, production]
    default: staging
  TOKEN:
    secret: true
---
# Headless demo

\`\`\`bash {id=show}
echo "target=$TARGET token-length=\${#TOKEN}"
\`\`\`

\`\`\`bash {id=ask confirm=true}
echo asked-ok
\`\`\`

\`\`\`bash {id=destroy destructive=true confirm=$ENVIRONMENT rollback=undo}
echo destroyed-$ENVIRONMENT
\`\`\`

\`\`\`bash {id=undo excludeFromRunAll=true confirm=true}
echo undone
\`\`\`

\`\`\`bash {id=breaks}
echo about-to-fail; (exit 5)
\`\`\`

\`\`\`bash {id=never}
echo should-not-run
\`\`\`
`;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-run-'));
  fs.mkdirSync(path.join(dir, 'home'));
  fs.writeFileSync(path.join(dir, 'runbook.md'), RUNBOOK);
  env = { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), SHELL: '/bin/bash', FIREBREAK_HOME: path.join(dir, 'data'), LANG: 'C.UTF-8' };
  trustRunbook();
});

/** What `firebreak trust runbook.md --yes` records: a runbook outside the bundled folder runs only once trusted at this content. */
function trustRunbook(): void {
  const runbook = loadRunbook(path.join(dir, 'runbook.md'), 'user');
  new TrustStore(new SettingsStore(path.join(dir, 'data')), { actor: 'tester' }).grant(runbook, runbook.contentHash);
}
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'run', path.join(dir, 'runbook.md'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function recorded() {
  const db = openDatabase(databasePathIn(path.join(dir, 'data')));
  const store = new EventStore(db, 'reader');
  const events = store.list(store.incidentForAction().id, 0, 10_000);
  const bytes = (db.prepare('SELECT SUM(length(bytes)) AS n FROM terminal_output').get() as { n: number }).n;
  store.close();
  return { events, bytes };
}

describe('firebreak run', () => {
  it('Ctrl-C ends the whole tree of the running step (background jobs, an INT-trapping child); a second Ctrl-C kills it at once', async () => {
    const marker = (n: number) => `sleep ${n}`;
    // Pids of this test's own sleeps still running (zombies are dead, merely not reaped yet).
    const alive = (numbers: number[]) =>
      execFileSync('ps', ['-e', '-o', 'pid=,stat=,args='], { encoding: 'utf8' })
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter(([, stat, ...args]) => stat && !stat.startsWith('Z') && numbers.some((n) => args.join(' ') === marker(n)))
        .map(([pid]) => Number(pid));
    for (const [numbers, interrupts, apart] of [
      [[1011, 1012], 1, 0],
      [[1013, 1014], 2, 200],
      // timeout -s INT signals firebreak, then its process group: the same interrupt twice at once is one cancel.
      [[1015, 1016], 2, 0],
    ] as const) {
      fs.writeFileSync(
        path.join(dir, 'runbook.md'),
        // The second run's jobs ignore INT, TERM and HUP: only SIGKILL ends them, 3 s later, unless a second Ctrl-C hurries it.
        `---\nid: tree\ntitle: Tree\n---\n# Tree\n\n\`\`\`bash {id=tree}\nbash -c 'sleep ${numbers[0]} & sleep ${numbers[0]} & bash -c "trap \\"\\" INT${interrupts === 2 ? ' TERM HUP' : ''}; sleep ${numbers[1]}" & wait'\n\`\`\`\n`,
      );
      trustRunbook();
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'run', path.join(dir, 'runbook.md'), '--profile', ''], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      try {
        const deadline = Date.now() + 20_000;
        while (alive([...numbers]).length < 3) {
          if (Date.now() > deadline) throw new Error(`the step did not start:\n${stdout}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        for (let n = 0; n < interrupts; n++) {
          if (n > 0 && apart > 0) await new Promise((resolve) => setTimeout(resolve, apart));
          child.kill('SIGINT');
        }
        const code = await closed;
        expect(alive([...numbers]), stdout).toEqual([]);
        if (interrupts === 1 || apart === 0) {
          expect(code).toBe(1);
          expect(stdout).toContain('CANCELLED');
        } else {
          expect(code, stdout).toBe(130);
          // Killed by firebreak itself: the record and the screen still say how the step ended.
          expect(stdout).toMatch(/tree: CANCELLED/);
          const finished = recorded().events.filter((event) => event.kind === 'step.finished');
          expect(finished.at(-1)?.data.status).toBe('cancelled');
          expect(recorded().events.some((event) => event.kind === 'step.cancelled' && /forced/.test(String(event.data.reason)))).toBe(true);
        }
      } finally {
        child.kill('SIGKILL');
        for (const pid of alive([...numbers])) process.kill(pid, 'SIGKILL');
      }
    }
  }, 60_000);

  it('refuses a runbook that is not trusted, or changed since it was trusted, and says how to trust it', async () => {
    fs.appendFileSync(path.join(dir, 'runbook.md'), '\n');
    const changed = await runCli(['--yes', '--yes-destructive', '--param', 'TOKEN=x', '--profile', '']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('changed since');
    expect(changed.stderr).toContain(`firebreak trust ${path.join(dir, 'runbook.md')}`);
    expect(changed.stdout).not.toContain('target=');
    // --dry-run runs nothing, so it stays available for reading the commands first.
    const dry = await runCli(['--dry-run']);
    expect(dry.code).toBe(0);
  });

  it('follows the write-time redaction setting, and always masks a secret param, in what it stores', async () => {
    // Split so this file holds no whole token (secret scanners); the corpus does the same.
    const githubToken = ['ghp_', 'R8xkP2mQ9vL4nT7wZ1cB5yH3jD6fG0sA2eU9'].join('');
    fs.writeFileSync(
      path.join(dir, 'runbook.md'),
      `---\nid: leaky\ntitle: Leaky\nparams:\n  TOKEN:\n    secret: true\n---\n# Leaky\n\n\`\`\`bash {id=leak}\necho "github=${githubToken} param=$TOKEN"\n\`\`\`\n`,
    );
    trustRunbook();
    const db = openDatabase(databasePathIn(path.join(dir, 'data')));
    writeAppState(db, REDACT_AT_WRITE_KEY, '1');
    db.close();
    const result = await runCli(['--param', 'TOKEN=param-value-9d2c1', '--profile', '']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`github=${githubToken} param=param-value-9d2c1`);
    const reader = openDatabase(databasePathIn(path.join(dir, 'data')));
    const stored = (reader.prepare('SELECT bytes FROM terminal_output ORDER BY session_id, seq').all() as { bytes: Buffer }[]).map((row) => row.bytes.toString('utf8')).join('');
    const events = (reader.prepare('SELECT data FROM events').all() as { data: string }[]).map((row) => row.data).join('\n');
    reader.close();
    expect(stored).toContain('github=');
    expect(stored).not.toContain(githubToken);
    expect(stored).not.toContain('param-value-9d2c1');
    expect(events).toContain('github=');
    expect(events).not.toContain(githubToken);
    expect(events).not.toContain('param-value-9d2c1');
  });

  it('runs the steps in a real shell, logs them to the app database, and exits 1 at the first failure', async () => {
    const result = await runCli(['--yes', '--yes-destructive', '--param', 'TOKEN=s3cret-value', '--profile', '']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('target=web-1 token-length=12');
    // stdout is a pipe here: plain text, without control sequences, CRs or the internal line that sources each step.
    for (const raw of ['\x1b', '\r', 'firebreak-steps-']) expect(result.stdout).not.toContain(raw);
    expect(result.stdout).toMatch(/^target=web-1 token-length=12$/m);
    expect(result.stdout).toContain('destroyed-staging');
    expect(result.stdout).toContain('about-to-fail');
    expect(result.stdout).not.toContain('should-not-run');
    expect(result.stdout).not.toContain('undone');
    expect(result.stderr).toMatch(/breaks: FAILED \(exit code 5\)/);
    const { events, bytes } = recorded();
    expect(events.filter((event) => event.kind === 'step.finished').map((event) => [event.data.stepId, event.data.status])).toEqual([
      ['show', 'passed'],
      ['ask', 'passed'],
      ['destroy', 'passed'],
      ['breaks', 'failed'],
    ]);
    // Flags gave these confirmations, and the record says so: nobody typed the destructive step's word.
    expect(events.filter((event) => event.kind === 'confirmation.given').map((event) => [event.data.stepId, event.data.by, event.data.flag])).toEqual([
      ['ask', 'flag', '--yes'],
      ['destroy', 'flag', '--yes-destructive'],
    ]);
    expect(events.map((event) => event.kind)).toContain('session.ended');
    expect(bytes, result.stderr).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain('s3cret-value');

    // The postmortem of that run names the runbook it followed, and lists each run with its own output.
    const markdown = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'export', 'latest', '--format', 'md'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('close', () => resolve(out));
    });
    expect(markdown).toMatch(/### Runbooks followed\n\n- Headless demo \(headless-demo\), content SHA-256/);
    expect(markdown).not.toContain('No runbook was opened');
    // Four steps under one heading share its title: each is named by its id too.
    expect(markdown).toContain('**Step** — ✗ “Headless demo · breaks” — FAILED · expected exit code 0; exit code was 5');
    expect(markdown).toContain('“Headless demo · show” — passed');
    expect(markdown).toMatch(/“Headless demo · destroy” — passed · [^\n]*confirmed in advance with --yes-destructive \(nobody typed the value of ENVIRONMENT\)/);
    expect(markdown).not.toMatch(/by typing/);
    // firebreak ended its own shell at the end of the run: an orderly end, not a warning.
    expect(markdown).not.toMatch(/ended by signal/);
    expect(events.filter((event) => event.kind === 'session.ended').map((event) => event.data.orderly)).toEqual([true]);
  });

  it('--yes does not confirm a destructive step; without a terminal it stops and says what to pass', async () => {
    const result = await runCli(['--yes', '--param', 'TOKEN=x']);
    // The destructive step did not run (not confirmed): 2, as for a refusal; the steps before it passed.
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('step destroy needs confirmation and there is no terminal to ask on; pass --yes-destructive');
    expect(result.stdout).not.toContain('destroyed-');
    expect(recorded().events.filter((event) => event.kind === 'step.started').map((event) => event.data.stepId)).toEqual(['show', 'ask']);
  });

  it('--step runs only the named steps, rollbacks included; --dry-run shows commands and masked env without running', async () => {
    const only = await runCli(['--step', 'undo', '--yes']);
    expect(only.code).toBe(0);
    expect(only.stdout).toContain('undone');
    expect(only.stdout).not.toContain('target=');
    const startedBefore = recorded().events.filter((event) => event.kind === 'step.started').length;
    const dry = await runCli(['--dry-run', '--param', 'TOKEN=hidden-value', '--step', 'show', '--step', 'destroy']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('TOKEN=••••••');
    expect(dry.stdout).not.toContain('hidden-value');
    expect(dry.stdout).toContain('confirm: type the value of ENVIRONMENT (staging)');
    expect(dry.stdout).toContain('echo destroyed-$ENVIRONMENT');
    expect(recorded().events.filter((event) => event.kind === 'step.started')).toHaveLength(startedBefore);
  });

  it('refuses bad input before running anything', async () => {
    expect((await runCli(['--step', 'nope'])).stderr).toContain('has no step "nope"');
    expect((await runCli(['--param', 'ENVIRONMENT=moon'])).code).toBe(2);
    fs.writeFileSync(path.join(dir, 'runbook.md'), '# Broken\n\n```bash {confrim=yes}\necho hi\n```\n');
    const broken = await runCli(['--yes']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/nothing was run/);
  });

  it('asks at confirmations on a terminal: a yes, the typed word, and a secret that is not echoed', async () => {
    const child = pty.spawn(process.execPath, ['--import', 'tsx', CLI, 'run', path.join(dir, 'runbook.md'), '--step', 'show', '--step', 'ask', '--step', 'destroy'], {
      cols: 120,
      rows: 30,
      cwd: process.cwd(),
      env,
    });
    let screen = '';
    child.onData((data) => (screen += data));
    const exited = new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
    const waitFor = async (text: string) => {
      const deadline = Date.now() + 20_000;
      while (!screen.includes(text)) {
        if (Date.now() > deadline) throw new Error(`Never saw "${text}". Screen:\n${screen}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await waitFor('TOKEN (secret, not shown): ');
    child.write('typed-secret-9\r');
    await waitFor('[y/N]');
    child.write('y\r');
    await waitFor('type the value of ENVIRONMENT (staging) to run it: ');
    // Before the question: the step's header and its command, params by name; the question on a line of its own,
    // and nothing from the shell (its prompt) printed after it while the question waits.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const beforeQuestion = stripVTControlCharacters(screen.slice(screen.lastIndexOf('── ask: PASSED')));
    expect(beforeQuestion).toMatch(/── destroy: [^\n]*\r?\n[^\n]*\$ echo destroyed-\$ENVIRONMENT/);
    expect(beforeQuestion).toMatch(/\nDESTRUCTIVE step [^\n]*\(destroy\): type the value of ENVIRONMENT \(staging\) to run it: $/);
    child.write('staging\r');
    expect(await exited).toBe(0);
    expect(screen).toContain('token-length=14');
    expect(screen).toContain('destroyed-staging');
    expect(screen).not.toContain('typed-secret-9');
  });
});

describe('firebreak run says what to do, in CLI words', () => {
  const CONFIRM_RUNBOOK = `---
id: confirm-words
title: Confirm words
params:
  APP_ENV:
    description: env name
  TOKEN:
    description: api token
    secret: true
---
# Confirm words

\`\`\`bash {id=destroy destructive=true confirm=$APP_ENV rollback=noop}
echo destroying "$APP_ENV"
\`\`\`

\`\`\`bash {id=noop excludeFromRunAll=true}
echo noop-ran
\`\`\`

\`\`\`bash {id=ordinary confirm=true excludeFromRunAll=true}
echo ordinary-ran
\`\`\`

\`\`\`bash {id=use-secret excludeFromRunAll=true}
echo "token length \${#TOKEN}"
\`\`\`
`;
  beforeEach(() => {
    fs.writeFileSync(path.join(dir, 'runbook.md'), CONFIRM_RUNBOOK);
    trustRunbook();
  });

  it('a confirm=$PARAM with no value names --param, not the app\'s params form; nothing ran: exit 2', async () => {
    const result = await runCli(['--step', 'destroy', '--yes-destructive']);
    expect(result.stderr).toContain('--param APP_ENV=');
    expect(result.stderr).not.toContain('params form');
    expect(result.stdout).not.toContain('destroying');
    expect(result.code).toBe(2);
    const dry = await runCli(['--step', 'destroy', '--dry-run']);
    expect(dry.stdout).toContain('--param APP_ENV=');
    expect(dry.stdout).not.toContain('params form');
  });

  it('a blank value is called blank, not a mismatch of what was typed', async () => {
    const result = await runCli(['--step', 'destroy', '--param', 'APP_ENV= ', '--yes-destructive']);
    expect(result.stderr).toMatch(/APP_ENV is blank/);
    expect(result.stderr).not.toContain('what was typed');
    expect(result.stdout).not.toContain('destroying');
    expect(result.code).toBe(2);
  });

  it('--dry-run says what would be asked and which flag answers it', async () => {
    const dry = await runCli(['--dry-run', '--step', 'ordinary', '--step', 'destroy', '--param', 'APP_ENV=production']);
    expect(dry.stdout).not.toContain('(--yes)');
    expect(dry.stdout).toMatch(/confirm: asks for a yes \[y\/N\]; --yes answers it in advance/);
    expect(dry.stdout).toMatch(/confirm: type the value of APP_ENV \(production\); --yes-destructive answers it in advance/);
    const given = await runCli(['--dry-run', '--step', 'ordinary', '--yes']);
    expect(given.stdout).toMatch(/confirm: answered in advance by --yes \(would ask for a yes \[y\/N\]\)/);
  });

  it('an unconfirmed step without a terminal exits 2 (it did not run), and --help lists the exit codes', async () => {
    const result = await runCli(['--step', 'ordinary']);
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain('ordinary-ran');
    const help = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'run', '--help'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('close', () => resolve(out));
    });
    for (const code of ['0 ', '1 ', '2 ', '3 ', '130 ', '141 ']) expect(help).toContain(`  ${code}`);
  });

  it('a secret with no value stops the run before anything runs, naming --param', async () => {
    const result = await runCli(['--step', 'noop', '--step', 'use-secret']);
    expect(result.stdout).not.toContain('token length');
    expect(result.stdout).not.toContain('noop-ran');
    expect(result.stderr).toContain('--param TOKEN=');
    expect(result.code).toBe(2);
    // Steps that do not use it still run without it; an explicitly empty value is the responder's choice.
    expect((await runCli(['--step', 'noop'])).code).toBe(0);
    const empty = await runCli(['--step', 'use-secret', '--param', 'TOKEN=']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('token length 0');
  });
});
