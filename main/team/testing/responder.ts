import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { IncidentStore } from '../../store/incident-store';
import { databasePathIn } from '../../platform/app-paths';
import type Database from 'better-sqlite3';
import { EventStore } from '../../store/event-store';
import { openDatabase } from '../../store/open-database';
import { SyncStore } from '../../store/sync-store';
import { TeamSync, type TeamSyncOptions } from '../team-sync';
import { startTestPostgres, type TestPostgres } from './postgres-server';

/** One responder for the team tests: their own data folder, database role and clock. */
export interface TestResponder {
  name: string;
  dataDir: string;
  /** The connection `events` is on (opened here), for checks that read or plant rows directly. */
  db: Database.Database;
  events: EventStore;
  incidents: IncidentStore;
  store: SyncStore;
  sync: TeamSync;
  /** Shifts this responder's wall clock (ms), for clock-skew tests. */
  skewMs: number;
  /** Connects as this responder (a real login with their password). */
  connect(): Promise<Client>;
  /** Runs `work` on a fresh connection and closes it. */
  online<T>(work: (client: Client) => Promise<T>): Promise<T>;
  close(): void;
}

export function makeResponder(server: TestPostgres, name: string, options: TeamSyncOptions & { skewMs?: number } = {}): TestResponder {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `firebreak-responder-${name}-`));
  const responder: TestResponder = {
    name,
    dataDir,
    skewMs: options.skewMs ?? 0,
    db: undefined as unknown as Database.Database,
    events: undefined as unknown as EventStore,
    incidents: undefined as unknown as IncidentStore,
    store: undefined as unknown as SyncStore,
    sync: undefined as unknown as TeamSync,
    async connect() {
      const client = new Client({ connectionString: server.url(name), connectionTimeoutMillis: 5000 });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    },
    async online(work) {
      const client = await responder.connect();
      try {
        return await work(client);
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    close() {
      responder.events.close();
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
  responder.db = openDatabase(databasePathIn(dataDir));
  responder.events = new EventStore(responder.db, name, () => new Date(Date.now() + responder.skewMs));
  responder.incidents = new IncidentStore(responder.events);
  responder.store = new SyncStore(responder.events);
  responder.sync = new TeamSync(responder.store, options);
  return responder;
}

/** The team server of one test file and the responders made on it (see {@link useTeamServer}). */
export interface TeamTestServer {
  /** The running server (started in beforeAll). */
  readonly server: TestPostgres;
  /** A responder on it, closed after the test. */
  responder(name: string, options?: TeamSyncOptions & { skewMs?: number }): TestResponder;
}

/** What else {@link useTeamServer} sets up around the server. */
export interface TeamServerOptions {
  /**
   * Roles whose passwords go in a .pgpass of the test file's own (each role's
   * password is its name, as addTeam makes them): PGPASSFILE names it while
   * the file runs, and is restored after.
   */
  pgpass?: string[];
}

/**
 * A real PostgreSQL for one test file, with `teams` (name → member roles),
 * and responders made through it closed after each test.
 */
export function useTeamServer(teams: Record<string, string[]>, options: TeamServerOptions = {}): TeamTestServer {
  let running: TestPostgres | undefined;
  let pgpassDir: string | undefined;
  const savedPgpass = process.env.PGPASSFILE;
  const made: TestResponder[] = [];
  beforeAll(async () => {
    running = await startTestPostgres();
    for (const [team, members] of Object.entries(teams)) await running.addTeam(team, members);
    if (options.pgpass) {
      pgpassDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-team-pgpass-'));
      const port = running.port;
      fs.writeFileSync(path.join(pgpassDir, 'pgpass'), options.pgpass.map((role) => `127.0.0.1:${port}:postgres:${role}:${role}\n`).join(''), { mode: 0o600 });
      process.env.PGPASSFILE = path.join(pgpassDir, 'pgpass');
    }
  }, 120_000);
  afterAll(async () => {
    if (pgpassDir) {
      if (savedPgpass === undefined) delete process.env.PGPASSFILE;
      else process.env.PGPASSFILE = savedPgpass;
      fs.rmSync(pgpassDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
    await running?.stop();
  }, 60_000);
  afterEach(() => {
    for (const responder of made.splice(0)) responder.close();
  });
  return {
    get server() {
      if (!running) throw new Error('The team server starts in beforeAll: use it inside a test.');
      return running;
    },
    responder(name, options = {}) {
      const responder = makeResponder(this.server, name, options);
      made.push(responder);
      return responder;
    },
  };
}
