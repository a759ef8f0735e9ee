import type { ClientBase } from 'pg';
import { Unavailable } from '../../shared/model/domain-errors';

/**
 * The team's record on PostgreSQL: the one server component a team runs.
 * Everything lives in the `firebreak` schema, owned by whoever runs
 * `firebreak team migrate` (an administrator); responders log in as their
 * own roles, members of `firebreak_responder`, and row-level security lets
 * each see and write only the incidents of the teams they belong to.
 *
 * Versioned like the local record: each migration runs once, in order, in
 * its own transaction; a schema newer than this build knows is refused.
 * Never edit a shipped migration; add the next version instead.
 */
export interface ServerMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const serverMigrations: readonly ServerMigration[] = [
  {
    version: 1,
    name: 'teams-incidents-events',
    sql: `
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'firebreak_responder') THEN
          CREATE ROLE firebreak_responder NOLOGIN;
        END IF;
      END $$;

      CREATE TABLE firebreak.teams (
        name        text PRIMARY KEY,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      -- Who is on which team: PostgreSQL role names.
      CREATE TABLE firebreak.team_members (
        team    text NOT NULL REFERENCES firebreak.teams(name),
        member  name NOT NULL,
        PRIMARY KEY (team, member)
      );
      CREATE TABLE firebreak.incidents (
        id           uuid PRIMARY KEY,
        team         text NOT NULL REFERENCES firebreak.teams(name),
        title        text NOT NULL,
        kind         text NOT NULL,
        severity     text NOT NULL,
        invite_code  text NOT NULL UNIQUE,
        created_at   text NOT NULL,
        created_by   name NOT NULL DEFAULT current_user
      );
      -- The shared timeline. Rows are only ever inserted; pos is the order in
      -- which they committed, per incident: the trigger below takes the
      -- incident's advisory lock before it numbers a row, and the lock is held
      -- to the commit, so no row of an incident commits behind a higher pos
      -- and a puller's cursor (the last pos it read) never skips one.
      CREATE SEQUENCE firebreak.events_pos;
      CREATE TABLE firebreak.events (
        pos          bigint PRIMARY KEY,
        uid          uuid NOT NULL UNIQUE,
        incident_id  uuid NOT NULL REFERENCES firebreak.incidents(id),
        ts           text NOT NULL,
        kind         text NOT NULL,
        actor        text NOT NULL,
        author_id    text NOT NULL,
        hlc          text NOT NULL,
        -- json, not jsonb: the text each responder wrote, byte for byte.
        data         json NOT NULL,
        pushed_by    name NOT NULL DEFAULT current_user,
        pushed_at    timestamptz NOT NULL DEFAULT now(),
        search       tsvector GENERATED ALWAYS AS (to_tsvector('simple',
                       coalesce(data->>'title', '') || ' ' || coalesce(data->>'command', '') || ' ' ||
                       coalesce(data->>'commandLine', '') || ' ' || coalesce(data->>'text', '') || ' ' ||
                       coalesce(data->>'message', '') || ' ' || coalesce(data->>'summary', ''))) STORED
      );
      CREATE INDEX events_by_incident ON firebreak.events (incident_id, pos);
      CREATE INDEX events_search ON firebreak.events USING gin (search);
      CREATE INDEX incidents_by_team ON firebreak.incidents (team, created_at);

      CREATE FUNCTION firebreak.events_number() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
        BEGIN
          PERFORM pg_advisory_xact_lock(hashtextextended('firebreak.incident:' || NEW.incident_id::text, 0));
          NEW.pos := nextval('firebreak.events_pos');
          RETURN NEW;
        END $$;
      CREATE TRIGGER events_number BEFORE INSERT ON firebreak.events
        FOR EACH ROW EXECUTE FUNCTION firebreak.events_number();

      CREATE FUNCTION firebreak.events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'timeline events are append-only'; END $$;
      CREATE TRIGGER events_are_append_only BEFORE UPDATE OR DELETE ON firebreak.events
        FOR EACH ROW EXECUTE FUNCTION firebreak.events_are_append_only();

      ALTER TABLE firebreak.team_members ENABLE ROW LEVEL SECURITY;
      ALTER TABLE firebreak.teams ENABLE ROW LEVEL SECURITY;
      ALTER TABLE firebreak.incidents ENABLE ROW LEVEL SECURITY;
      ALTER TABLE firebreak.events ENABLE ROW LEVEL SECURITY;
      CREATE POLICY own_memberships ON firebreak.team_members FOR SELECT USING (member = current_user);
      CREATE POLICY own_teams ON firebreak.teams FOR SELECT USING (name IN (SELECT team FROM firebreak.team_members));
      CREATE POLICY team_incidents_read ON firebreak.incidents FOR SELECT USING (team IN (SELECT team FROM firebreak.team_members));
      CREATE POLICY team_incidents_declare ON firebreak.incidents FOR INSERT
        WITH CHECK (team IN (SELECT team FROM firebreak.team_members) AND created_by = current_user);
      CREATE POLICY team_events_read ON firebreak.events FOR SELECT USING (incident_id IN (SELECT id FROM firebreak.incidents));
      CREATE POLICY team_events_push ON firebreak.events FOR INSERT
        WITH CHECK (incident_id IN (SELECT id FROM firebreak.incidents) AND pushed_by = current_user);

      GRANT USAGE ON SCHEMA firebreak TO firebreak_responder;
      GRANT SELECT ON firebreak.schema_version TO firebreak_responder;
      GRANT SELECT ON firebreak.teams, firebreak.team_members TO firebreak_responder;
      GRANT SELECT, INSERT ON firebreak.incidents, firebreak.events TO firebreak_responder;
    `,
  },
  {
    version: 2,
    name: 'notify-on-push',
    sql: `
      -- LISTEN firebreak_events: the payload is the incident that got events
      -- (one notification per incident per push: PostgreSQL folds duplicates).
      -- Replaced by per-team channels in version 4.
      CREATE FUNCTION firebreak.notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('firebreak_events', NEW.incident_id::text); RETURN NULL; END $$;
      CREATE TRIGGER events_notify AFTER INSERT ON firebreak.events
        FOR EACH ROW EXECUTE FUNCTION firebreak.notify_event();
    `,
  },
  {
    version: 3,
    name: 'presence',
    sql: `
      -- Who is on an incident now: each live responder refreshes its row
      -- (one per install) while the incident is open in front of them.
      CREATE TABLE firebreak.presence (
        incident_id   uuid NOT NULL REFERENCES firebreak.incidents(id),
        install_id    text NOT NULL,
        display_name  text NOT NULL,
        member        name NOT NULL DEFAULT current_user,
        seen_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (incident_id, install_id)
      );
      ALTER TABLE firebreak.presence ENABLE ROW LEVEL SECURITY;
      CREATE POLICY presence_read ON firebreak.presence FOR SELECT USING (incident_id IN (SELECT id FROM firebreak.incidents));
      CREATE POLICY presence_announce ON firebreak.presence FOR INSERT
        WITH CHECK (incident_id IN (SELECT id FROM firebreak.incidents) AND member = current_user);
      CREATE POLICY presence_refresh ON firebreak.presence FOR UPDATE
        USING (member = current_user) WITH CHECK (member = current_user);
      GRANT SELECT, INSERT, UPDATE ON firebreak.presence TO firebreak_responder;
    `,
  },
  {
    version: 4,
    name: 'notify-per-team',
    sql: `
      -- LISTEN needs no privilege and NOTIFY payloads bypass row-level
      -- security: on the one firebreak_events channel every responder of
      -- every team heard each pushed incident's id. Notifications now go to a
      -- channel of the incident's team, named by a random secret that only
      -- the team's members can read (teams rows are behind row-level
      -- security): another team cannot name the channel, so it hears nothing,
      -- not even that a push happened. gen_random_uuid() is evaluated per row,
      -- so each existing team gets its own.
      ALTER TABLE firebreak.teams ADD COLUMN notify_channel text NOT NULL UNIQUE
        DEFAULT 'firebreak_team_' || replace(gen_random_uuid()::text, '-', '');
      -- SECURITY DEFINER: the lookup does not depend on the pusher's policies.
      CREATE OR REPLACE FUNCTION firebreak.notify_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
        BEGIN
          PERFORM pg_notify(t.notify_channel, NEW.incident_id::text)
            FROM firebreak.incidents i JOIN firebreak.teams t ON t.name = i.team
            WHERE i.id = NEW.incident_id;
          RETURN NULL;
        END $$;
    `,
  },
];

