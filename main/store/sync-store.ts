import { StringDecoder } from 'node:string_decoder';
import type { EventData, TimelineEvent } from '../../shared/model/timeline';
import { OUTPUT_SHARING_OFF, type OutputSharing } from '../../shared/team/output-sharing';
import { mergeIncidentFields, type MergedIncidentFields } from '../../shared/team/merge-incident';
import type Database from 'better-sqlite3';
import type { EventStore } from './event-store';
import { connectionOf } from './store-connection';

/** Event kinds that change an incident's fields. */
const FIELD_KINDS = ['incident.declared', 'incident.updated', 'status.changed', 'role.changed', 'moment.set'];
const SEVERITIES = new Set(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
const STATUSES = new Set(['investigating', 'identified', 'mitigated', 'resolved']);

/** Whether an incident is shared with a team (schema 5). */
export function isSharedIncident(db: Database.Database, incidentId: string): boolean {
  return db.prepare('SELECT 1 FROM team_incidents WHERE incident_id = ?').get(incidentId) !== undefined;
}

/** One event as it travels between a responder and the team's server. */
export interface SyncEvent {
  uid: string;
  incidentId: string;
  ts: string;
  kind: string;
  actor: string;
  authorId: string;
  hlc: string;
  /** The event data as JSON text. */
  data: string;
}

/** A local event waiting in the outbox. */
export interface PendingEvent extends SyncEvent {
  seq: number;
}

/** An incident shared with a team, as this responder knows it. */
export interface TeamIncident {
  incidentId: string;
  team: string;
  inviteCode: string;
  /** Server position of the last event pulled for it. */
  cursor: number;
  pulledAt: string | null;
  joinedAt: string;
}

/** What a joining responder learns about an incident from the server. */
export interface JoinedIncidentInput {
  id: string;
  title: string;
  kind: 'incident' | 'drill' | 'practice';
  severity: string;
  createdAt: string;
  team: string;
  inviteCode: string;
}

interface PendingRow {
  seq: number;
  uid: string;
  incident_id: string;
  ts: string;
  kind: string;
  actor: string;
  author_id: string;
  hlc: string;
  data: string;
}

interface TeamIncidentRow {
  incident_id: string;
  team: string;
  invite_code: string;
  cursor: number;
  pulled_at: string | null;
  joined_at: string;
}

/**
 * The SQLite side of team sync (schema 5): which incidents are shared, the
 * outbox of local events the server does not have yet, and the pulled
 * events of other responders, inserted idempotently by their global id.
 */
export class SyncStore {
  constructor(readonly events: EventStore) {}

  private get db() {
    return connectionOf(this.events);
  }

  /** This data folder's responder id. */
  get installId(): string {
    return this.events.installId;
  }

  /**
   * Marks a local incident as shared with `team` and queues every event it
   * already has that this responder wrote (idempotent).
   */
  share(incidentId: string, team: string, inviteCode: string): void {
    this.events.transaction(() => {
      this.db
        .prepare('INSERT INTO team_incidents (incident_id, team, invite_code, joined_at) VALUES (?, ?, ?, ?) ON CONFLICT(incident_id) DO NOTHING')
        .run(incidentId, team, inviteCode, this.events.timestamp());
      this.db
        .prepare('INSERT INTO sync_outbox (seq) SELECT seq FROM events WHERE incident_id = ? AND author_id = ? AND uid IS NOT NULL ON CONFLICT(seq) DO NOTHING')
        .run(incidentId, this.installId);
    });
  }

  /** Creates the local copy of an incident joined from the server (idempotent) and makes it active. */
  join(input: JoinedIncidentInput): void {
    this.events.transaction(() => {
      this.db
        .prepare("INSERT INTO incidents (id, title, kind, created_at, severity, details) VALUES (?, ?, ?, ?, ?, '{}') ON CONFLICT(id) DO NOTHING")
        .run(input.id, input.title, input.kind, input.createdAt, input.severity);
      this.share(input.id, input.team, input.inviteCode);
      this.events.setActiveIncident(input.id);
    });
  }

  teamIncidents(): TeamIncident[] {
    return (this.db.prepare('SELECT * FROM team_incidents ORDER BY joined_at, incident_id').all() as TeamIncidentRow[]).map(toTeamIncident);
  }

  /** When events were last pulled for any of these shared incidents (teamIncidents()); null when never. */
  lastPullAt(incidents: readonly TeamIncident[]): string | null {
    return incidents.map((incident) => incident.pulledAt).filter((at): at is string => at !== null).sort().pop() ?? null;
  }

  /** A local incident's fields the team's server needs to register it, or undefined when there is no such incident. */
  incidentToShare(incidentId: string): { id: string; title: string; kind: string; severity: string; created_at: string } | undefined {
    return this.db.prepare('SELECT id, title, kind, severity, created_at FROM incidents WHERE id = ?').get(incidentId) as
      | { id: string; title: string; kind: string; severity: string; created_at: string }
      | undefined;
  }

  teamIncident(incidentId: string): TeamIncident | undefined {
    const row = this.db.prepare('SELECT * FROM team_incidents WHERE incident_id = ?').get(incidentId) as TeamIncidentRow | undefined;
    return row && toTeamIncident(row);
  }

  /**
   * The oldest `limit` events waiting to be pushed, in commit order, and no
   * more than about `maxBytes` of event data (always at least one event):
   * with full output shared, one event can hold megabytes, and 500 of them
   * would not fit in memory or in one statement.
   */
  pending(limit: number, maxBytes = Number.POSITIVE_INFINITY): PendingEvent[] {
    const rows = this.db
      .prepare(
        `SELECT e.seq, e.uid, e.incident_id, e.ts, e.kind, e.actor, e.author_id, e.hlc, e.data
         FROM sync_outbox o JOIN events e ON e.seq = o.seq ORDER BY o.seq LIMIT ?`,
      )
      .iterate(limit) as Iterable<PendingRow>;
    const out: PendingEvent[] = [];
    let bytes = 0;
    for (const row of rows) {
      if (out.length > 0 && bytes + row.data.length > maxBytes) break;
      bytes += row.data.length;
      out.push({ seq: row.seq, ...toSyncEvent(row) });
    }
    return out;
  }

  pendingCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
  }

  /** The server has these events (committed there): they leave the outbox. */
  markPushed(seqs: readonly number[]): void {
    if (!seqs.length) return;
    const remove = this.db.prepare('DELETE FROM sync_outbox WHERE seq = ?');
    this.events.transaction(() => {
      for (const seq of seqs) remove.run(seq);
    });
  }

  /**
   * Stores other responders' events pulled for `incidentId` and moves its
   * cursor to `cursor`, in one transaction. An event already here (pulled
   * before, or written here) is skipped. Returns the events that are new.
   */
  applyPulled(incidentId: string, pulled: readonly SyncEvent[], cursor: number): TimelineEvent[] {
    const insert = this.db.prepare(
      `INSERT INTO events (incident_id, ts, kind, actor, data, uid, author_id, hlc)
       VALUES (@incidentId, @ts, @kind, @actor, @data, @uid, @authorId, @hlc) ON CONFLICT(uid) DO NOTHING`,
    );
    return this.events.transaction(() => {
      const added: TimelineEvent[] = [];
      for (const event of pulled) {
        if (event.incidentId !== incidentId) throw new Error(`pulled event ${event.uid} belongs to another incident`);
        const info = insert.run(event);
        this.events.clock.observe(event.hlc);
        if (info.changes === 0) continue;
        added.push(this.events.getEvent(Number(info.lastInsertRowid))!);
      }
      this.db.prepare('UPDATE team_incidents SET cursor = max(cursor, ?), pulled_at = ? WHERE incident_id = ?').run(cursor, this.events.timestamp(), incidentId);
      if (added.some((event) => FIELD_KINDS.includes(event.kind))) this.mergeFields(incidentId);
      for (const event of added) if (event.kind === 'event.starred') this.settleStar(incidentId, event.data.eventUid);
      return added;
    });
  }

  /**
   * Recomputes a shared incident's fields (title, severity, status, roles,
   * key moments, postmortem) from all its events, last writer by hybrid
   * logical clock (shared/team/merge-incident.ts), and stores them on its
   * row. Every responder holding the same events gets the same row.
   */
  mergeFields(incidentId: string): MergedIncidentFields {
    const rows = this.db
      .prepare(`SELECT uid, hlc, kind, actor, ts, data FROM events WHERE incident_id = ? AND kind IN (${FIELD_KINDS.map(() => '?').join(', ')}) AND uid IS NOT NULL`)
      .all(incidentId, ...FIELD_KINDS) as { uid: string; hlc: string; kind: string; actor: string; ts: string; data: string }[];
    const merged = mergeIncidentFields(rows.map((row) => ({ ...row, data: JSON.parse(row.data) as unknown })));
    const current = this.db.prepare('SELECT title, severity, status, details FROM incidents WHERE id = ?').get(incidentId) as
      | { title: string; severity: string; status: string; details: string }
      | undefined;
    if (!current) return merged;
    const details = JSON.parse(current.details) as Record<string, unknown>;
    for (const field of ['services', 'commander', 'communicationsLead', 'responders'] as const) {
      if (merged[field] !== undefined) details[field] = merged[field];
    }
    details.keyMoments = { ...((details.keyMoments as Record<string, unknown> | undefined) ?? {}), ...merged.keyMoments };
    details.postmortem = { ...((details.postmortem as Record<string, unknown> | undefined) ?? {}), ...merged.postmortem };
    this.db
      .prepare('UPDATE incidents SET title = ?, severity = ?, status = ?, details = ? WHERE id = ?')
      .run(
        typeof merged.title === 'string' ? merged.title : current.title,
        typeof merged.severity === 'string' && SEVERITIES.has(merged.severity) ? merged.severity : current.severity,
        typeof merged.status === 'string' && STATUSES.has(merged.status) ? merged.status : current.status,
        JSON.stringify(details),
        incidentId,
      );
    return merged;
  }

  /**
   * Brings the local star of the event `eventUid` (the `stars` table the
   * timeline and the exports read) in line with the incident's
   * 'event.starred' events: the last by hybrid logical clock wins, so every
   * responder holding the same events stars the same ones, whatever order
   * they arrived in. A target not here (yet) has nothing to star.
   */
  settleStar(incidentId: string, eventUid: string): void {
    const target = this.events.seqOf(eventUid);
    if (target === undefined) return;
    const last = this.db
      .prepare(
        "SELECT json_extract(data, '$.starred') AS starred, ts FROM events WHERE incident_id = ? AND kind = 'event.starred' AND json_extract(data, '$.eventUid') = ? ORDER BY hlc DESC, uid DESC LIMIT 1",
      )
      .get(incidentId, eventUid) as { starred: number; ts: string } | undefined;
    if (last?.starred) {
      this.db.prepare('INSERT INTO stars (event_seq, incident_id, starred_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(target, incidentId, last.ts);
    } else {
      this.db.prepare('DELETE FROM stars WHERE event_seq = ?').run(target);
    }
  }

  /** Whether an incident shares full terminal output, and its cap: the last 'output.sharing' event by clock (off when none). */
  outputSharing(incidentId: string): OutputSharing {
    const row = this.db
      .prepare("SELECT data FROM events WHERE incident_id = ? AND kind = 'output.sharing' ORDER BY hlc DESC, uid DESC LIMIT 1")
      .get(incidentId) as { data: string } | undefined;
    if (!row) return OUTPUT_SHARING_OFF;
    const data = JSON.parse(row.data) as Partial<OutputSharing>;
    return { enabled: data.enabled === true, capBytes: typeof data.capBytes === 'number' ? data.capBytes : OUTPUT_SHARING_OFF.capBytes };
  }

  /** Records a change of an incident's output sharing; without a cap, the one in force stays. */
  setOutputSharing(incidentId: string, enabled: boolean, capBytes?: number): OutputSharing {
    const sharing = { enabled, capBytes: capBytes ?? this.outputSharing(incidentId).capBytes };
    this.events.append(incidentId, 'output.sharing', sharing);
    return sharing;
  }

  /**
   * For each shared incident that shares full output, records a
   * 'step.output' event for every run this responder finished (at or before
   * `finishedBy`, so output still being flushed is not cut short) that has
   * none yet: the run's output up to the incident's cap. It goes out with
   * the next push like any event, redacted first. Returns the events added.
   */
  shareFullOutputs(finishedBy: string): TimelineEvent[] {
    const added: TimelineEvent[] = [];
    for (const incident of this.teamIncidents()) {
      const sharing = this.outputSharing(incident.incidentId);
      if (!sharing.enabled) continue;
      const runs = this.db
        .prepare(
          `SELECT f.data FROM events f
           WHERE f.incident_id = ? AND f.kind = 'step.finished' AND f.author_id = ? AND f.ts <= ?
             AND NOT EXISTS (SELECT 1 FROM events o WHERE o.incident_id = f.incident_id AND o.kind = 'step.output'
                             AND json_extract(o.data, '$.runId') = json_extract(f.data, '$.runId'))
           ORDER BY f.seq`,
        )
        .all(incident.incidentId, this.installId, finishedBy) as { data: string }[];
      for (const run of runs) {
        const finished = JSON.parse(run.data) as EventData<'step.finished'>;
        const output = this.runOutput(finished.sessionId, finished.runId, sharing.capBytes);
        added.push(
          this.events.append(incident.incidentId, 'step.output', {
            runId: finished.runId,
            runbookId: finished.runbookId,
            stepId: finished.stepId,
            title: finished.title,
            sessionId: finished.sessionId,
            ...output,
            capBytes: sharing.capBytes,
          }),
        );
      }
    }
    return added;
  }

  /**
   * A run's stored output (already masked where the output sink masks it)
   * as text, its first `capBytes` bytes at most. A cut output ends at its
   * last whole line, so no half of a secret (which the redactor would not
   * recognise) is sent.
   */
  private runOutput(sessionId: string, runId: string, capBytes: number): { output: string; totalBytes: number; sharedBytes: number; cut: boolean } {
    const total = this.db
      .prepare('SELECT coalesce(sum(length(bytes)), 0) AS n FROM terminal_output WHERE session_id = ? AND run_id = ?')
      .get(sessionId, runId) as { n: number };
    const parts: Buffer[] = [];
    let size = 0;
    const rows = this.db.prepare('SELECT bytes FROM terminal_output WHERE session_id = ? AND run_id = ? ORDER BY seq').iterate(sessionId, runId) as Iterable<{ bytes: Buffer }>;
    for (const row of rows) {
      parts.push(row.bytes);
      size += row.bytes.length;
      if (size > capBytes) break;
    }
    let bytes = Buffer.concat(parts);
    const cut = total.n > capBytes;
    if (cut) {
      bytes = bytes.subarray(0, capBytes);
      const lastNewline = bytes.lastIndexOf(0x0a);
      if (lastNewline >= 0) bytes = bytes.subarray(0, lastNewline + 1);
    }
    // A character split by the cut is left out: write() returns only whole characters, end() is not called.
    const decoder = new StringDecoder('utf8');
    const output = cut ? decoder.write(bytes) : decoder.write(bytes) + decoder.end();
    return { output, totalBytes: total.n, sharedBytes: bytes.length, cut };
  }

  /** Every event of an incident with its global identity, in clock order: what all responders agree on. */
  canonicalTimeline(incidentId: string): SyncEvent[] {
    const rows = this.db
      .prepare('SELECT uid, incident_id, ts, kind, actor, author_id, hlc, data FROM events WHERE incident_id = ? ORDER BY hlc, uid')
      .all(incidentId) as Omit<PendingRow, 'seq'>[];
    return rows.map(toSyncEvent);
  }
}

/** An events row (with its global identity) as the event sync sends and compares. */
function toSyncEvent(row: Omit<PendingRow, 'seq'>) {
  return { uid: row.uid, incidentId: row.incident_id, ts: row.ts, kind: row.kind, actor: row.actor, authorId: row.author_id, hlc: row.hlc, data: row.data };
}

function toTeamIncident(row: TeamIncidentRow): TeamIncident {
  return {
    incidentId: row.incident_id,
    team: row.team,
    inviteCode: row.invite_code,
    cursor: row.cursor,
    pulledAt: row.pulled_at,
    joinedAt: row.joined_at,
  };
}
