import { randomUUID } from 'node:crypto';
import { parseIncidentExport } from '../../shared/export/export-json';
import type { IncidentRecord } from '../../shared/export/incident-record';
import { InvalidInput } from '../../shared/model/domain-errors';
import type { EventStore } from './event-store';
import { HybridLogicalClock } from '../../shared/team/hlc';
import { uuidv7 } from '../../shared/team/uuidv7';
import { readAppState } from './app-state';
import { INSTALL_ID_KEY } from './event-store';
import { TerminalOutputRows } from './terminal-output-rows';
import { connectionOf } from './store-connection';

/** What an import added. */
export interface ImportResult {
  incidentId: string;
  title: string;
  events: number;
  sessions: number;
  /** True when the incident's id was taken, so it was imported under a new id. */
  renamed: boolean;
}

/**
 * Reads a JSON export and imports it. A file that is not ours, of another
 * version or truncated is refused with the reason and nothing is imported.
 */
export function importIncidentExport(events: EventStore, text: string): ImportResult {
  const parsed = parseIncidentExport(text);
  if (!parsed.ok) throw new InvalidInput(parsed.error);
  return importIncidentRecord(events, parsed.record);
}

/**
 * Adds a whole incident record to the database in one transaction: all of
 * it, or (on any error) none of it. Events get new sequence numbers after
 * every existing one (seq stays gap-free) and keep their time, kind, actor
 * and data; stars, snapshots and terminal output come along.
 */
export function importIncidentRecord(events: EventStore, record: IncidentRecord): ImportResult {
  const db = connectionOf(events);
  return events.transaction(() => {
    const taken = db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(record.incident.id) !== undefined;
    const incidentId = taken ? randomUUID() : record.incident.id;
    const { incident } = record;
    db.prepare(
      'INSERT INTO incidents (id, title, kind, created_at, severity, status, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      incidentId,
      incident.title,
      incident.kind,
      incident.createdAt,
      incident.severity,
      incident.status,
      JSON.stringify({
        services: incident.services,
        commander: incident.commander,
        communicationsLead: incident.communicationsLead,
        responders: incident.responders,
        keyMoments: incident.keyMoments,
        postmortem: incident.postmortem,
      }),
    );
    const insertEvent = db.prepare('INSERT INTO events (incident_id, ts, kind, actor, data, uid, author_id, hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    // Imported events get global ids here (this install brings them in), in their order, so the incident can be shared later.
    const installId = readAppState(db, INSTALL_ID_KEY) ?? 'imported';
    const clock = new HybridLogicalClock(installId);
    const latest = db.prepare('SELECT max(hlc) AS hlc FROM events').get() as { hlc: string | null };
    if (latest.hlc) clock.observe(latest.hlc);
    const insertStar = db.prepare('INSERT INTO stars (event_seq, incident_id, starred_at) VALUES (?, ?, ?)');
    const sessionRename = new Map<string, string>();
    const sessionIdFor = (sessionId: string) => {
      let renamed = sessionRename.get(sessionId);
      if (!renamed) {
        const clash = db.prepare('SELECT 1 FROM terminal_output WHERE session_id = ? LIMIT 1').get(sessionId) !== undefined;
        renamed = clash ? `${sessionId}-imported-${randomUUID().slice(0, 8)}` : sessionId;
        sessionRename.set(sessionId, renamed);
      }
      return renamed;
    };
    const ordered = [...record.events].sort((a, b) => a.seq - b.seq);
    // Each event gets a new global id here; references between events (a note's edit, a star) are moved to the new ids, found by the export's uid or, in older exports, its seq.
    const newUids = ordered.map((event) => uuidv7(Date.parse(event.ts) || Date.now()));
    const newUidBySeq = new Map(ordered.map((event, index) => [event.seq, newUids[index]!]));
    const newUidByUid = new Map(ordered.flatMap((event, index) => (event.uid ? [[event.uid, newUids[index]!] as const] : [])));
    const moved = (ref: unknown): string | undefined =>
      typeof ref === 'string' ? newUidByUid.get(ref) : typeof ref === 'number' ? newUidBySeq.get(ref) : undefined;
    ordered.forEach((event, index) => {
      // An event this version does not know is written back as it was stored.
      const kind = event.kind === 'unknown' ? event.data.storedKind : event.kind;
      const data: Record<string, unknown> = event.kind === 'unknown' ? { ...event.data.data } : { ...event.data };
      if (typeof data.sessionId === 'string') data.sessionId = sessionIdFor(data.sessionId);
      if (kind === 'note.edited' && moved(data.editOf)) data.editOf = moved(data.editOf);
      if (kind === 'event.starred' && moved(data.eventUid ?? data.seq)) {
        data.eventUid = moved(data.eventUid ?? data.seq);
        delete data.seq;
      }
      const info = insertEvent.run(incidentId, event.ts, kind, event.actor, JSON.stringify(data), newUids[index]!, installId, clock.tick());
      if (event.starred) insertStar.run(Number(info.lastInsertRowid), incidentId, event.ts);
    });
    // Inside this transaction: better-sqlite3 makes the batch's own transaction a savepoint.
    const output = new TerminalOutputRows(db);
    for (const session of record.sessions) {
      const sessionId = sessionIdFor(session.sessionId);
      output.writeBatch(session.chunks.map((chunk, index) => ({ sessionId, runId: chunk.runId, seq: index + 1, ts: chunk.at, bytes: Buffer.from(chunk.data, 'utf8') })));
    }
    const insertSnapshot = db.prepare(
      'INSERT INTO runbook_snapshots (content_hash, runbook_id, title, source, first_seen) VALUES (?, ?, ?, ?, ?) ON CONFLICT(content_hash) DO NOTHING',
    );
    for (const snapshot of record.runbookSnapshots) {
      insertSnapshot.run(snapshot.contentHash, snapshot.runbookId, snapshot.title, snapshot.source, incident.createdAt);
    }
    return { incidentId, title: incident.title, events: ordered.length, sessions: record.sessions.length, renamed: taken };
  });
}
