import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  emptyPostmortemFields,
  IncidentMetadataSchema,
  KeyMomentsSchema,
  PostmortemFieldsSchema,
  type IncidentMetadata,
  type IncidentStatus,
  type KeyMoments,
  type PostmortemFields,
  type RunbookSnapshot,
  type Severity,
} from '../../shared/export/incident-record';
import { NotFound } from '../../shared/model/domain-errors';
import type { Incident, TimelineEvent } from '../../shared/model/timeline';
import type { EventStore, RunbookSnapshotInput } from './event-store';
import { connectionOf } from './store-connection';

/** The moments that can be set, by hand or automatically. */
export type KeyMoment = keyof KeyMoments;

/** What declaring an incident (or drill, or practice session) takes. */
export interface DeclareIncidentInput {
  title: string;
  kind: Incident['kind'];
  severity?: Severity;
  services?: string[];
  commander?: string | null;
  communicationsLead?: string | null;
  responders?: string[];
  /** When impact began, if earlier than the declaration (UTC ISO-8601). */
  startedAt?: string | null;
  /** When it was detected (alert fired), if known. */
  detectedAt?: string | null;
}

/** Metadata fields editable after declaration (roles and status have their own calls). */
export interface IncidentMetadataPatch {
  title?: string;
  severity?: Severity;
  services?: string[];
  postmortem?: Partial<PostmortemFields>;
}

/** Roles, any subset. */
export interface IncidentRolesPatch {
  commander?: string | null;
  communicationsLead?: string | null;
  responders?: string[];
}

/** One change to the record: the incident as it now is and the events that were committed for it. */
export interface IncidentChange {
  incident: IncidentMetadata;
  events: TimelineEvent[];
}

/** Filters of {@link IncidentStore.list}. */
export interface IncidentFilter {
  kinds?: Incident['kind'][];
  statuses?: IncidentStatus[];
  severities?: Severity[];
  /** Case-insensitive substring of the title or a service. */
  text?: string;
  limit?: number;
}

const DetailsSchema = z.object({
  services: z.array(z.string()).default([]),
  commander: z.string().nullable().default(null),
  communicationsLead: z.string().nullable().default(null),
  responders: z.array(z.string()).default([]),
  keyMoments: KeyMomentsSchema.partial().default({}),
  postmortem: PostmortemFieldsSchema.partial().default({}),
});
type Details = z.infer<typeof DetailsSchema>;

interface IncidentRow {
  id: string;
  title: string;
  kind: Incident['kind'];
  created_at: string;
  severity: Severity;
  status: IncidentStatus;
  details: string;
}

/** Event kinds that show a responder is on it: the first one sets "acknowledged". */
export const ACKNOWLEDGING_KINDS: ReadonlySet<string> = new Set([
  'step.started',
  'command.manual',
  'note',
  'confirmation.given',
  'checklist.ticked',
]);

/** The status change that sets each moment automatically. */
const MOMENT_OF_STATUS: Partial<Record<IncidentStatus, KeyMoment>> = { mitigated: 'mitigated', resolved: 'resolved' };

/**
 * Incident metadata, roles, status, key moments, notes, stars and runbook
 * snapshots on top of the event store. Every change commits its timeline
 * event(s) in the same transaction as the row it changes.
 */
export class IncidentStore {
  constructor(private readonly events: EventStore) {}

  private get db() {
    return connectionOf(this.events);
  }

  /** Declares an incident, drill or practice session and makes it the active one. */
  declare(input: DeclareIncidentInput, actor?: string): IncidentChange {
    return this.events.transaction(() => {
      const base = this.events.createIncident(input.title, input.kind);
      const severity = input.severity ?? (input.kind === 'incident' ? 'SEV3' : 'SEV4');
      const details: Details = {
        services: input.services ?? [],
        commander: input.commander ?? null,
        communicationsLead: input.communicationsLead ?? null,
        responders: input.responders ?? [],
        keyMoments: { started: input.startedAt ?? base.createdAt, detected: input.detectedAt ?? null },
        postmortem: {},
      };
      this.db
        .prepare('UPDATE incidents SET severity = ?, details = ? WHERE id = ?')
        .run(severity, JSON.stringify(details), base.id);
      const event = this.events.append(
        base.id,
        'incident.declared',
        {
          title: input.title,
          kind: input.kind,
          severity,
          services: details.services,
          commander: details.commander,
          communicationsLead: details.communicationsLead,
          responders: details.responders,
        },
        actor,
      );
      return { incident: this.require(base.id), events: [event] };
    });
  }

