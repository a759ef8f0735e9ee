import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { redactDeep } from '../../shared/export/redact-record';
import {
  parseEventData,
  toTimelineEvent,
  type EventDataInput,
  type EventOfKind,
  type Incident,
  type TimelineEvent,
  type TimelineEventKind,
} from '../../shared/model/timeline';
import { HybridLogicalClock } from '../../shared/team/hlc';
import { uuidv7 } from '../../shared/team/uuidv7';
import { readAppState, writeAppState } from './app-state';
import { registerConnection } from './store-connection';

/** An events row as SQLite returns it. */
interface EventRow {
  seq: number;
  uid: string | null;
  author_id: string | null;
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

/** The runbook text a snapshot keeps: exactly what was followed, by content hash. */
export interface RunbookSnapshotInput {
  id: string;
  title: string;
  source: string;
  contentHash: string;
}

/** The app_state key holding this data folder's responder id (schema 5). */
export const INSTALL_ID_KEY = 'install_id';

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
  /** The connection: only main/store reaches it, through connectionOf (store-connection.ts). */
  readonly #db: Database.Database;
  private readonly insertEvent: Database.Statement;
  private readonly selectEvents: Database.Statement;
  private readonly selectEventBySeq: Database.Statement;
  private readonly selectUidBySeq: Database.Statement;
  private readonly selectSeqByUid: Database.Statement;
  /** This data folder's responder id: the author id of every event written here. */
  readonly installId: string;
  /** Orders this responder's events among everyone's (shared incident fields merge by it). */
  readonly clock: HybridLogicalClock;

  constructor(
    db: Database.Database,
    private defaultActor: string,
    private readonly now: () => Date = () => new Date(),
    private readonly options: EventStoreOptions = {},
  ) {
    this.#db = db;
    registerConnection(this, db);
    this.insertEvent = db.prepare(
      'INSERT INTO events (incident_id, ts, kind, actor, data, uid, author_id, hlc) VALUES (@incidentId, @ts, @kind, @actor, @data, @uid, @authorId, @hlc)',
    );
    this.selectEvents = db.prepare('SELECT * FROM events WHERE incident_id = ? AND seq > ? ORDER BY seq LIMIT ?');
    this.selectEventBySeq = db.prepare('SELECT * FROM events WHERE seq = ?');
    this.selectUidBySeq = db.prepare('SELECT uid FROM events WHERE seq = ?').pluck();
    this.selectSeqByUid = db.prepare('SELECT seq FROM events WHERE uid = ?').pluck();
    const installId = readAppState(db, INSTALL_ID_KEY);
    if (!installId) throw new Error('The database has no install id (schema 5 makes one).');
    this.installId = installId;
    this.clock = new HybridLogicalClock(installId, () => this.now().getTime());
    const latest = db.prepare('SELECT max(hlc) AS hlc FROM events').get() as { hlc: string | null };
    if (latest.hlc) this.clock.observe(latest.hlc);
  }

  /** The clock every timestamp in the record comes from. */
  timestamp(): string {
    return this.now().toISOString();
  }

  /** The actor recorded when none is given: the OS user. */
  get actor(): string {
    return this.defaultActor;
  }

  /** A display name set in the Team panel names this responder's events from now on (earlier ones keep theirs). */
  setActor(actor: string): void {
    this.defaultActor = actor;
  }

