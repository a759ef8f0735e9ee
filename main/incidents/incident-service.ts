import { StringDecoder } from 'node:string_decoder';
import type { AlertPayload } from '../../shared/alerts/parse-alert';
import { pageIncident, type PageOptions, type PageResult } from '../alerts/alert-pager';
import type { IncidentMetadata } from '../../shared/export/incident-record';
import type { IncidentSummary } from '../../shared/model/incident-summary';
import { NotFound } from '../../shared/model/domain-errors';
import { incidentDurations } from '../../shared/model/incident-durations';
import type { TimelineEvent } from '../../shared/model/timeline';
import type { EventHub } from '../services/event-hub';
import type { TimelineRecorder } from '../services/timeline-recorder';
import type { BackupInfo, DatabaseBackups } from '../store/backups';
import type { EventStore } from '../store/event-store';
import type { KnownSecretValues } from '../store/known-secret-values';
import { outputTail } from '../store/output-tail';
import type { SearchHit, SearchIndex, SearchOptions } from '../store/search-index';
import { exportIncident, writeExportedFiles, type ExportFormat } from './incident-exporter';
import { importIncidentExport, type ImportResult } from '../store/incident-importer';
import { readIncidentRecord } from '../store/incident-record-reader';
import type { DeclareIncidentInput, IncidentChange, IncidentFilter, IncidentMetadataPatch, IncidentRolesPatch, IncidentStore, KeyMoment } from '../store/incident-store';
import { previewRedaction, type RedactionPreview } from './redaction-preview';

/** The runbook text the service snapshots; the library provides it. */
export interface RunbookSource {
  id: string;
  title: string;
  source: string;
  contentHash: string;
}

/** app_state key of the write-time redaction setting ("1" on). */
export const REDACT_AT_WRITE_KEY = 'redact_at_write';

/** Parts of {@link IncidentService}. */
export interface IncidentServiceParts {
  events: EventStore;
  incidents: IncidentStore;
  search: SearchIndex;
  backups: DatabaseBackups;
  recorder: TimelineRecorder;
  hub: EventHub;
  /** The runbook with this id, or undefined (for snapshots). */
  runbook: (id: string) => RunbookSource | undefined;
  /** Secret values this process handed to a shell; merged into every export and preview. */
  knownSecrets?: KnownSecretValues;
  now?: () => Date;
}

/**
 * The incident record as the app uses it: lifecycle, notes, stars, search,
 * export, import and backups over the store, announcing every committed
 * change ('timeline:appended' per event, then 'incident:changed').
 */
export class IncidentService {
  private readonly now: () => Date;
  private redactAtWriteOn: boolean;

  constructor(private readonly parts: IncidentServiceParts) {
    this.now = parts.now ?? (() => new Date());
    this.redactAtWriteOn = parts.events.appState(REDACT_AT_WRITE_KEY) === '1';
    parts.recorder.onCommitted((event) => this.afterCommit(event));
  }

  /** Whether secrets are masked before they reach the database file (read per output write, so kept in memory). */
  get redactAtWrite(): boolean {
    return this.redactAtWriteOn;
  }

  setRedactAtWrite(on: boolean): boolean {
    this.parts.events.setAppState(REDACT_AT_WRITE_KEY, on ? '1' : '0');
    this.redactAtWriteOn = on;
    return on;
  }

  summary(incident: IncidentMetadata): IncidentSummary {
    const asOf = this.now().toISOString();
    return { ...incident, active: incident.id === this.parts.incidents.activeId(), durations: incidentDurations(incident.keyMoments, asOf), asOf };
  }

  list(scope: 'incidents' | 'drills' | 'all', filter: Omit<IncidentFilter, 'kinds'> = {}): IncidentSummary[] {
    const kinds: IncidentFilter['kinds'] = scope === 'incidents' ? ['incident'] : scope === 'drills' ? ['drill', 'practice'] : undefined;
    return this.parts.incidents.list({ ...filter, kinds }).map((incident) => this.summary(incident));
  }

  get(id: string): IncidentSummary {
    return this.summary(this.parts.incidents.require(id));
  }

  /** The active incident; at the very first start, a practice session is created so the app has something to record into. */
  active(): IncidentSummary {
    return this.get(this.write(() => this.parts.incidents.idForAction()));
  }

  declare(input: DeclareIncidentInput): IncidentSummary {
    const previous = this.parts.incidents.activeId();
    const declared = this.publish(this.write(() => this.parts.incidents.declare(input)));
    this.closePracticeLeft(previous, declared.id);
    return declared;
  }

  /**
   * A practice session is scratch space, not an incident: once the responder
   * moves on to a real incident or a drill, it is closed (resolved) rather
   * than left "investigating" forever.
   */
  private closePracticeLeft(previousId: string | undefined, nowId: string): void {
    if (previousId === undefined || previousId === nowId) return;
    const previous = this.parts.incidents.get(previousId);
    if (!previous || previous.kind !== 'practice' || previous.status === 'resolved') return;
    this.publish(this.write(() => this.parts.incidents.setStatus(previousId, 'resolved')));
  }

  /** Declares or joins an incident from an alert payload (main/alerts/alert-pager.ts) and announces what it recorded. */
  page(payload: AlertPayload, options: PageOptions): PageResult & { summary: IncidentSummary | null } {
    const result = this.write(() => pageIncident(this.parts.events, this.parts.incidents, payload, options));
    const summary = result.incident ? this.publish({ incident: result.incident, events: result.events }) : null;
    return { ...result, summary };
  }