  get(id: string): IncidentMetadata | undefined {
    const row = this.db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined;
    return row && toMetadata(row);
  }

  /** The incident, or a not_found failure naming the id. */
  require(id: string): IncidentMetadata {
    const incident = this.get(id);
    if (!incident) throw new NotFound(`There is no incident "${id}" in this database.`);
    return incident;
  }

  /** The id of the active incident, if there is one (a query: creates nothing). */
  activeId(): string | undefined {
    return this.events.activeIncidentId();
  }

  /**
   * The incident a responder's action records into: the active one, or a new
   * practice session when there is none at all.
   */
  idForAction(): string {
    return this.events.incidentForAction().id;
  }

  /** Makes `id` the active incident, persisted across restarts. */
  switchActive(id: string): IncidentMetadata {
    const incident = this.require(id);
    this.events.setActiveIncident(id);
    return incident;
  }

  /** Newest first. */
  list(filter: IncidentFilter = {}): IncidentMetadata[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const inList = (column: string, values: readonly string[] | undefined) => {
      if (!values?.length) return;
      where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    inList('kind', filter.kinds);
    inList('status', filter.statuses);
    inList('severity', filter.severities);
    if (filter.text?.trim()) {
      where.push("(instr(lower(title), lower(?)) > 0 OR instr(lower(json_extract(details, '$.services')), lower(?)) > 0)");
      params.push(filter.text.trim(), filter.text.trim());
    }
    const sql = `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    params.push(filter.limit ?? 500);
    return (this.db.prepare(sql).all(...params) as IncidentRow[]).map(toMetadata);
  }

  /** Title, severity, services and postmortem fields; one 'incident.updated' event listing what changed. */
  updateMetadata(id: string, patch: IncidentMetadataPatch, actor?: string): IncidentChange {
    return this.events.transaction(() => {
      const before = this.require(id);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const details = this.details(id);
      if (patch.title !== undefined && patch.title !== before.title) changes.title = { from: before.title, to: patch.title };
      if (patch.severity !== undefined && patch.severity !== before.severity) {
        changes.severity = { from: before.severity, to: patch.severity };
      }
      if (patch.services !== undefined && !sameJson(patch.services, before.services)) {
        changes.services = { from: before.services, to: patch.services };
        details.services = patch.services;
      }
      for (const [field, value] of Object.entries(patch.postmortem ?? {})) {
        const key = field as keyof PostmortemFields;
        if (value === undefined || sameJson(value, before.postmortem[key])) continue;
        changes[`postmortem.${field}`] = { from: before.postmortem[key], to: value };
        (details.postmortem as Record<string, unknown>)[field] = value;
      }
      if (Object.keys(changes).length === 0) return { incident: before, events: [] };
      this.db
        .prepare('UPDATE incidents SET title = ?, severity = ?, details = ? WHERE id = ?')
        .run(patch.title ?? before.title, patch.severity ?? before.severity, JSON.stringify(details), id);
      const event = this.events.append(
        id,
        'incident.updated',
        { changes },
        actor,
      );
      return { incident: this.require(id), events: [event] };
    });
  }

  /**
   * Moves the status; reaching mitigated/resolved sets that moment when it is
   * not set yet — at `momentAt` when the caller knows better than the clock
   * (a drill's lab passed its health check a moment ago), else now.
   */
  setStatus(id: string, status: IncidentStatus, actor?: string, momentAt?: string): IncidentChange {
    return this.events.transaction(() => {
      const before = this.require(id);
      if (before.status === status) return { incident: before, events: [] };
      this.db.prepare('UPDATE incidents SET status = ? WHERE id = ?').run(status, id);
      const events: TimelineEvent[] = [this.events.append(id, 'status.changed', { from: before.status, to: status }, actor)];
      const moment = MOMENT_OF_STATUS[status];
      if (moment && !before.keyMoments[moment]) {
        events.push(...this.writeMoment(id, moment, momentAt ?? events[0]!.ts, true, actor));
      }
      return { incident: this.require(id), events };
    });
  }

  /** One 'role.changed' event per role that changed. */
  setRoles(id: string, patch: IncidentRolesPatch, actor?: string): IncidentChange {
    return this.events.transaction(() => {
      const before = this.require(id);
      const details = this.details(id);
      const events: TimelineEvent[] = [];
      for (const role of ['commander', 'communicationsLead', 'responders'] as const) {
        const to = patch[role];
        if (to === undefined || sameJson(to, before[role])) continue;
        (details as Record<string, unknown>)[role] = to;
        events.push(
          this.events.append(id, 'role.changed', { role, from: before[role], to }, actor),
        );
      }
      if (events.length) this.db.prepare('UPDATE incidents SET details = ? WHERE id = ?').run(JSON.stringify(details), id);
      return { incident: this.require(id), events };
    });
  }

  /** Sets (or clears, with null) a key moment by hand. */
  setMoment(id: string, moment: KeyMoment, at: string | null, actor?: string): IncidentChange {
    return this.events.transaction(() => {
      const before = this.require(id);
      if (before.keyMoments[moment] === at) return { incident: before, events: [] };
      const events = this.writeMoment(id, moment, at, false, actor);
      return { incident: this.require(id), events };
    });
  }

  /**
   * Called after an event is committed: the first sign of a responder at
   * work sets "acknowledged" when it is not set yet. Returns the change, or
   * null when nothing changed.
   */
  acknowledgeFrom(event: TimelineEvent): IncidentChange | null {
    if (!ACKNOWLEDGING_KINDS.has(event.kind)) return null;
    return this.events.transaction(() => {
      const before = this.get(event.incidentId);
      if (!before || before.keyMoments.acknowledged) return null;
      const events = this.writeMoment(event.incidentId, 'acknowledged', event.ts, true, event.actor);
      return { incident: this.require(event.incidentId), events };
    });
  }

  /** Adds a Markdown note; returns its event (data: `{ noteId, text }`). */
  addNote(id: string, text: string, actor?: string): IncidentChange {
    return this.events.transaction(() => {
      this.require(id);
      const event = this.events.append(id, 'note', { noteId: randomUUID(), text }, actor);
      return { incident: this.require(id), events: [event] };
    });
  }

  /** Records a new version of a note as a 'note.edited' event (data: `{ noteId, text, editOf }`, editOf the note event's uid). */
  editNote(id: string, noteId: string, text: string, actor?: string): IncidentChange {
    return this.events.transaction(() => {
      this.require(id);
      const original = this.db
        .prepare("SELECT uid FROM events WHERE incident_id = ? AND kind = 'note' AND json_extract(data, '$.noteId') = ?")
        .get(id, noteId) as { uid: string } | undefined;
      if (!original) throw new NotFound(`This incident has no note "${noteId}".`);
      // The note's global id, not its seq: the edit travels to responders whose seqs differ.
      const event = this.events.append(id, 'note.edited', { noteId, text, editOf: original.uid }, actor);
      return { incident: this.require(id), events: [event] };
    });
  }

  /** Stars or unstars the event with local seq `seq`; records an 'event.starred' event (data: `{ eventUid, starred }`). */
  star(seq: number, starred: boolean, actor?: string): IncidentChange {
    return this.events.transaction(() => {
      const target = this.events.getEvent(seq);
      if (!target) throw new NotFound(`There is no timeline event #${seq}.`);
      const already = this.db.prepare('SELECT 1 FROM stars WHERE event_seq = ?').get(seq) !== undefined;
      if (already === starred) return { incident: this.require(target.incidentId), events: [] };
      if (starred) {
        this.db
          .prepare('INSERT INTO stars (event_seq, incident_id, starred_at) VALUES (?, ?, ?)')
          .run(seq, target.incidentId, this.events.timestamp());
      } else {
        this.db.prepare('DELETE FROM stars WHERE event_seq = ?').run(seq);
      }
      // The event names its target by global id: `seq` is only this database's number for it.
      if (!target.uid) throw new NotFound(`Timeline event #${seq} has no global id.`);
      const event = this.events.append(target.incidentId, 'event.starred', { eventUid: target.uid, starred }, actor);
      return { incident: this.require(target.incidentId), events: [event] };
    });
  }

  /** Sequence numbers of the incident's starred events. */
  starredSeqs(incidentId: string): Set<number> {
    const rows = this.db.prepare('SELECT event_seq FROM stars WHERE incident_id = ?').all(incidentId) as { event_seq: number }[];
    return new Set(rows.map((row) => row.event_seq));
  }

  /**
   * Stores the runbook text by content hash (once) and, the first time this
   * incident sees that hash, records 'runbook.opened'. Returns that event, or
   * null when the incident already has it.
   */
  snapshotRunbook(incidentId: string, runbook: RunbookSnapshotInput, actor?: string): TimelineEvent | null {
    return this.events.snapshotRunbook(incidentId, runbook, actor);
  }

  /** The snapshots an incident's events refer to (opened runbooks and runbooks whose steps ran). */
  snapshots(incidentId: string): RunbookSnapshot[] {
    const rows = this.db
      .prepare(
        `SELECT s.content_hash, s.runbook_id, s.title, s.source FROM runbook_snapshots s
         WHERE s.content_hash IN (
           SELECT json_extract(data, '$.contentHash') FROM events
           WHERE incident_id = ? AND kind IN ('runbook.opened', 'step.started'))
         ORDER BY s.first_seen, s.content_hash`,
      )
      .all(incidentId) as { content_hash: string; runbook_id: string; title: string; source: string }[];
    return rows.map((row) => ({ contentHash: row.content_hash, runbookId: row.runbook_id, title: row.title, source: row.source }));
  }

  /** Whether a snapshot of this content hash is stored. */
  hasSnapshot(contentHash: string): boolean {
    return this.db.prepare('SELECT 1 FROM runbook_snapshots WHERE content_hash = ?').get(contentHash) !== undefined;
  }

  private writeMoment(id: string, moment: KeyMoment, at: string | null, automatic: boolean, actor?: string): TimelineEvent[] {
    const details = this.details(id);
    const from = this.require(id).keyMoments[moment];
    details.keyMoments = { ...details.keyMoments, [moment]: at };
    this.db.prepare('UPDATE incidents SET details = ? WHERE id = ?').run(JSON.stringify(details), id);
    return [
      this.events.append(
        id,
        'moment.set',
        { moment, from, to: at, automatic },
        actor,
      ),
    ];
  }

  private details(id: string): Details {
    const row = this.db.prepare('SELECT details FROM incidents WHERE id = ?').get(id) as { details: string } | undefined;
    return DetailsSchema.parse(JSON.parse(row?.details ?? '{}'));
  }
}

function toMetadata(row: IncidentRow): IncidentMetadata {
  const details = DetailsSchema.parse(JSON.parse(row.details));
  return IncidentMetadataSchema.parse({
    id: row.id,
    title: row.title,
    kind: row.kind,
    createdAt: row.created_at,
    severity: row.severity,
    status: row.status,
    services: details.services,
    commander: details.commander,
    communicationsLead: details.communicationsLead,
    responders: details.responders,
    keyMoments: {
      // Incidents from before schema 3 started when they were created.
      started: details.keyMoments.started === undefined ? row.created_at : details.keyMoments.started,
      detected: details.keyMoments.detected ?? null,
      acknowledged: details.keyMoments.acknowledged ?? null,
      mitigated: details.keyMoments.mitigated ?? null,
      resolved: details.keyMoments.resolved ?? null,
    },
    postmortem: { ...emptyPostmortemFields(), ...details.postmortem },
  });
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
