import { StringDecoder } from 'node:string_decoder';
import type Database from 'better-sqlite3';
import type { IncidentRecord, OutputChunk, RecordedEvent, TerminalRecording } from '../../shared/export/incident-record';
import { isSharedIncident } from './sync-store';
import type { EventStore } from './event-store';
import type { IncidentStore } from './incident-store';
import { connectionOf } from './store-connection';

/** Options of {@link readIncidentRecord}. */
export interface ReadRecordOptions {
  /**
   * Keep only step output, and of each step run only about its last this many
   * bytes (cut at a line start). The Markdown and HTML exports show the last
   * lines of each step, so they need no more; JSON and asciicast read all.
   */
  stepOutputTailBytes?: number;
}

/**
 * Tail kept per step run for summary exports: 20 shown lines (timeline-view
 * TRIMMED_OUTPUT_LINES) of up to 240 characters fit in 5 KB many times over;
 * 64 KiB leaves room for escape sequences and progress-bar rewrites.
 */
export const SUMMARY_STEP_OUTPUT_TAIL_BYTES = 64 * 1024;

/** Terminal geometry assumed when the record does not say (the VT100's). */
const DEFAULT_COLS = 80;
const DEFAULT_ROWS = 24;

interface OutputRow {
  session_id: string;
  run_id: string | null;
  seq: number;
  ts: string;
  bytes: Buffer;
}

/**
 * Assembles the {@link IncidentRecord} every export renders: metadata, all
 * events in seq order with their stars, the sessions the incident's events
 * name with their output (from migration 002's terminal_output, output from
 * the incident's creation on), and the runbook snapshots it followed.
 */
export function readIncidentRecord(
  events: EventStore,
  incidents: IncidentStore,
  incidentId: string,
  options: ReadRecordOptions = {},
): IncidentRecord {
  const incident = incidents.require(incidentId);
  const starred = incidents.starredSeqs(incidentId);
  const recorded: RecordedEvent[] = [];
  const runIds = new Set<string>();
  const sessionInfo = new Map<string, SessionInfo>();
  const infoOf = (sessionId: string, ts: string): SessionInfo => {
    let info = sessionInfo.get(sessionId);
    if (!info) sessionInfo.set(sessionId, (info = { firstSeen: ts, resizes: [] }));
    return info;
  };
  // A shared incident is read in the order all its responders agree on (clock order), numbered from 1, so every responder exports the same record.
  const teamOrder = isSharedIncident(connectionOf(events), incidentId);
  let position = 0;
  for (const event of teamOrder ? events.iterateInClockOrder(incidentId) : events.iterate(incidentId)) {
    position++;
    recorded.push({ ...event, ...(teamOrder ? { seq: position } : {}), starred: starred.has(event.seq) });
    switch (event.kind) {
      case 'step.started':
        runIds.add(event.data.runId);
        infoOf(event.data.sessionId, event.ts);
        break;
      case 'session.started': {
        const info = infoOf(event.data.sessionId, event.ts);
        info.started = { ts: event.ts, shell: event.data.shell, cols: event.data.cols, rows: event.data.rows };
        break;
      }
      case 'session.resized':
        infoOf(event.data.sessionId, event.ts).resizes.push({ at: event.ts, cols: event.data.cols, rows: event.data.rows });
        break;
      case 'step.finished':
      case 'step.cancelled':
      case 'command.manual':
      case 'session.ended':
        infoOf(event.data.sessionId, event.ts);
        break;
    }
  }
  const sessions = hasOutputTable(connectionOf(events))
    ? [...sessionInfo].map(([sessionId, info]) => {
        // A session opened before this incident's first event says how it started in an earlier one.
        info.started ??= sessionStartedElsewhere(connectionOf(events), sessionId);
        return readSession(connectionOf(events), sessionId, info, incident.createdAt, runIds, options.stepOutputTailBytes);
      })
    : [];
  return {
    incident,
    events: recorded,
    sessions: sessions.filter((session) => session.chunks.length > 0 || options.stepOutputTailBytes === undefined),
    runbookSnapshots: incidents.snapshots(incidentId),
  };
}

interface SessionInfo {
  firstSeen: string;
  started?: { ts: string; shell: string; cols?: number | undefined; rows?: number | undefined } | undefined;
  resizes: Array<{ at: string; cols: number; rows: number }>;
}

