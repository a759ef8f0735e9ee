import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { redactDeep } from '../../shared/export/redact-record';
import {
  TimelineEventSchema,
  type Incident,
  type TimelineEvent,
  type TimelineEventKind,
} from '../../shared/model/timeline';
import { readAppState, writeAppState } from './app-state';

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

/** The app_state key holding the id of the incident new events go to. */
export const ACTIVE_INCIDENT_KEY = 'active_incident';

/** Options of {@link EventStore}. */
export interface EventStoreOptions {
  /** When it returns true, secrets in event data are masked before the row is written. */
  redactAtWrite?: () => boolean;
}

/**
 * The incident timeline on SQLite. `append` returns only after the row is
 * committed, so whatever the UI shows is already durable. Rows are never
 * updated or deleted (triggers enforce it), and `seq` is gap-free.
 */
export class EventStore {
  private readonly insertEvent: Database.Statement;
  private readonly selectEvents: Database.Statement;
  private readonly selectEventBySeq: Database.Statement;

  constructor(
    readonly db: Database.Database,
    private readonly defaultActor: string,
    private readonly now: () => Date = () => new Date(),
    private readonly options: EventStoreOptions = {},
  ) {
    this.insertEvent = db.prepare(
      'INSERT INTO events (incident_id, ts, kind, actor, data) VALUES (@incidentId, @ts, @kind, @actor, @data)',
    );
    this.selectEvents = db.prepare('SELECT * FROM events WHERE incident_id = ? AND seq > ? ORDER BY seq LIMIT ?');
    this.selectEventBySeq = db.prepare('SELECT * FROM events WHERE seq = ?');
  }

  /** The clock every timestamp in the record comes from. */
  timestamp(): string {
    return this.now().toISOString();
  }

  /** The actor recorded when none is given: the OS user. */
  get actor(): string {
    return this.defaultActor;
  }

  /**
   * Runs `fn` in one transaction (nested calls join the outer one). IMMEDIATE:
   * the write lock is taken up front, so a transaction that reads and then
   * writes waits for the output writer's connection (busy timeout) instead of
   * failing with SQLITE_BUSY when its read snapshot has gone stale.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Creates a bare incident row (metadata defaults) and makes it active. */
  createIncident(title: string, kind: Incident['kind']): Incident {
    const incident: Incident = { id: randomUUID(), title, kind, createdAt: this.timestamp() };
    this.transaction(() => {
      this.db
        .prepare('INSERT INTO incidents (id, title, kind, created_at) VALUES (?, ?, ?, ?)')
        .run(incident.id, incident.title, incident.kind, incident.createdAt);
      writeAppState(this.db, ACTIVE_INCIDENT_KEY, incident.id);
    });
    return incident;
  }

  getIncident(id: string): Incident | undefined {
    const row = this.db.prepare('SELECT id, title, kind, created_at FROM incidents WHERE id = ?').get(id) as
      | IncidentRow
      | undefined;
    return row && toIncident(row);
  }

  /**
   * The active incident: the one last switched to (persisted), else the most
   * recently created, else a new practice session.
   */
  activeIncident(): Incident {
    const activeId = readAppState(this.db, ACTIVE_INCIDENT_KEY);
    const active = activeId ? this.getIncident(activeId) : undefined;
    if (active) return active;
    const row = this.db
      .prepare('SELECT id, title, kind, created_at FROM incidents ORDER BY created_at DESC, rowid DESC LIMIT 1')
      .get() as IncidentRow | undefined;
    if (row) return toIncident(row);
    const date = this.timestamp().slice(0, 10);
    return this.createIncident(`Practice session ${date}`, 'practice');
  }

  /** Makes `id` the incident new events go to; persisted across restarts. */
  setActiveIncident(id: string): void {
    writeAppState(this.db, ACTIVE_INCIDENT_KEY, id);
  }

  /**
   * Commits one event and returns it as stored. With write-time redaction on,
   * secrets in `data` are masked before they reach the file.
   */
  append(incidentId: string, kind: TimelineEventKind, data: Record<string, unknown>, actor?: string): TimelineEvent {
    const stored = this.options.redactAtWrite?.() ? redactDeep(data, {}) : data;
    const info = this.insertEvent.run({
      incidentId,
      ts: this.timestamp(),
      kind,
      actor: actor ?? this.defaultActor,
      data: JSON.stringify(stored),
    });
    const row = this.selectEventBySeq.get(info.lastInsertRowid) as EventRow;
    return toEvent(row);
  }

  getEvent(seq: number): TimelineEvent | undefined {
    const row = this.selectEventBySeq.get(seq) as EventRow | undefined;
    return row && toEvent(row);
  }

  list(incidentId: string, afterSeq = 0, limit = 1000): TimelineEvent[] {
    return (this.selectEvents.all(incidentId, afterSeq, limit) as EventRow[]).map(toEvent);
  }

  /** Every event of an incident in sequence order, read lazily (exports of 10k+ events). */
  *iterate(incidentId: string): Generator<TimelineEvent> {
    const statement = this.db.prepare('SELECT * FROM events WHERE incident_id = ? ORDER BY seq');
    for (const row of statement.iterate(incidentId) as Iterable<EventRow>) yield toEvent(row);
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