export const LATEST_SERVER_SCHEMA = serverMigrations[serverMigrations.length - 1]!.version;

/** The server's schema cannot be used by this build: too old (migrate it) or newer (update Firebreak). */
export class ServerSchemaError extends Unavailable {
  override readonly name: string = 'ServerSchemaError';

  constructor(
    message: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(message);
  }
}

/** The schema version on the server; 0 when Firebreak's schema is not there yet. */
export async function serverSchemaVersion(client: ClientBase): Promise<number> {
  const table = await client.query<{ exists: boolean }>("SELECT to_regclass('firebreak.schema_version') IS NOT NULL AS exists");
  if (!table.rows[0]?.exists) return 0;
  const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM firebreak.schema_version');
  return result.rows[0]?.version ?? 0;
}

function refuseNewer(found: number, known: number): void {
  if (found > known) {
    throw new ServerSchemaError(
      `The team database has Firebreak schema ${found}; this Firebreak knows up to ${known}. It was left untouched: update Firebreak.`,
      found,
      known,
    );
  }
}

/**
 * Brings the server schema up to date (an administrator's task: it creates
 * the schema, a role and policies). Concurrent runs wait for each other on
 * an advisory lock. Returns the versions applied.
 */
export async function migrateServer(client: ClientBase, list: readonly ServerMigration[] = serverMigrations): Promise<number[]> {
  const known = list.length ? list[list.length - 1]!.version : 0;
  await client.query("SELECT pg_advisory_lock(hashtext('firebreak.migrate'))");
  try {
    await client.query(
      'CREATE SCHEMA IF NOT EXISTS firebreak; CREATE TABLE IF NOT EXISTS firebreak.schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const current = await serverSchemaVersion(client);
    refuseNewer(current, known);
    const applied: number[] = [];
    for (const migration of list) {
      if (migration.version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO firebreak.schema_version (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Server migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.version);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('firebreak.migrate'))");
  }
}

/** For responders: the server must hold exactly the schema this build speaks. */
export async function requireServerSchema(client: ClientBase, known = LATEST_SERVER_SCHEMA): Promise<void> {
  const found = await serverSchemaVersion(client);
  refuseNewer(found, known);
  if (found < known) {
    throw new ServerSchemaError(
      found === 0
        ? 'The team database has no Firebreak schema yet: an administrator runs "firebreak team migrate" once.'
        : `The team database has Firebreak schema ${found}; this Firebreak needs ${known}: an administrator runs "firebreak team migrate".`,
      found,
      known,
    );
  }
}
