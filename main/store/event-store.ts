import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  TimelineEventSchema,
  type Incident,
  type TimelineEvent,
  type TimelineEventKind,
} from '../../shared/model/timeline';

interface EventRow {
  seq: number;
  incident_id: string;
  ts: string;
  kind: string;
  actor: string;
  data: string;
}

interface IncidentRow {
  id: string;
  title: string;
  kind: Incident['kind'];
  created_at: string;
}

/**
 * The incident timeline on SQLite. `append` returns only after the row is
 * committed, so whatever the UI shows is already durable.
 */
export class EventStore {
  private readonly insertEvent: Database.Statement;
  private readonly selectEvents: Database.Statement;
  private readonly selectEventBySeq: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly defaultActor: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insertEvent = db.prepare(
      'INSERT INTO events (incident_id, ts, kind, actor, data) VALUES (@incidentId, @ts, @kind, @actor, @data)',
    );
    this.selectEvents = db.prepare(
      'SELECT * FROM events WHERE incident_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.selectEventBySeq = db.prepare('SELECT * FROM events WHERE seq = ?');
  }

  createIncident(title: string, kind: Incident['kind']): Incident {
    const incident: Incident = { id: randomUUID(), title, kind, createdAt: this.now().toISOString() };
    this.db
      .prepare('INSERT INTO incidents (id, title, kind, created_at) VALUES (?, ?, ?, ?)')
      .run(incident.id, incident.title, incident.kind, incident.createdAt);
    return incident;
  }

  getIncident(id: string): Incident | undefined {
    const row = this.db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined;
    return row && toIncident(row);
  }

  /** The most recently created incident, or a new practice session when there is none. */
  activeIncident(): Incident {
    const row = this.db.prepare('SELECT * FROM incidents ORDER BY created_at DESC, rowid DESC LIMIT 1').get() as
      | IncidentRow
      | undefined;
    if (row) return toIncident(row);
    const date = this.now().toISOString().slice(0, 10);
    return this.createIncident(`Practice session ${date}`, 'practice');
  }

  /** Commits one event and returns it as stored. */
  append(incidentId: string, kind: TimelineEventKind, data: Record<string, unknown>, actor?: string): TimelineEvent {
    const info = this.insertEvent.run({
      incidentId,
      ts: this.now().toISOString(),
      kind,
      actor: actor ?? this.defaultActor,
      data: JSON.stringify(data),
    });
    const row = this.selectEventBySeq.get(info.lastInsertRowid) as EventRow;
    return toEvent(row);
  }

  list(incidentId: string, afterSeq = 0, limit = 1000): TimelineEvent[] {
    return (this.selectEvents.all(incidentId, afterSeq, limit) as EventRow[]).map(toEvent);
  }

  close(): void {
    this.db.close();
  }
}

function toIncident(row: IncidentRow): Incident {
  return { id: row.id, title: row.title, kind: row.kind, createdAt: row.created_at };
}

function toEvent(row: EventRow): TimelineEvent {
  return TimelineEventSchema.parse({
    seq: row.seq,
    incidentId: row.incident_id,
    ts: row.ts,
    kind: row.kind,
    actor: row.actor,
    data: JSON.parse(row.data) as unknown,
  });
}
