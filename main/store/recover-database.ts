import Database from 'better-sqlite3';
import { IncidentMetadataSchema, type IncidentRecord } from '../../shared/export/incident-record';
import { InvalidInput } from '../../shared/model/domain-errors';
import { toTimelineEvent } from '../../shared/model/timeline';
import type { EventStore } from './event-store';
import { sqliteNativeBinding } from './sqlite-native-binding';
import { importIncidentRecord, type ImportResult } from './incident-importer';

/** What a recovery brought back. */
export interface RecoveryResult {
  imported: ImportResult[];
  /** Plain-words notes about what could not be read. */
  problems: string[];
}

/**
 * Reads whatever can still be read from a damaged or moved-aside database
 * (read-only: the file is not changed) and imports each incident it finds
 * into the current database, one transaction per incident. Rows SQLite can
 * no longer read are skipped and reported.
 */
export function recoverDatabase(events: EventStore, damagedPath: string): RecoveryResult {
  let source: Database.Database;
  try {
    const nativeBinding = sqliteNativeBinding();
    source = new Database(damagedPath, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    source.pragma('trusted_schema = OFF');
    source.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    throw new InvalidInput(`Nothing can be recovered from ${damagedPath}: ${(error as Error).message}.`);
  }
  const problems: string[] = [];
  const imported: ImportResult[] = [];
  try {
    const columns = tryAll(source, 'PRAGMA table_info(incidents)', problems) as { name: string }[];
    const hasDetails = columns.some((column) => column.name === 'details');
    const incidents = tryAll(source, 'SELECT * FROM incidents', problems) as Array<Record<string, string>>;
    for (const row of incidents) {
      const eventRows = tryAll(source, `SELECT * FROM events WHERE incident_id = '${row.id!.replace(/'/g, "''")}' ORDER BY seq`, problems) as Array<
        Record<string, string | number>
      >;
      const details = hasDetails ? (JSON.parse(String(row.details ?? '{}')) as Record<string, unknown>) : {};
      const metadata = IncidentMetadataSchema.safeParse({
        id: row.id,
        title: row.title,
        kind: row.kind,
        createdAt: row.created_at,
        severity: row.severity ?? 'SEV4',
        status: row.status ?? 'investigating',
        services: details.services ?? [],
        commander: details.commander ?? null,
        communicationsLead: details.communicationsLead ?? null,
        responders: details.responders ?? [],
        keyMoments: { started: row.created_at, detected: null, acknowledged: null, mitigated: null, resolved: null, ...(details.keyMoments as object) },
        postmortem: {
          summary: null, impact: null, rootCauses: null, trigger: null, resolution: null, detection: null,
          actionItems: [], lessonsLearned: { wentWell: [], wentWrong: [], gotLucky: [] },
          ...(details.postmortem as object),
        },
      });
      if (!metadata.success) {
        problems.push(`Incident ${row.id} could not be read whole and was skipped.`);
        continue;
      }
      const record: IncidentRecord = {
        incident: metadata.data,
        // Every readable row, typed; one of a kind this version does not know is kept as 'unknown'.
        events: eventRows.map((event) => ({
          ...toTimelineEvent({
            seq: Number(event.seq),
            incidentId: String(event.incident_id),
            ts: String(event.ts),
            kind: String(event.kind),
            actor: String(event.actor),
            data: JSON.parse(String(event.data)) as unknown,
          }),
          starred: false,
        })),
        sessions: [],
        runbookSnapshots: [],
      };
      imported.push(importIncidentRecord(events, record));
    }
  } finally {
    source.close();
  }
  return { imported, problems };
}

function tryAll(db: Database.Database, sql: string, problems: string[]): unknown[] {
  try {
    return db.prepare(sql).all();
  } catch (error) {
    problems.push(`Could not read (${sql.slice(0, 60)}): ${(error as Error).message}`);
    return [];
  }
}
