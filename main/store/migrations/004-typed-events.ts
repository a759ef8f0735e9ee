/**
 * Schema version 4: typed events. Typed commands store their text in
 * `commandLine` (the search trigger of schema 3 read `command`, so they were
 * never searchable), and drill events have kinds of their own
 * (drill.started, drill.lab, drill.fault, drill.inject, drill.problem,
 * drill.ended). The trigger indexes what each kind holds, and typed commands
 * already on the record are indexed now. Old rows are not rewritten (events
 * are append-only): readers map them (shared/model/timeline.ts).
 * Never edit a shipped migration; add the next number instead.
 */
export const migration004 = {
  version: 4,
  name: 'typed-events',
  sql: `
    DROP TRIGGER events_into_search;
    CREATE TRIGGER events_into_search AFTER INSERT ON events
      WHEN new.kind IN ('step.started', 'step.finished', 'command.manual', 'note', 'note.edited', 'incident.declared',
                        'drill.inject', 'drill.fault', 'drill.lab', 'drill.problem', 'drill.ended', 'record.gap')
      BEGIN
        INSERT INTO search_index (text, source, ref, incident_id)
        SELECT trim(concat_ws(' ',
                 json_extract(new.data, '$.title'),
                 json_extract(new.data, '$.command'),
                 json_extract(new.data, '$.commandLine'),
                 json_extract(new.data, '$.text'),
                 json_extract(new.data, '$.message'),
                 json_extract(new.data, '$.detail'),
                 json_extract(new.data, '$.fault'),
                 json_extract(new.data, '$.lost'),
                 json_extract(new.data, '$.summary'))),
               'event', new.seq, new.incident_id;
      END;

    DELETE FROM search_index WHERE source = 'event' AND ref IN (SELECT seq FROM events WHERE kind = 'command.manual');
    INSERT INTO search_index (text, source, ref, incident_id)
      SELECT trim(concat_ws(' ', json_extract(data, '$.commandLine'), json_extract(data, '$.command'))), 'event', seq, incident_id
      FROM events WHERE kind = 'command.manual';
  `,
} as const;
