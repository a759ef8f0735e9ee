import type { EventStore } from './event-store';
import { connectionOf } from './store-connection';

/**
 * The open incident (kind incident, not resolved) that already holds an alert
 * with one of `fingerprints`, or with `groupKey`; the newest such alert wins.
 * A page joins that incident instead of declaring a second one.
 */
export function openIncidentWithAlert(events: EventStore, match: { fingerprints: readonly string[]; groupKey: string | null }): string | undefined {
  const row = connectionOf(events)
    .prepare(
      `SELECT e.incident_id AS id FROM events e JOIN incidents i ON i.id = e.incident_id
       WHERE e.kind = 'alert.received' AND i.kind = 'incident' AND i.status <> 'resolved'
         AND (json_extract(e.data, '$.fingerprint') IN (SELECT value FROM json_each(?))
              OR (? IS NOT NULL AND json_extract(e.data, '$.groupKey') = ?))
       ORDER BY e.seq DESC LIMIT 1`,
    )
    .get(JSON.stringify(match.fingerprints), match.groupKey, match.groupKey) as { id: string } | undefined;
  return row?.id;
}
