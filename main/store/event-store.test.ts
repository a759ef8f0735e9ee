import { dataOf } from '../../shared/model/timeline';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStore } from './event-store';
import { DatabaseOpenError, LATEST_SCHEMA_VERSION, openDatabase } from './open-database';
import { connectionOf } from './store-connection';

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-store-'));
  file = path.join(dir, 'firebreak.sqlite3');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('openDatabase', () => {
  it('creates the file with WAL, synchronous=FULL, foreign keys and the latest schema', () => {
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('trusted_schema', { simple: true })).toBe(0);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
    expect(fs.existsSync(file)).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('keeps a new record private to its user: folder 0700, database and WAL 0600', () => {
    const nested = path.join(dir, 'fresh', 'firebreak.sqlite3');
    const db = openDatabase(nested);
    new EventStore(db, 'tester').incidentForAction();
    expect(fs.statSync(path.dirname(nested)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(nested).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${nested}-wal`).mode & 0o777).toBe(0o600);
    db.close();
  });

  it('refuses a database written by a newer Firebreak and leaves it untouched', () => {
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.exec('CREATE TABLE future (x)');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(/written by a newer Firebreak/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('names the file when the path cannot be a database', () => {
    fs.mkdirSync(file);
    expect(() => openDatabase(file)).toThrow(DatabaseOpenError);
    expect(() => openDatabase(file)).toThrow(file);
  });

  it('reopens an existing database without re-running migrations', () => {
    const first = openDatabase(file);
    const store = new EventStore(first, 'tester');
    const incident = store.incidentForAction();
    store.append(incident.id, 'note', { noteId: 'n', text: 'kept' });
    first.close();
    const again = new EventStore(openDatabase(file), 'tester');
    expect(again.list(incident.id).map((event) => dataOf(event, 'note').text)).toEqual(['kept']);
    again.close();
  });
});

describe('EventStore', () => {
  it('takes the write lock when a transaction starts, so another connection committing between its read and its write cannot break it', () => {
    const db = openDatabase(file);
    const store = new EventStore(db, 'oncall');
    const incident = store.incidentForAction();
    // The output recorder writes through its own connection, like this one.
    const other = new Database(file, { timeout: 0 });
    store.transaction(() => {
      store.list(incident.id);
      // Deferred, this insert would commit and the write below would fail with SQLITE_BUSY.
      expect(() => other.prepare("INSERT INTO app_state (key, value) VALUES ('probe', '1')").run()).toThrow(/locked|busy/i);
      store.append(incident.id, 'note', { noteId: 'n', text: 'after the read' });
    });
    expect(store.list(incident.id).map((event) => dataOf(event, 'note').text)).toContain('after the read');
    other.close();
    store.close();
  });

  it('appends events with gap-free sequence numbers, UTC timestamps and the actor', () => {
    const now = new Date('2026-11-21T03:04:05.678Z');
    const store = new EventStore(openDatabase(file), 'oncall', () => now);
    const incident = store.incidentForAction();
    expect(incident.kind).toBe('practice');
    const events = [1, 2, 3].map((n) => store.append(incident.id, 'note', { noteId: String(n), text: String(n) }));
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(events[0]).toMatchObject({ ts: '2026-11-21T03:04:05.678Z', actor: 'oncall', kind: 'note', data: { noteId: '1', text: '1' } });
    expect(store.list(incident.id, 1).map((event) => event.seq)).toEqual([2, 3]);
    expect(store.list(incident.id, 0, 2)).toHaveLength(2);
    store.close();
  });

  it('keeps the active incident across reopen rather than creating another', () => {
    const store = new EventStore(openDatabase(file), 'oncall');
    const first = store.incidentForAction();
    store.close();
    const reopened = new EventStore(openDatabase(file), 'oncall');
    expect(reopened.incidentForAction().id).toBe(first.id);
    reopened.close();
  });

  it('refuses to update or delete timeline events', () => {
    const db = openDatabase(file);
    const store = new EventStore(db, 'oncall');
    const incident = store.incidentForAction();
    store.append(incident.id, 'note', { noteId: 'n', text: 'original' });
    expect(() => db.prepare("UPDATE events SET data = '{}'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(store.list(incident.id)[0]!.data).toEqual({ noteId: 'n', text: 'original' });
    store.close();
  });

  it('refuses an event for an incident that does not exist', () => {
    const store = new EventStore(openDatabase(file), 'oncall');
    expect(() => store.append('nope', 'note', { noteId: 'n', text: 'x' })).toThrow(/FOREIGN KEY/);
    store.close();
  });
});

describe('references stored as seqs by earlier versions', () => {
  it('resolves them through this database only for rows this install wrote', () => {
    const store = new EventStore(openDatabase(file), 'tester');
    const incident = store.createIncident('Refs', 'incident');
    const note = store.append(incident.id, 'note', { noteId: 'n1', text: 'hello' });
    // Rows in the old shape, as an earlier version wrote them here, and as another responder's earlier version pushed them.
    const insert = connectionOf(store).prepare("INSERT INTO events (incident_id, ts, kind, actor, data, uid, author_id, hlc) VALUES (?, ?, 'event.starred', 'x', ?, ?, ?, ?)");
    insert.run(incident.id, store.timestamp(), JSON.stringify({ seq: note.seq, starred: true }), '01900000-0000-7000-8000-000000000001', store.installId, store.clock.tick());
    insert.run(incident.id, store.timestamp(), JSON.stringify({ seq: note.seq, starred: true }), '01900000-0000-7000-8000-000000000002', 'another-install', store.clock.tick());
    const [mine, theirs] = store.list(incident.id).slice(1);
    expect(mine).toMatchObject({ kind: 'event.starred', data: { eventUid: note.uid, starred: true } });
    expect(theirs).toMatchObject({ kind: 'unknown', data: { storedKind: 'event.starred' } });
    store.close();
  });
});
