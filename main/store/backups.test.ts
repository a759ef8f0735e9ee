import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseBackups } from './backups';
import { EventStore } from './event-store';
import { openDatabase } from './open-database';

let dir: string;
let store: EventStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-backups-'));
  store = new EventStore(openDatabase(path.join(dir, 'firebreak.sqlite3')), 'ana');
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

/** Appends `count` notes of about `bytes` each. */
function grow(count: number, bytes = 1000): void {
  const incident = store.incidentForAction();
  for (let i = 0; i < count; i++) store.append(incident.id, 'note', { noteId: 'n', text: `note ${i} ${'x'.repeat(bytes)}` });
}

/** Backups whose file names are one minute apart. */
function backupsEveryMinute(options: { keep?: number; budgetFactor?: number; minBudgetBytes?: number } = {}): DatabaseBackups {
  let minute = 0;
  // No floor unless a test sets one: these databases are a few MB, far below the default floor.
  return new DatabaseBackups(store, path.join(dir, 'backups'), { minBudgetBytes: 0, ...options, now: () => new Date(Date.UTC(2026, 0, 1, 0, minute++)) });
}

describe('DatabaseBackups retention', () => {
  it('keeps at most twice the database size in backups, however many copies the count allows', async () => {
    grow(500);
    const backups = backupsEveryMinute({ keep: 24 });
    const taken = [];
    for (let i = 0; i < 5; i++) taken.push(await backups.backupNow());
    const kept = backups.list();
    expect(kept.map((backup) => backup.path)).toEqual([taken[4]!.path, taken[3]!.path]);
    expect(kept.reduce((sum, backup) => sum + backup.bytes, 0)).toBeLessThanOrEqual(2 * taken[4]!.bytes);
  });

  it('keeps more of the smaller copies from before the database grew, never more than the count', async () => {
    const backups = backupsEveryMinute({ keep: 4 });
    grow(50);
    const small = [];
    for (let i = 0; i < 3; i++) small.push(await backups.backupNow());
    grow(200, 20_000);
    const large = await backups.backupNow();
    expect(small.reduce((sum, backup) => sum + backup.bytes, 0)).toBeLessThan(large.bytes);
    // Three equal small copies were over their own budget (two); beside the large one, the newest two of them fit.
    expect(backups.list().map((backup) => backup.path)).toEqual([large.path, small[2]!.path, small[1]!.path]);
    await backups.backupNow();
    const kept = backups.list();
    expect(kept.length).toBeLessThanOrEqual(4);
    expect(kept.reduce((sum, backup) => sum + backup.bytes, 0)).toBeLessThanOrEqual(2 * large.bytes);
  });

  it('keeps every copy the count allows while the total is below the floor', async () => {
    grow(200);
    const backups = backupsEveryMinute({ keep: 4, minBudgetBytes: 64 * 1024 * 1024 });
    const taken = [];
    for (let i = 0; i < 6; i++) taken.push(await backups.backupNow());
    expect(backups.list().map((backup) => backup.path)).toEqual(taken.slice(-4).reverse().map((backup) => backup.path));
  });

  it('always keeps the newest backup, even when it alone is over the budget', async () => {
    grow(200);
    const backups = backupsEveryMinute({ keep: 3, budgetFactor: 0.5 });
    await backups.backupNow();
    const newest = await backups.backupNow();
    expect(backups.list().map((backup) => backup.path)).toEqual([newest.path]);
  });
});