  update(id: string, patch: IncidentMetadataPatch): IncidentSummary {
    return this.publish(this.write(() => this.parts.incidents.updateMetadata(id, patch)));
  }

  setStatus(id: string, status: IncidentMetadata['status'], momentAt?: string): IncidentSummary {
    return this.publish(this.write(() => this.parts.incidents.setStatus(id, status, undefined, momentAt)));
  }

  setRoles(id: string, roles: IncidentRolesPatch): IncidentSummary {
    return this.publish(this.write(() => this.parts.incidents.setRoles(id, roles)));
  }

  setMoment(id: string, moment: KeyMoment, at: string | null): IncidentSummary {
    return this.publish(this.write(() => this.parts.incidents.setMoment(id, moment, at)));
  }

  switchActive(id: string): IncidentSummary {
    const previous = this.parts.incidents.activeId();
    const incident = this.write(() => this.parts.incidents.switchActive(id));
    if (previous !== undefined && previous !== id) {
      const old = this.parts.incidents.get(previous);
      if (old) this.parts.hub.emit('incident:changed', this.summary(old));
    }
    const summary = this.summary(incident);
    this.parts.hub.emit('incident:changed', summary);
    this.closePracticeLeft(previous, id);
    return summary;
  }

  addNote(incidentId: string | undefined, text: string): TimelineEvent {
    const id = incidentId ?? this.write(() => this.parts.incidents.idForAction());
    const change = this.write(() => this.parts.incidents.addNote(id, text));
    this.publish(change);
    return change.events[0]!;
  }

  editNote(incidentId: string, noteId: string, text: string): TimelineEvent {
    const change = this.write(() => this.parts.incidents.editNote(incidentId, noteId, text));
    this.publish(change);
    return change.events[0]!;
  }

  star(seq: number, starred: boolean): { seq: number; starred: boolean } {
    this.publish(this.write(() => this.parts.incidents.star(seq, starred)));
    return { seq, starred };
  }

  starred(incidentId: string): number[] {
    return [...this.parts.incidents.starredSeqs(incidentId)].sort((a, b) => a - b);
  }

  /** Snapshots the runbook's text and records 'runbook.opened' for the incident the responder works in (once per hash). */
  runbookOpened(runbookId: string, incidentId?: string): TimelineEvent | null {
    const runbook = this.parts.runbook(runbookId);
    if (!runbook) throw new NotFound(`There is no runbook "${runbookId}".`);
    incidentId ??= this.write(() => this.parts.incidents.idForAction());
    const event = this.write(() => this.parts.incidents.snapshotRunbook(incidentId, runbook));
    if (event) this.parts.recorder.announce(event);
    return event;
  }

  search(text: string, options: SearchOptions): SearchHit[] {
    return this.parts.search.search(text, options);
  }

  /** Output of a session or step run as text, capped at `maxBytes` (the end is kept). */
  output(filter: { sessionId?: string; runId?: string }, maxBytes: number): { data: string; truncated: boolean } {
    const { bytes, truncated } = outputTail(this.parts.events, filter, maxBytes);
    const decoder = new StringDecoder('utf8');
    return { data: decoder.write(bytes) + decoder.end(), truncated };
  }

  /** Renders an export; with `out`, writes it there and returns the paths. */
  export(incidentId: string, format: ExportFormat, secretValues: readonly string[], out?: string): Array<{ fileName: string; content?: string; writtenTo?: string }> {
    const files = exportIncident(this.parts.events, this.parts.incidents, incidentId, format, { secretValues: this.secretValuesWith(secretValues) });
    if (!out) return files;
    const written = writeExportedFiles(files, out);
    return files.map((file, index) => ({ fileName: file.fileName, writtenTo: written[index]! }));
  }

  previewExport(incidentId: string, secretValues: readonly string[]): RedactionPreview {
    return previewRedaction(readIncidentRecord(this.parts.events, this.parts.incidents, incidentId), { secretValues: this.secretValuesWith(secretValues) });
  }

  /** The caller's values plus every secret this process gave a step: an export never depends on the caller remembering them. */
  private secretValuesWith(secretValues: readonly string[]): string[] {
    return this.parts.knownSecrets ? this.parts.knownSecrets.mergedWith(secretValues) : [...secretValues];
  }

  import(text: string): ImportResult {
    const result = this.write(() => importIncidentExport(this.parts.events, text));
    this.parts.hub.emit('incident:changed', this.get(result.incidentId));
    return result;
  }

  backupNow(): Promise<BackupInfo> {
    return this.parts.backups.backupNow();
  }

  backups(): BackupInfo[] {
    return this.parts.backups.list();
  }

  /** Stops scheduled backups. */
  dispose(): void {
    this.parts.backups.stop();
  }

  private afterCommit(event: TimelineEvent): void {
    const change = this.parts.incidents.acknowledgeFrom(event);
    if (change) this.publish(change);
  }

  private publish(change: IncidentChange): IncidentSummary {
    for (const event of change.events) this.parts.recorder.announce(event);
    const summary = this.summary(change.incident);
    if (change.events.length) this.parts.hub.emit('incident:changed', summary);
    return summary;
  }

  private write<T>(fn: () => T): T {
    return this.parts.recorder.guard(fn);
  }
}
