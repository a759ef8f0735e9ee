import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { databasePathIn } from '../main/platform/app-paths';
import { loadRunbook } from '../main/runbooks/runbook-library';
import { TrustStore } from '../main/runbooks/trust-store';
import { SettingsStore } from '../main/settings/settings-store';
import { openDatabase } from '../main/store/open-database';
import { outputJournalDirFor, replayOutputJournals } from '../main/terminal/output-journal';
import { benchDirectory, fileSystemOf } from './bench-database';
import type { BenchResult } from './harness';

/**
 * Target from issue 9: `firebreak run` SIGKILLed while a step streams; after
 * the next open the record holds every byte the terminal had shown, in 20 of
 * 20 runs. Each run is killed at a different point of the stream.
 */
const RUNS = 20;
const CLI = path.resolve(__dirname, '..', 'main', 'cli', 'cli.ts');
const RUNBOOK = '---\nid: stream\ntitle: Stream\n---\n# Stream\n\n```bash {id=stream}\nfor i in $(seq 1 2000000); do echo "chunk $((i / 5000)) line $i of the stream"; done\n```\n';

/** Runs `firebreak run`, kills it once `killAt` bytes were shown, and returns what it had shown. */
function runAndKill(dir: string, killAt: number): Promise<Buffer> {
  const env = { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), SHELL: '/bin/bash', FIREBREAK_HOME: path.join(dir, 'data'), LANG: 'C.UTF-8' };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'run', path.join(dir, 'runbook.md')], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    const shown: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      shown.push(chunk);
      size += chunk.length;
      if (size >= killAt) child.kill('SIGKILL');
    });
    child.on('close', () => resolve(Buffer.concat(shown)));
  });
}

/** What the next open finds: the journal replayed, then the session's bytes in order, marks (never shown) left out. */
function recordedAfterNextOpen(dir: string): string {
  const databasePath = databasePathIn(path.join(dir, 'data'));
  const db = openDatabase(databasePath);
  replayOutputJournals(db, outputJournalDirFor(databasePath));
  const rows = db.prepare('SELECT bytes FROM terminal_output ORDER BY session_id, seq').all() as { bytes: Buffer }[];
  db.close();
  const [head, ...marked] = Buffer.concat(rows.map((row) => row.bytes)).toString('latin1').split('\x1b]633;');
  return head + marked.map((piece) => piece.slice(piece.indexOf('\x07') + 1)).join('');
}

export default async function crashOutput(): Promise<BenchResult> {
  let covered = 0;
  let shownTotal = 0;
  let missingMax = 0;
  let where = 'unknown';
  for (let run = 0; run < RUNS; run++) {
    const dir = benchDirectory('crash-output');
    where = fileSystemOf(dir);
    try {
      fs.mkdirSync(path.join(dir, 'home'));
      fs.writeFileSync(path.join(dir, 'runbook.md'), RUNBOOK);
      const runbook = loadRunbook(path.join(dir, 'runbook.md'), 'user');
      new TrustStore(new SettingsStore(path.join(dir, 'data')), { actor: 'bench' }).grant(runbook, runbook.contentHash);
      // From 100 KB to about 4 MB shown: early in a row, mid-batch, across journal segments.
      const shown = (await runAndKill(dir, 100_000 + run * 200_000)).toString('latin1');
      const recorded = recordedAfterNextOpen(dir);
      shownTotal += shown.length;
      if (recorded.startsWith(shown)) covered++;
      else {
        let common = 0;
        while (common < shown.length && recorded.charCodeAt(common) === shown.charCodeAt(common)) common++;
        missingMax = Math.max(missingMax, shown.length - common);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    name: `SIGKILL of firebreak run during streaming, ${RUNS} runs (${where})`,
    figures: {
      'recorded ≥ shown:': `${covered}/${RUNS}`,
      'bytes shown': `${(shownTotal / 1024 / 1024).toFixed(1)} MB in all`,
      'most shown bytes missing in a run': `${missingMax}`,
    },
    target: `recorded ≥ shown: ${RUNS}/${RUNS}`,
    met: covered === RUNS,
  };
}
