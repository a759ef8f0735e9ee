import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LabScenarioId } from '../../../shared/drills/lab-scenarios';
import { delay } from '../wait-until';

/** How often a waiting test retries the lock (ms). */
const RETRY_MS = 200;
/** Longest wait for another test's lab (ms): the slowest lab test (database) with room to spare. */
const WAIT_LIMIT_MS = 600_000;

/**
 * Runs `fn` while holding this machine's lock for a lab scenario. Labs
 * listen on fixed ports, and vitest runs test files in parallel processes:
 * without the lock a lab test and a drill test of the same scenario would
 * take each other's ports. The lock is a file holding the owner's pid; a
 * lock whose owner died is taken over.
 */
export async function withLabLock<T>(scenario: LabScenarioId, fn: () => Promise<T>): Promise<T> {
  const file = path.join(os.tmpdir(), `firebreak-lab-${scenario}.lock`);
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(safeRead(file));
      if (!owner || !alive(owner)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`The ${scenario} lab is still in use by pid ${owner} (lock ${file}).`);
      await delay(RETRY_MS);
    }
  }
  try {
    return await fn();
  } finally {
    if (safeRead(file) === String(process.pid)) fs.rmSync(file, { force: true });
  }
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
