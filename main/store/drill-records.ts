import type { DrillScore } from '../../shared/drills/score-drill';
import type { EventStore } from './event-store';
import { connectionOf } from './store-connection';

/**
 * The queries drills make of the record: scores (from 'drill.scored' events)
 * and drills a crash left open. Kept here so the events table's shape is read
 * only by main/store.
 */
export class DrillRecords {
  constructor(private readonly events: EventStore) {}

  /** The latest score of a drill incident, or null while it runs (or when it is not a drill). */
  latestScore(incidentId: string): DrillScore | null {
    const row = connectionOf(this.events)
      .prepare("SELECT data FROM events WHERE incident_id = ? AND kind = 'drill.scored' ORDER BY seq DESC LIMIT 1")
      .get(incidentId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as DrillScore) : null;
  }

  /** Every score of drills of one runbook, oldest first. */
  scoresOfRunbook(runbookId: string): DrillScore[] {
    const rows = connectionOf(this.events)
      .prepare("SELECT data FROM events WHERE kind = 'drill.scored' AND json_extract(data, '$.runbookId') = ? ORDER BY seq")
      .all(runbookId) as Array<{ data: string }>;
    return rows.map((row) => JSON.parse(row.data) as DrillScore);
  }

  /** Drills that started (some 'drill.*' event) but were never scored: the app stopped while they ran. */
  unscoredDrillIds(): string[] {
    const rows = connectionOf(this.events)
      .prepare(
        `SELECT i.id AS id FROM incidents i WHERE i.kind = 'drill'
           AND EXISTS (SELECT 1 FROM events e WHERE e.incident_id = i.id AND e.kind LIKE 'drill.%' AND e.kind <> 'drill.scored')
           AND NOT EXISTS (SELECT 1 FROM events e WHERE e.incident_id = i.id AND e.kind = 'drill.scored')`,
      )
      .all() as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }
}