function sessionStartedElsewhere(db: Database.Database, sessionId: string): SessionInfo['started'] {
  const row = db
    .prepare("SELECT ts, data FROM events WHERE kind = 'session.started' AND json_extract(data, '$.sessionId') = ? ORDER BY seq DESC LIMIT 1")
    .get(sessionId) as { ts: string; data: string } | undefined;
  if (!row) return undefined;
  const data = JSON.parse(row.data) as { shell?: unknown; cols?: unknown; rows?: unknown };
  return {
    ts: row.ts,
    shell: typeof data.shell === 'string' ? data.shell : 'sh',
    cols: typeof data.cols === 'number' ? data.cols : undefined,
    rows: typeof data.rows === 'number' ? data.rows : undefined,
  };
}

function readSession(
  db: Database.Database,
  sessionId: string,
  info: SessionInfo,
  since: string,
  runIds: Set<string>,
  tailBytes: number | undefined,
): TerminalRecording {
  const rows = tailBytes === undefined ? allRows(db, sessionId, since) : stepTailRows(db, sessionId, since, runIds, tailBytes);
  const chunks: OutputChunk[] = [];
  // One decoder per run of rows, so a character split across rows is whole again.
  let decoder = new StringDecoder('utf8');
  let previousRun: string | null | undefined;
  let previousSeq = -1;
  for (const row of rows) {
    if (row.run_id !== previousRun || row.seq !== previousSeq + 1) decoder = new StringDecoder('utf8');
    previousRun = row.run_id;
    previousSeq = row.seq;
    const data = decoder.write(row.bytes);
    if (data) chunks.push({ at: row.ts, data, runId: row.run_id });
  }
  const started = info.started;
  // A session opened before the incident is replayed from the incident's start, not from a long-ago start.
  const startedAt = started && started.ts >= since ? started.ts : (chunks[0]?.at ?? info.firstSeen);
  return {
    sessionId,
    shell: started?.shell ?? 'sh',
    cols: started?.cols ?? DEFAULT_COLS,
    rows: started?.rows ?? DEFAULT_ROWS,
    startedAt,
    resizes: info.resizes,
    chunks,
  };
}

function* allRows(db: Database.Database, sessionId: string, since: string): Generator<OutputRow> {
  yield* db
    .prepare('SELECT * FROM terminal_output WHERE session_id = ? AND ts >= ? ORDER BY seq')
    .iterate(sessionId, since) as Iterable<OutputRow>;
}

function stepTailRows(
  db: Database.Database,
  sessionId: string,
  since: string,
  runIds: Set<string>,
  tailBytes: number,
): OutputRow[] {
  // Runs come from the incident's own events and rows are found through the
  // run index (migration 002), so the session's bulk output is never scanned.
  // Sizes first (length() of a blob does not load it), then only the bytes
  // of the tail: a 256 KiB row that contributes 64 KiB is not copied whole.
  const sizesNewestFirst = db.prepare(
    'SELECT run_id, seq, ts, length(bytes) AS size FROM terminal_output INDEXED BY terminal_output_by_run WHERE run_id = ? AND session_id = ? AND ts >= ? ORDER BY seq DESC',
  );
  const bytesFrom = db.prepare('SELECT substr(bytes, ?) AS bytes FROM terminal_output WHERE session_id = ? AND seq = ?').pluck();
  const out: OutputRow[] = [];
  for (const runId of runIds) {
    const kept: Array<{ run_id: string | null; seq: number; ts: string; size: number }> = [];
    let bytes = 0;
    for (const row of sizesNewestFirst.iterate(runId, sessionId, since) as Iterable<{ run_id: string | null; seq: number; ts: string; size: number }>) {
      kept.push(row);
      bytes += row.size;
      if (bytes >= tailBytes) break;
    }
    kept.reverse();
    kept.forEach((row, index) => {
      let from = 0;
      if (index === 0 && bytes >= tailBytes) from = row.size - Math.min(row.size, tailBytes - (bytes - row.size));
      let data = bytesFrom.get(from + 1, sessionId, row.seq) as Buffer;
      if (from > 0) {
        // Start at a line boundary, so no half of a secret from the cut-off part is shown unmasked.
        const newline = data.indexOf(0x0a);
        data = newline < 0 ? Buffer.alloc(0) : data.subarray(newline + 1);
      }
      out.push({ session_id: sessionId, run_id: row.run_id, seq: row.seq, ts: row.ts, bytes: data });
    });
  }
  return out.sort((a, b) => a.seq - b.seq);
}

function hasOutputTable(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'terminal_output'").get() !== undefined;
}
