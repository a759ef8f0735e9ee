/**
 * Schema version 3: the incident record. Incident metadata (severity, status,
 * roles, key moments, postmortem fields), the active incident and settings,
 * stars, runbook snapshots by content hash, and the FTS5 search index over
 * commands, notes and terminal output.
 * Never edit a shipped migration; add the next number instead.
 */
export const migration003 = {
  version: 3,
  name: 'incident-record',
  sql: `
    ALTER TABLE incidents ADD COLUMN severity TEXT NOT NULL DEFAULT 'SEV4'
      CHECK (severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4'));
    ALTER TABLE incidents ADD COLUMN status TEXT NOT NULL DEFAULT 'investigating'
      CHECK (status IN ('investigating', 'identified', 'mitigated', 'resolved'));
    -- services, commander, communicationsLead, responders, keyMoments, postmortem
    ALTER TABLE incidents ADD COLUMN details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details));
    CREATE INDEX incidents_by_created ON incidents(created_at);

    -- Small key/value state that must survive a restart: the active incident, settings.
    CREATE TABLE app_state (
      key    TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    ) STRICT;

    -- Current star state; every star/unstar is also an 'event.starred' event.
    CREATE TABLE stars (
      event_seq    INTEGER PRIMARY KEY REFERENCES events(seq),
      incident_id  TEXT NOT NULL REFERENCES incidents(id),
      starred_at   TEXT NOT NULL
    ) STRICT;

    -- The exact runbook text that was followed, stored once per content hash.
    CREATE TABLE runbook_snapshots (
      content_hash  TEXT PRIMARY KEY,
      runbook_id    TEXT NOT NULL,
      title         TEXT NOT NULL,
      source        TEXT NOT NULL,
      first_seen    TEXT NOT NULL
    ) STRICT;

    -- Full-text search over every incident's commands, notes and output.
    -- source is 'event' (ref = events.seq) or 'output' (ref = terminal_output.seq
    -- of session_id, from migration 002; indexed by main/store/search-index.ts).
    CREATE VIRTUAL TABLE search_index USING fts5(
      text,
      source UNINDEXED,
      ref UNINDEXED,
      incident_id UNINDEXED,
      session_id UNINDEXED,
      run_id UNINDEXED,
      tokenize = 'unicode61'
    );

    -- Events are indexed in the same transaction that commits them.
    CREATE TRIGGER events_into_search AFTER INSERT ON events
      WHEN new.kind IN ('step.started', 'step.finished', 'command.manual', 'note', 'note.edited', 'incident.declared', 'drill.inject')
      BEGIN
        INSERT INTO search_index (text, source, ref, incident_id)
        SELECT trim(concat_ws(' ',
                 json_extract(new.data, '$.title'),
                 json_extract(new.data, '$.command'),
                 json_extract(new.data, '$.text'),
                 json_extract(new.data, '$.summary'))),
               'event', new.seq, new.incident_id;
      END;

    -- Existing events become searchable too.
    INSERT INTO search_index (text, source, ref, incident_id)
      SELECT trim(concat_ws(' ',
               json_extract(data, '$.title'),
               json_extract(data, '$.command'),
               json_extract(data, '$.text'),
               json_extract(data, '$.summary'))),
             'event', seq, incident_id
      FROM events
      WHERE kind IN ('step.started', 'step.finished', 'command.manual', 'note', 'note.edited', 'incident.declared', 'drill.inject');
  `,
} as const;
