import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUuidv7 } from '../../../shared/team/uuidv7';
import { EventStore } from '../event-store';
import { openDatabase } from '../open-database';
import { migrations } from './index';
import { connectionOf } from '../store-connection';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-migrate-5-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

describe('schema 5: global event ids, authors, clocks and the outbox', () => {
  it('gives events already on the record a UUIDv7, this install as author and a clock, keeping them append-only', () => {
    const file = path.join(dir, 'old.sqlite3');
    const old = openDatabase(file, migrations.filter((migration) => migration.version <= 4));
    old.prepare("INSERT INTO incidents (id, title, kind, created_at) VALUES ('old', 'Old', 'incident', '2024-01-01T00:00:00.000Z')").run();
    for (const minute of ['01', '02']) {
      old.prepare(`INSERT INTO events (incident_id, ts, kind, actor, data) VALUES ('old', '2024-01-01T00:${minute}:00.000Z', 'note', 'ana', '{"noteId":"n","text":"t"}')`).run();
    }
    old.close();

    const db = openDatabase(file);
    const installId = (db.prepare("SELECT value FROM app_state WHERE key = 'install_id'").get() as { value: string }).value;
    const rows = db.prepare('SELECT uid, author_id, hlc, ts FROM events ORDER BY seq').all() as { uid: string; author_id: string; hlc: string; ts: string }[];
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(isUuidv7(row.uid)).toBe(true);
      expect(row.uid.replace('-', '').slice(0, 12)).toBe(Date.parse(row.ts).toString(16).padStart(12, '0'));
      expect(row.author_id).toBe(installId);
      expect(row.hlc).toBe(`${String(Date.parse(row.ts)).padStart(15, '0')}.000000.${installId}`);
    }
    expect(rows[0]!.uid).not.toBe(rows[1]!.uid);
    expect(() => db.prepare("UPDATE events SET actor = 'mallory'").run()).toThrow(/append-only/);

    // New events carry the same identity, and a clock after everything on the record.
    const events = new EventStore(db, 'ana', () => new Date('2023-06-01T00:00:00.000Z'));
    events.append('old', 'note', { noteId: 'x', text: 'written with a clock running behind' });
    const last = db.prepare('SELECT uid, author_id, hlc FROM events ORDER BY seq DESC LIMIT 1').get() as { uid: string; author_id: string; hlc: string };
    expect(isUuidv7(last.uid)).toBe(true);
    expect(last.author_id).toBe(installId);
    expect(last.hlc > rows[1]!.hlc).toBe(true);
    events.close();
  });

  it('queues local events of shared incidents, and only those, in the outbox', () => {
    const db = openDatabase(path.join(dir, 'new.sqlite3'));
    const events = new EventStore(db, 'ana');
    const shared = events.createIncident('Shared', 'incident');
    const solo = events.createIncident('Solo', 'incident');
    db.prepare("INSERT INTO team_incidents (incident_id, team, invite_code, joined_at) VALUES (?, 'sre', 'CODE', 'now')").run(shared.id);
    const queued = events.append(shared.id, 'note', { noteId: 'a', text: 'for the team' });
    events.append(solo.id, 'note', { noteId: 'b', text: 'mine' });
    expect(db.prepare('SELECT seq FROM sync_outbox').all()).toEqual([{ seq: queued.seq }]);
    events.close();
  });
});

describe('imported incidents', () => {
  it('get global ids, this install as author and clocks in their order, so they can be shared', async () => {
    const { importIncidentRecord } = await import('../incident-importer');
    const { readIncidentRecord } = await import('../incident-record-reader');
    const { IncidentStore } = await import('../incident-store');
    const source = new EventStore(openDatabase(path.join(dir, 'source.sqlite3')), 'ana');
    const sourceIncidents = new IncidentStore(source);
    const { incident } = sourceIncidents.declare({ title: 'Elsewhere', kind: 'incident' });
    sourceIncidents.addNote(incident.id, 'one');
    sourceIncidents.addNote(incident.id, 'two');
    const record = readIncidentRecord(source, sourceIncidents, incident.id);
    source.close();

    const target = new EventStore(openDatabase(path.join(dir, 'target.sqlite3')), 'bo');
    importIncidentRecord(target, record);
    const rows = connectionOf(target).prepare('SELECT uid, author_id, hlc FROM events ORDER BY seq').all() as { uid: string; author_id: string; hlc: string }[];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(isUuidv7(row.uid)).toBe(true);
      expect(row.author_id).toBe(target.installId);
    }
    expect(rows.map((row) => row.hlc)).toEqual([...rows.map((row) => row.hlc)].sort());
    target.close();
  });
});
