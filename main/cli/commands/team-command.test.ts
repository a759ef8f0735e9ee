import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IncidentStore } from '../../store/incident-store';
import { databasePathIn } from '../../platform/app-paths';
import { EventStore } from '../../store/event-store';
import { openDatabase } from '../../store/open-database';
import { SyncStore } from '../../store/sync-store';
import { startTestPostgres, type TestPostgres } from '../../team/testing/postgres-server';
import { buildProgram } from '../program';

let server: TestPostgres;
let root: string;
let stdout = '';
let stderr = '';
const savedEnv = { PGPASSFILE: process.env.PGPASSFILE, FIREBREAK_DATABASE_URL: process.env.FIREBREAK_DATABASE_URL };

beforeAll(async () => {
  server = await startTestPostgres();
  await server.addTeam('red', ['alice', 'bob']);
  await server.addTeam('blue', ['carol']);
}, 120_000);
afterAll(async () => server?.stop(), 60_000);

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-cli-team-'));
  // Passwords as psql reads them: a .pgpass file, never the URL or settings.
  const pgpass = path.join(root, 'pgpass');
  fs.writeFileSync(pgpass, ['alice', 'bob', 'carol'].map((role) => `127.0.0.1:${server.port}:postgres:${role}:${role}`).join('\n') + '\n', { mode: 0o600 });
  process.env.PGPASSFILE = pgpass;
  delete process.env.FIREBREAK_DATABASE_URL;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  process.exitCode = undefined;
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

async function firebreak(who: string, ...args: string[]): Promise<number> {
  stdout = '';
  stderr = '';
  process.exitCode = undefined;
  await buildProgram((program) => program.exitOverride()).parseAsync(['--data-dir', path.join(root, who), ...args], { from: 'user' });
  return Number(process.exitCode ?? 0);
}

const urlOf = (role: string, sslmode: string | null = 'disable') => `postgres://${role}@127.0.0.1:${server.port}/postgres${sslmode ? `?sslmode=${sslmode}` : ''}`;

function addNote(who: string, incidentId: string, text: string): void {
  const events = new EventStore(openDatabase(databasePathIn(path.join(root, who))), who);
  new IncidentStore(events).addNote(incidentId, text);
  events.close();
}

