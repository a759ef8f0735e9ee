import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_SERVER_SCHEMA, migrateServer, requireServerSchema, serverMigrations, ServerSchemaError } from './server-schema';
import { SUPERUSER_PASSWORD, startTestPostgres, type TestPostgres } from './testing/postgres-server';

let server: TestPostgres;

beforeAll(async () => {
  server = await startTestPostgres();
  await server.addTeam('red', ['alice', 'bob']);
  await server.addTeam('blue', ['carol']);
}, 120_000);
afterAll(async () => server?.stop(), 60_000);

async function as<T>(role: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: server.url(role) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const INCIDENT = '0193828b-0000-7000-8000-000000000001';
const event = (uid: string, incident = INCIDENT) => [uid, incident, '2026-12-01T09:00:00.000Z', 'note', 'alice', 'install-a', '000001764579600000.000000.install-a', '{"noteId":"n","text":"hello"}'];
const INSERT_EVENT = 'INSERT INTO firebreak.events (uid, incident_id, ts, kind, actor, author_id, hlc, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)';

describe('the team schema on a real PostgreSQL', () => {
  it('is applied once, in order, and a second run changes nothing', async () => {
    const client = new Client({ connectionString: server.url('postgres', SUPERUSER_PASSWORD) });
    await client.connect();
    try {
      expect(await migrateServer(client)).toEqual([]);
      const rows = (await client.query('SELECT version, name FROM firebreak.schema_version ORDER BY version')).rows;
      expect(rows).toEqual(serverMigrations.map((migration) => ({ version: migration.version, name: migration.name })));
      await requireServerSchema(client);
    } finally {
      await client.end();
    }
  });

  it('lets a responder see and write only their own team\'s incidents', async () => {
    await as('alice', (client) =>
      client.query("INSERT INTO firebreak.incidents (id, team, title, kind, severity, invite_code, created_at) VALUES ($1, 'red', 'Payments down', 'incident', 'SEV1', 'RED-CODE', 'now')", [INCIDENT]),
    );
    await as('alice', (client) => client.query(INSERT_EVENT, event('0193828b-0000-7000-8000-0000000000a1')));
    expect(await as('bob', async (client) => (await client.query('SELECT title FROM firebreak.incidents')).rows)).toEqual([{ title: 'Payments down' }]);
    expect(await as('bob', async (client) => (await client.query('SELECT count(*)::int AS n FROM firebreak.events')).rows)).toEqual([{ n: 1 }]);

    // carol is on another team: she sees nothing of red's, not even by its invite code, and cannot write to it.
    expect(await as('carol', async (client) => (await client.query("SELECT * FROM firebreak.incidents WHERE invite_code = 'RED-CODE'")).rows)).toEqual([]);
    expect(await as('carol', async (client) => (await client.query('SELECT * FROM firebreak.events')).rows)).toEqual([]);
    await expect(as('carol', (client) => client.query(INSERT_EVENT, event('0193828b-0000-7000-8000-0000000000c1')))).rejects.toThrow(/row-level security/);
    await expect(
      as('carol', (client) =>
        client.query("INSERT INTO firebreak.incidents (id, team, title, kind, severity, invite_code, created_at) VALUES (gen_random_uuid(), 'red', 'x', 'incident', 'SEV4', 'X', 'now')"),
      ),
    ).rejects.toThrow(/row-level security/);
    // Nobody signs an event as someone else.
    await expect(
      as('bob', (client) =>
        client.query(`${INSERT_EVENT.replace('data)', 'data, pushed_by)').replace('$8)', "$8, 'alice')")}`, event('0193828b-0000-7000-8000-0000000000b1'))),
    ).rejects.toThrow(/row-level security/);
  });

  it('gives each team its own secret notification channel, which members read and nobody changes', async () => {
    const channels = await server.admin<{ name: string; notify_channel: string }>('SELECT name, notify_channel FROM firebreak.teams ORDER BY name');
    expect(channels.map((row) => row.name)).toEqual(['blue', 'red']);
    expect(channels.every((row) => /^firebreak_team_[0-9a-f]{32}$/.test(row.notify_channel))).toBe(true);
    expect(channels[0]!.notify_channel).not.toBe(channels[1]!.notify_channel);
    expect(await as('carol', async (client) => (await client.query('SELECT notify_channel FROM firebreak.teams')).rows)).toEqual([{ notify_channel: channels[0]!.notify_channel }]);
    await expect(as('carol', (client) => client.query("UPDATE firebreak.teams SET notify_channel = 'firebreak_events'"))).rejects.toThrow(/permission denied/);
  });

  it('keeps the shared timeline append-only', async () => {
    await expect(as('alice', (client) => client.query("UPDATE firebreak.events SET actor = 'mallory'"))).rejects.toThrow(/permission denied/);
    await expect(as('alice', (client) => client.query('DELETE FROM firebreak.events'))).rejects.toThrow(/permission denied/);
    await expect(server.admin("UPDATE firebreak.events SET actor = 'mallory'")).rejects.toThrow(/append-only/);
  });

  it('refuses a schema newer than this build knows, leaving it untouched', async () => {
    await server.admin("INSERT INTO firebreak.schema_version (version, name) VALUES (99, 'from-the-future')");
    try {
      const client = new Client({ connectionString: server.url('postgres', SUPERUSER_PASSWORD) });
      await client.connect();
      try {
        await expect(migrateServer(client)).rejects.toThrow(ServerSchemaError);
        await expect(requireServerSchema(client)).rejects.toThrow(`schema 99; this Firebreak knows up to ${LATEST_SERVER_SCHEMA}`);
      } finally {
        await client.end();
      }
      expect((await server.admin<{ n: number }>('SELECT count(*)::int AS n FROM firebreak.schema_version'))[0]!.n).toBe(serverMigrations.length + 1);
    } finally {
      await server.admin('DELETE FROM firebreak.schema_version WHERE version = 99');
    }
  });
});
