/**
 * `firebreak … | head -1`: the real CLI in a real shell pipeline. When the
 * reader goes away, the CLI stops quietly, as standard Unix tools do.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasePathIn } from '../platform/app-paths';
import { loadRunbook } from '../runbooks/runbook-library';
import { TrustStore } from '../runbooks/trust-store';
import { SettingsStore } from '../settings/settings-store';
import { EventStore } from '../store/event-store';
import { openDatabase } from '../store/open-database';

const CLI = path.resolve(__dirname, 'cli.ts');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-pipe-'));
  // Far more output than a pipe holds (64 KiB), so the CLI is still writing when head exits.
  const steps = Array.from({ length: 3000 }, (_, i) => `## Step ${i}\n\n\`\`\`bash {id=s${i}}\necho ${i} $UNDECLARED_${i}\n\`\`\`\n`).join('\n');
  fs.writeFileSync(path.join(dir, 'big.md'), `# Big\n\n${steps}`);
  // A step that prints far more than head reads, then keeps running; the next is never reached.
  fs.writeFileSync(
    path.join(dir, 'long.md'),
    '---\nid: long\ntitle: Long\n---\n# Long\n\n```bash {id=talk}\nfor i in $(seq 1 20000); do echo "line $i"; done; sleep 30; echo talk-done\n```\n\n```bash {id=later}\necho later-ran\n```\n',
  );
  const long = loadRunbook(path.join(dir, 'long.md'), 'user');
  new TrustStore(new SettingsStore(path.join(dir, 'data')), { actor: 'tester' }).grant(long, long.contentHash);
  for (let i = 0; i < 1200; i++) fs.writeFileSync(path.join(dir, `r${i}.md`), `# Runbook ${i}\n\n\`\`\`bash\necho ${i}\n\`\`\`\n`);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

function pipeIntoHead(args: string, lines = 1): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const command = `set -o pipefail; ${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(CLI)} ${args} | head -${lines}; echo "cli-exit=\${PIPESTATUS[0]}" >&2`;
  return new Promise((resolve) => {
    execFile('/bin/bash', ['-c', command], { env: { ...process.env, FIREBREAK_HOME: path.join(dir, 'data') }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('a closed pipe', () => {
  it.each([
    ['lint', () => `lint ${JSON.stringify(dir)}`],
    ['library', () => `library --runbooks ${JSON.stringify(dir)}`],
    ['run --dry-run', () => `run ${JSON.stringify(path.join(dir, 'big.md'))} --dry-run`],
  ])('firebreak %s | head -1 ends quietly', async (_name, args) => {
    const result = await pipeIntoHead(args());
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled|Error/);
    expect(result.stderr).toContain('cli-exit=0');
  }, 60_000);
});

describe('firebreak run | head', () => {
  it('stops the run as a cancel does, says so in the record, and exits 141 (as a shell reports SIGPIPE)', async () => {
    const started = Date.now();
    const result = await pipeIntoHead(`run ${JSON.stringify(path.join(dir, 'long.md'))} --profile ''`, 2);
    expect(result.stderr).toContain('cli-exit=141');
    expect(Date.now() - started, result.stderr).toBeLessThan(25_000);
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(result.stderr).toMatch(/talk: CANCELLED/);
    expect(result.stderr).toMatch(/output was closed/);
    const store = new EventStore(openDatabase(databasePathIn(path.join(dir, 'data'))), 'reader');
    const events = store.list(store.incidentForAction().id, 0, 10_000);
    store.close();
    const cancelled = events.filter((event) => event.kind === 'step.cancelled');
    expect(cancelled.map((event) => event.data.stepId)).toEqual(['talk']);
    expect(String(cancelled[0]?.data.reason)).toMatch(/output was closed/);
    expect(events.filter((event) => event.kind === 'step.finished').map((event) => [event.data.stepId, event.data.status])).toEqual([['talk', 'cancelled']]);
    expect(events.filter((event) => event.kind === 'step.started').map((event) => event.data.stepId)).toEqual(['talk']);
  }, 60_000);
});
