/**
 * `firebreak … | head -1`: the real CLI in a real shell pipeline. When the
 * reader goes away, the CLI stops quietly, as standard Unix tools do.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = path.resolve(__dirname, 'cli.ts');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-pipe-'));
  // Far more output than a pipe holds (64 KiB), so the CLI is still writing when head exits.
  const steps = Array.from({ length: 3000 }, (_, i) => `## Step ${i}\n\n\`\`\`bash {id=s${i}}\necho ${i} $UNDECLARED_${i}\n\`\`\`\n`).join('\n');
  fs.writeFileSync(path.join(dir, 'big.md'), `# Big\n\n${steps}`);
  for (let i = 0; i < 1200; i++) fs.writeFileSync(path.join(dir, `r${i}.md`), `# Runbook ${i}\n\n\`\`\`bash\necho ${i}\n\`\`\`\n`);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

function pipeIntoHead(args: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const command = `set -o pipefail; ${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(CLI)} ${args} | head -1; echo "cli-exit=\${PIPESTATUS[0]}" >&2`;
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
