import { damageInnerPage } from '../testing/damage-database';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStore } from './event-store';
import { migrations } from './migrations';
import { LATEST_SCHEMA_VERSION, openDatabase } from './open-database';
import { openDatabaseSafely } from './open-database-safely';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-safe-'));
  file = path.join(dir, 'firebreak.sqlite3');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

/** A real database with `count` notes, closed cleanly. */
function populated(count: number): void {
  const store = new EventStore(openDatabase(file), 'ana');
  const incident = store.incidentForAction();
  for (let i = 0; i < count; i++) store.append(incident.id, 'note', { noteId: 'n', text: `note ${i} ${'x'.repeat(200)}` });
  store.close();
}

function expectFresh(opened: ReturnType<typeof openDatabaseSafely>): void {
  expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
  expect(opened.db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
  expect(opened.db.pragma('quick_check', { simple: true })).toBe('ok');
}

describe('openDatabaseSafely', () => {
  it('opens a sound database with no warning', () => {
    populated(3);
    const opened = openDatabaseSafely(file);
    expect(opened.warnings).toEqual([]);
    expect(opened.db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 3 });
    opened.db.close();
  });

  it('moves a file with a garbage header aside, byte for byte, and starts fresh', () => {
    const garbage = Buffer.from('PK\u0003\u0004 this is a zip file, not a database '.repeat(200));
    fs.writeFileSync(file, garbage);
    const opened = openDatabaseSafely(file);
    expect(opened.warnings).toHaveLength(1);
    expect(opened.warnings[0]).toMatch(/not a SQLite database/);
    expect(opened.warnings[0]).toContain('firebreak recover');
    const aside = opened.movedAside[0]!;
    expect(opened.warnings[0]).toContain(aside);
    expect(fs.readFileSync(aside).equals(garbage)).toBe(true);
    expectFresh(opened);
    opened.db.close();
  });

  it('moves a truncated database aside and starts fresh', () => {
    populated(400);
    const whole = fs.readFileSync(file);
    const truncated = whole.subarray(0, Math.floor(whole.length / 3));
    fs.writeFileSync(file, truncated);
    const opened = openDatabaseSafely(file);
    expect(opened.warnings).toHaveLength(1);
    expect(opened.warnings[0]).toMatch(/damaged|integrity check/);
    expect(fs.readFileSync(opened.movedAside[0]!).equals(truncated)).toBe(true);
    expectFresh(opened);
    opened.db.close();
  });

  it('moves a damaged but openable older database aside byte for byte, without migrating it first', () => {
    // Schema 1 in rollback-journal mode: opening it the normal way would switch it to WAL and migrate it, writing to it.
    const raw = openDatabase(file, migrations.slice(0, 1));
    raw.pragma('journal_mode = DELETE');
    raw.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)');
    const insert = raw.prepare('INSERT INTO filler (body) VALUES (?)');
    for (let i = 0; i < 300; i++) insert.run(`row ${i} ${'y'.repeat(300)}`);
    raw.exec('CREATE INDEX filler_body ON filler (body)');
    raw.close();
    // Garbage over an inner page: the header and schema still read, but quick_check fails.
    const damaged = damageInnerPage(file);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('quick_check', { simple: true })).not.toBe('ok');
    check.close();

    const opened = openDatabaseSafely(file);
    expect(opened.warnings).toHaveLength(1);
    expect(opened.warnings[0]).toMatch(/integrity check|damaged/);
    expect(fs.readFileSync(opened.movedAside[0]!).equals(damaged)).toBe(true);
    expect(opened.movedAside.filter((moved) => /-(wal|shm|journal)$/.test(moved))).toEqual([]);
    expectFresh(opened);
    opened.db.close();
  });

  it('moves an orphaned write-ahead log aside instead of letting it be replayed or deleted', () => {
    populated(5);
    const wal = Buffer.concat([Buffer.from([0x37, 0x7f, 0x06, 0x82]), Buffer.alloc(4092, 7)]);
    fs.rmSync(file);
    fs.writeFileSync(`${file}-wal`, wal);
    const opened = openDatabaseSafely(file);
    expect(opened.warnings).toHaveLength(1);
    expect(opened.warnings[0]).toMatch(/write-ahead log/);
    expect(fs.readFileSync(opened.movedAside[0]!).equals(wal)).toBe(true);
    expectFresh(opened);
    opened.db.close();
  });

  it('still refuses a newer database untouched, without moving it', () => {
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.exec('CREATE TABLE future (x)');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabaseSafely(file)).toThrow(/newer Firebreak/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['firebreak.sqlite3']);
  });
});
