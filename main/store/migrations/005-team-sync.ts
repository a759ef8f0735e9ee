/**
 * Schema version 5: the record as one responder's part of a team's record.
 * Every event gets a global id (`uid`, a UUIDv7), the per-install id of the
 * responder who wrote it (`author_id`; `actor` stays their display name) and
 * a hybrid logical clock timestamp (`hlc`, the order shared fields merge in).
 * Events of shared incidents written here queue in `sync_outbox` (in the
 * same transaction that commits them) until the team's PostgreSQL has them;
 * `team_incidents` holds which incidents are shared and how far each has
 * been pulled (a cursor over the server's commit order).
 *
 * Existing rows get their ids here, once: the append-only triggers are
 * lifted for this one UPDATE and put back as they were.
 * Never edit a shipped migration; add the next number instead.
 */
export const migration005 = {
  version: 5,
  name: 'team-sync',
  sql: `
    -- This data folder's responder identity: made once, never changed.
    INSERT INTO app_state (key, value)
      SELECT 'install_id', lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
             substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
      WHERE NOT EXISTS (SELECT 1 FROM app_state WHERE key = 'install_id');

    ALTER TABLE events ADD COLUMN uid TEXT;
    ALTER TABLE events ADD COLUMN author_id TEXT;
    ALTER TABLE events ADD COLUMN hlc TEXT;

    DROP TRIGGER events_are_append_only_update;
    UPDATE events SET
      uid = lower(printf('%012x', CAST(round((julianday(ts) - 2440587.5) * 86400000) AS INTEGER))) ,
      author_id = (SELECT value FROM app_state WHERE key = 'install_id'),
      hlc = printf('%015d', CAST(round((julianday(ts) - 2440587.5) * 86400000) AS INTEGER)) || '.000000.' ||
            (SELECT value FROM app_state WHERE key = 'install_id');
    UPDATE events SET uid = substr(uid, 1, 8) || '-' || substr(uid, 9, 4) || '-7' || lower(substr(hex(randomblob(2)), 2)) || '-' ||
            substr('89ab', 1 + (abs(random()) % 4), 1) || lower(substr(hex(randomblob(2)), 2)) || '-' || lower(hex(randomblob(6)));
    CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'timeline events are append-only'); END;

    CREATE UNIQUE INDEX events_by_uid ON events(uid);
    CREATE INDEX events_by_hlc ON events(hlc);

    -- Incidents shared with a team: the team, the invite, and the pull cursor
    -- (the server position of the last event pulled for it).
    CREATE TABLE team_incidents (
      incident_id  TEXT PRIMARY KEY REFERENCES incidents(id),
      team         TEXT NOT NULL,
      invite_code  TEXT NOT NULL,
      cursor       INTEGER NOT NULL DEFAULT 0,
      pulled_at    TEXT,
      joined_at    TEXT NOT NULL
    ) STRICT;

    -- Local events of shared incidents the server does not have yet, in commit order.
    CREATE TABLE sync_outbox (
      seq  INTEGER PRIMARY KEY REFERENCES events(seq)
    ) STRICT;

    CREATE TRIGGER events_into_outbox AFTER INSERT ON events
      WHEN new.incident_id IN (SELECT incident_id FROM team_incidents)
       AND new.author_id = (SELECT value FROM app_state WHERE key = 'install_id')
      BEGIN INSERT INTO sync_outbox (seq) VALUES (new.seq); END;
  `,
} as const;