describe('firebreak team / declare / sync (a real PostgreSQL, the real CLI)', () => {
  it('connects with the password from .pgpass, never storing one, and with full TLS verification by default', async () => {
    expect(await firebreak('alice', 'team', 'connect', urlOf('alice').replace('alice@', 'alice:alice@'), '--team', 'red')).toBe(1);
    expect(stderr).toContain('never stores one in clear');
    expect(await firebreak('alice', 'team', 'connect', urlOf('alice', null), '--team', 'red')).toBe(1);
    expect(stderr).toMatch(/SSL/i);
    expect(await firebreak('alice', 'team', 'connect', urlOf('alice'), '--team', 'blue')).toBe(1);
    expect(stderr).toContain('not a member of the team "blue"');
    expect(await firebreak('alice', 'team', 'connect', urlOf('alice'), '--team', 'red')).toBe(0);
    expect(stdout).toContain('team "red"');
    const settings = fs.readFileSync(path.join(root, 'alice', 'settings.json'), 'utf8');
    expect(settings).toContain(urlOf('alice'));
    expect(settings).not.toContain(':alice@');
  });

  it('declares a shared incident, joins it by code, syncs both ways, searches the team history and exports the same timeline', async () => {
    for (const who of ['alice', 'bob']) expect(await firebreak(who, 'team', 'connect', urlOf(who), '--team', 'red', '--name', who)).toBe(0);
    expect(await firebreak('alice', 'declare', 'Checkout latency', '--severity', 'SEV1', '--shared', '--json')).toBe(0);
    const declared = JSON.parse(stdout) as { id: string; inviteCode: string; inviteLink: string };
    expect(declared.inviteCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(declared.inviteLink).toBe(`firebreak://join/${declared.inviteCode}`);

    expect(await firebreak('bob', 'team', 'join', declared.inviteCode)).toBe(0);
    expect(stdout).toContain('Checkout latency');
    addNote('alice', declared.id, 'pgbouncer pool exhausted on db-2');
    addNote('bob', declared.id, 'raised max_client_conn to 400');

    expect(await firebreak('bob', 'team', 'status', '--json')).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ team: 'red', sharedIncidents: 1, pendingPushes: 1, reachable: true });
    expect(await firebreak('alice', 'sync', '--json')).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ pushed: 1, pending: 0 });
    expect(await firebreak('bob', 'sync', '--json')).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ pushed: 1, pulled: 1, pending: 0 });
    expect(await firebreak('alice', 'sync', '--json')).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ pushed: 0, pulled: 1 });
    expect(await firebreak('alice', 'team', 'status', '--json')).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ pendingPushes: 0, lag: 0 });

    expect(await firebreak('bob', 'incidents', '--team', 'pgbouncer')).toBe(0);
    expect(stdout).toContain('Checkout latency');
    expect(stdout).toContain('1 matching event');
    expect(await firebreak('bob', 'incidents', '--team', 'nothing-like-this')).toBe(0);
    expect(stdout).toContain('No team incident matches');

    const timeline = async (who: string) => {
      expect(await firebreak(who, 'export', declared.id, '--format', 'json')).toBe(0);
      const record = JSON.parse(stdout) as { events: { kind: string; actor: string; data: unknown; ts: string }[] };
      return record.events
        .filter((event) => event.kind === 'note' || event.kind === 'incident.declared')
        .map((event) => ({ kind: event.kind, actor: event.actor, data: event.data, ts: event.ts }))
        .sort((a, b) => a.ts.localeCompare(b.ts));
    };
    const alices = await timeline('alice');
    expect(alices.map((event) => event.actor)).toEqual(['alice', 'alice', 'bob']);
    expect(await timeline('bob')).toEqual(alices);
  });

  it('turns full-output sharing on at declare and off with team share-output, and the other responder gets the setting', async () => {
    for (const who of ['alice', 'bob']) expect(await firebreak(who, 'team', 'connect', urlOf(who), '--team', 'red')).toBe(0);
    expect(await firebreak('alice', 'declare', 'Queue backlog', '--shared', '--share-output', '--json')).toBe(0);
    const declared = JSON.parse(stdout) as { id: string; inviteCode: string };
    expect(await firebreak('bob', 'team', 'join', declared.inviteCode)).toBe(0);
    const sharing = (who: string) => {
      const events = new EventStore(openDatabase(databasePathIn(path.join(root, who))), who);
      try {
        return new SyncStore(events).outputSharing(declared.id);
      } finally {
        events.close();
      }
    };
    expect(sharing('bob')).toEqual({ enabled: true, capBytes: 5 * 1024 * 1024 });

    expect(await firebreak('bob', 'team', 'share-output', 'active', 'off', '--json')).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ incidentId: declared.id, enabled: false, capBytes: 5 * 1024 * 1024, shared: true });
    expect(await firebreak('bob', 'team', 'share-output', declared.id, 'on', '--cap', '2MiB')).toBe(0);
    expect(stdout).toContain('up to 2,097,152 bytes per run');
    expect(await firebreak('bob', 'team', 'share-output', declared.id, 'on', '--cap', 'lots')).toBe(1);
    expect(stderr).toContain('--cap must be a size');
    expect(await firebreak('bob', 'team', 'share-output', declared.id, 'maybe')).toBe(1);
    expect(await firebreak('bob', 'sync')).toBe(0);
    expect(await firebreak('alice', 'sync')).toBe(0);
    expect(sharing('alice')).toEqual({ enabled: true, capBytes: 2 * 1024 * 1024 });
  });

  it('refuses another team\'s invite and keeps recording while the server is unreachable', async () => {
    expect(await firebreak('alice', 'team', 'connect', urlOf('alice'), '--team', 'red')).toBe(0);
    expect(await firebreak('alice', 'declare', 'Red only', '--shared', '--json')).toBe(0);
    const { inviteCode, id } = JSON.parse(stdout) as { id: string; inviteCode: string };
    expect(await firebreak('carol', 'team', 'connect', urlOf('carol'), '--team', 'blue')).toBe(0);
    expect(await firebreak('carol', 'team', 'join', inviteCode)).toBe(1);
    expect(stderr).toContain('No incident of your teams has the invite code');

    process.env.FIREBREAK_DATABASE_URL = `postgres://alice@127.0.0.1:1/postgres?sslmode=disable`;
    addNote('alice', id, 'written while the team database is down');
    expect(await firebreak('alice', 'sync')).toBe(1);
    expect(stderr).toContain('Everything is still recorded here');
    expect(await firebreak('alice', 'team', 'status', '--json')).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ pendingPushes: 1, reachable: false, lag: null });
    delete process.env.FIREBREAK_DATABASE_URL;
    expect(await firebreak('alice', 'sync', '--json')).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ pushed: 1, pending: 0 });
  });
});
