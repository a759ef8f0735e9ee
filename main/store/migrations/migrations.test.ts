import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../open-database';
import { LATEST_SCHEMA_VERSION, migrations } from './index';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-migrate-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

/** A database at schema `version`, built by applying migrations 1..version, with a row in each era's tables. */
function fixtureAt(version: number): string {
  const file = path.join(dir, `schema-${version}.sqlite3`);
  const db = openDatabase(file, migrations.filter((migration) => migration.version <= version));
  expect(db.pragma('user_version', { simple: true })).toBe(version);
  db.prepare("INSERT INTO incidents (id, title, kind, created_at) VALUES ('old', 'Old incident', 'incident', '2024-01-01T00:00:00.000Z')").run();
  db.prepare(
    "INSERT INTO events (incident_id, ts, kind, actor, data) VALUES ('old', '2024-01-01T00:01:00.000Z', 'step.started', 'ana', '{\"command\":\"systemctl restart pgbouncer\"}')",
  ).run();
  db.close();
  return file;
}

describe('migrations', () => {
  it('are numbered in increasing order', () => {
    const versions = migrations.map((migration) => migration.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });

  // Every earlier schema this build can meet in the field, upgraded to the latest.
  for (const migration of migrations.slice(0, -1)) {
    it(`upgrade a database from schema ${migration.version} to ${LATEST_SCHEMA_VERSION}, keeping its data`, () => {
      const file = fixtureAt(migration.version);
      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(db.prepare('SELECT title, severity, status FROM incidents').get()).toEqual({
        title: 'Old incident',
        severity: 'SEV4',
        status: 'investigating',
      });
      expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
      // Events from before the search index existed are searchable after the upgrade.
      expect(db.prepare("SELECT ref FROM search_index WHERE search_index MATCH 'pgbouncer'").all()).toEqual([{ ref: 1 }]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    });
  }

  it('leave a database at the latest schema as it is', () => {
    const file = fixtureAt(LATEST_SCHEMA_VERSION);
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
    expect(new Database(file, { readonly: true }).prepare('SELECT count(*) AS n FROM incidents').get()).toEqual({ n: 1 });
  });
});