  /**
   * Runs `fn` in one transaction (nested calls join the outer one). IMMEDIATE:
   * the write lock is taken up front, so a transaction that reads and then
   * writes waits for the output writer's connection (busy timeout) instead of
   * failing with SQLITE_BUSY when its read snapshot has gone stale.
   */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn).immediate();
  }

  /** Creates a bare incident row (metadata defaults) and makes it active. */
  createIncident(title: string, kind: Incident['kind']): Incident {
    const incident: Incident = { id: randomUUID(), title, kind, createdAt: this.timestamp() };
    this.transaction(() => {
      this.#db
        .prepare('INSERT INTO incidents (id, title, kind, created_at) VALUES (?, ?, ?, ?)')
        .run(incident.id, incident.title, incident.kind, incident.createdAt);
      writeAppState(this.#db, ACTIVE_INCIDENT_KEY, incident.id);
    });
    return incident;
  }

  /** Where an incident stands (investigating … resolved), or undefined when there is no such incident. */
  incidentStatus(id: string): string | undefined {
    return (this.#db.prepare('SELECT status FROM incidents WHERE id = ?').get(id) as { status: string } | undefined)?.status;
  }

  getIncident(id: string): Incident | undefined {
    const row = this.#db.prepare('SELECT id, title, kind, created_at FROM incidents WHERE id = ?').get(id) as
      | IncidentRow
      | undefined;
    return row && toIncident(row);
  }

  /**
   * The id of the active incident: the one last switched to (persisted),
   * else the most recently created; undefined when there is none. A query:
   * it never creates anything.
   */
  activeIncidentId(): string | undefined {
    const activeId = readAppState(this.#db, ACTIVE_INCIDENT_KEY);
    if (activeId && this.getIncident(activeId)) return activeId;
    const row = this.#db.prepare('SELECT id FROM incidents ORDER BY created_at DESC, rowid DESC LIMIT 1').get() as { id: string } | undefined;
    return row?.id;
  }

  /**
   * The incident a responder's action records into: the active one, or —
   * only when there is none at all — a new practice session. Called where
   * the user acts (a step run, a typed command, a note), never to read.
   */
  incidentForAction(): Incident {
    const id = this.activeIncidentId();
    const active = id ? this.getIncident(id) : undefined;
    if (active) return active;
    const date = this.timestamp().slice(0, 10);
    return this.createIncident(`Practice session ${date}`, 'practice');
  }

  /** Makes `id` the incident new events go to; persisted across restarts. */
  setActiveIncident(id: string): void {
    writeAppState(this.#db, ACTIVE_INCIDENT_KEY, id);
  }

  /**
   * Commits one event to `incidentId` and returns it as stored. The data is
   * checked against its kind's schema first (a wrong shape throws, naming the
   * field, and nothing is written). With write-time redaction on, secrets in
   * it are masked before they reach the file.
   */
  append<K extends TimelineEventKind>(incidentId: string, kind: K, data: EventDataInput<K>, actor?: string): EventOfKind<K> {
    const checked = parseEventData(kind, data);
    const stored = this.options.redactAtWrite?.() ? redactDeep(checked, {}) : checked;
    const now = this.now();
    const info = this.insertEvent.run({
      incidentId,
      ts: now.toISOString(),
      uid: uuidv7(now.getTime()),
      authorId: this.installId,
      hlc: this.clock.tick(),
      kind,
      actor: actor ?? this.defaultActor,
      data: JSON.stringify(stored),
    });
    const row = this.selectEventBySeq.get(info.lastInsertRowid) as EventRow;
    return this.toEvent(row) as EventOfKind<K>;
  }

  /**
   * Stores the runbook text by content hash (once) and, the first time this
   * incident sees that hash, records 'runbook.opened'. Returns that event, or
   * null when the incident already has it.
   */
  snapshotRunbook(incidentId: string, runbook: RunbookSnapshotInput, actor?: string): TimelineEvent | null {
    return this.transaction(() => {
      this.#db
        .prepare(
          'INSERT INTO runbook_snapshots (content_hash, runbook_id, title, source, first_seen) VALUES (?, ?, ?, ?, ?) ON CONFLICT(content_hash) DO NOTHING',
        )
        .run(runbook.contentHash, runbook.id, runbook.title, runbook.source, this.timestamp());
      const seen = this.#db
        .prepare("SELECT 1 FROM events WHERE incident_id = ? AND kind = 'runbook.opened' AND json_extract(data, '$.contentHash') = ?")
        .get(incidentId, runbook.contentHash);
      if (seen) return null;
      return this.append(incidentId, 'runbook.opened', { runbookId: runbook.id, title: runbook.title, contentHash: runbook.contentHash }, actor);
    });
  }

  getEvent(seq: number): TimelineEvent | undefined {
    const row = this.selectEventBySeq.get(seq) as EventRow | undefined;
    return row && this.toEvent(row);
  }

  /** The global id of the event with local seq `seq`. */
  uidOf(seq: number): string | undefined {
    return (this.selectUidBySeq.get(seq) as string | null | undefined) ?? undefined;
  }

  /** The local seq of the event whose global id is `uid`, when this database has it. */
  seqOf(uid: string): number | undefined {
    return this.selectSeqByUid.get(uid) as number | undefined;
  }

  list(incidentId: string, afterSeq = 0, limit = 1000): TimelineEvent[] {
    return (this.selectEvents.all(incidentId, afterSeq, limit) as EventRow[]).map((row) => this.toEvent(row));
  }

  /**
   * The latest `limit` events about step runs (started, finished, cancelled)
   * across every incident, oldest first: what the step cards need to show
   * each step's latest run after a restart.
   */
  recentStepRunEvents(limit = 2000): TimelineEvent[] {
    const rows = this.#db
      .prepare("SELECT * FROM events WHERE kind IN ('step.started', 'step.finished', 'step.cancelled') ORDER BY seq DESC LIMIT ?")
      .all(limit) as EventRow[];
    return rows.reverse().map((row) => this.toEvent(row));
  }

  /** Every event of an incident in sequence order, read lazily (exports of 10k+ events). */
  *iterate(incidentId: string): Generator<TimelineEvent> {
    const statement = this.#db.prepare('SELECT * FROM events WHERE incident_id = ? ORDER BY seq');
    for (const row of statement.iterate(incidentId) as Iterable<EventRow>) yield this.toEvent(row);
  }

  /**
   * Every event of an incident in hybrid logical clock order (ties by global
   * id): the order every responder of a shared incident agrees on, whatever
   * order the events reached this database in.
   */
  *iterateInClockOrder(incidentId: string): Generator<TimelineEvent> {
    const statement = this.#db.prepare('SELECT * FROM events WHERE incident_id = ? ORDER BY hlc, uid, seq');
    for (const row of statement.iterate(incidentId) as Iterable<EventRow>) yield this.toEvent(row);
  }

  /**
   * A stored row as a typed event. An old row that referenced another event
   * by seq (before references were global ids) is resolved through this
   * database only when this install wrote it: a seq written by another
   * responder names a different row here.
   */
  private toEvent(row: EventRow): TimelineEvent {
    const resolveSeq = row.author_id === this.installId ? (seq: number) => this.uidOf(seq) : undefined;
    return toTimelineEvent(
      { seq: row.seq, uid: row.uid, incidentId: row.incident_id, ts: row.ts, kind: row.kind, actor: row.actor, data: JSON.parse(row.data) as unknown },
      resolveSeq,
    );
  }

  /** One persisted app-state value (schema 3+): a setting of this record, such as write-time redaction; undefined when unset. */
  appState(key: string): string | undefined {
    return readAppState(this.#db, key);
  }

  /** Writes (or replaces) one persisted app-state value. */
  setAppState(key: string, value: string): void {
    writeAppState(this.#db, key, value);
  }

  close(): void {
    this.#db.close();
  }
}

function toIncident(row: IncidentRow): Incident {
  return { id: row.id, title: row.title, kind: row.kind, createdAt: row.created_at };
}
