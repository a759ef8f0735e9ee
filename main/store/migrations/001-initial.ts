/**
 * Schema version 1: incidents and the append-only timeline.
 * Never edit a shipped migration; add the next number instead.
 */
export const migration001 = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE incidents (
      id          TEXT PRIMARY KEY,
      title       TEXT NOT NULL,
      kind        TEXT NOT NULL CHECK (kind IN ('incident', 'drill', 'practice')),
      created_at  TEXT NOT NULL
    ) STRICT;

    -- The timeline. Rows are only ever inserted: seq is the gap-free order
    -- of commits across the whole database.
    CREATE TABLE events (
      seq          INTEGER PRIMARY KEY,
      incident_id  TEXT NOT NULL REFERENCES incidents(id),
      ts           TEXT NOT NULL,
      kind         TEXT NOT NULL,
      actor        TEXT NOT NULL,
      data         TEXT NOT NULL CHECK (json_valid(data))
    ) STRICT;
    CREATE INDEX events_by_incident ON events(incident_id, seq);

    CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'timeline events are append-only'); END;
    CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'timeline events are append-only'); END;
  `,
} as const;
