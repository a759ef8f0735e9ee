import { StringDecoder } from 'node:string_decoder';
import type Database from 'better-sqlite3';
import { stripTerminalEscapes } from '../../shared/redaction/terminal-escapes';
import { readAppState, writeAppState } from './app-state';
import type { EventStore } from './event-store';
import { connectionOf } from './store-connection';

/** One search hit, with enough references to jump to it. */
export interface SearchHit {
  source: 'event' | 'output';
  incidentId: string | null;
  incidentTitle: string | null;
  incidentKind: 'incident' | 'drill' | 'practice' | null;
  /** The event's seq (source 'event'), or the output chunk's seq within its session (source 'output'). */
  ref: number;
  /** For events: the event kind. */
  eventKind: string | null;
  sessionId: string | null;
  runId: string | null;
  ts: string | null;
  /** The matching text around the hit, split into plain and matched parts. */
  snippet: Array<{ text: string; match: boolean }>;
}

/** Options of {@link SearchIndex.search}. */
export interface SearchOptions {
  limit?: number;
  incidentId?: string;
  /** Leave out hits from drills and practice sessions. */
  realIncidentsOnly?: boolean;
}

/** app_state key: JSON map of session id → last output seq already indexed. */
const OUTPUT_WATERMARK_KEY = 'search_output_watermark';
/** Private-use characters mark the match in FTS5 snippets; they never occur in terminal text we keep. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
/** Output rows read per page while indexing: bounded memory (rows are at most 256 KiB). */
const INDEX_PAGE_ROWS = 256;
/** Tokens of context FTS5's snippet() keeps around a hit (its maximum is 64). */
const SNIPPET_TOKENS = 24;

/**
 * Turns what a responder typed into an FTS5 query: every word must appear,
 * each taken literally (quotes escaped), so `kubectl -n prod` or `error:` are
 * never FTS5 syntax errors. Returns null when nothing searchable is left.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replace(/"/g, '""')}"`).join(' ');
}

function parseSnippet(raw: string): SearchHit['snippet'] {
  const parts: SearchHit['snippet'] = [];
  let rest = raw;
  while (rest.length) {
    const open = rest.indexOf(OPEN);
    if (open < 0) {
      parts.push({ text: rest, match: false });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open), match: false });
    const close = rest.indexOf(CLOSE, open);
    const end = close < 0 ? rest.length : close;
    parts.push({ text: rest.slice(open + 1, end), match: true });
    rest = close < 0 ? '' : rest.slice(close + 1);
  }
  return parts;
}

/**
 * FTS5 search over every incident's commands, notes (indexed by a trigger
 * as events commit) and terminal output (indexed here, catching up from a
 * per-session watermark before each search, with escape sequences removed).
 */
export class SearchIndex {
  private readonly db: Database.Database;

  /** Searches the database `events` is on. */
  constructor(
    events: EventStore,
    private readonly fallbackIncident: () => string | null = () => null,
  ) {
    this.db = connectionOf(events);
  }

  /** Indexes output rows stored since the last call; returns how many rows were added. */
  catchUpOutput(): number {
    if (!this.hasOutputTable()) return 0;
    const watermark = JSON.parse(readAppState(this.db, OUTPUT_WATERMARK_KEY) ?? '{}') as Record<string, number>;
    const sessions = this.db
      .prepare('SELECT session_id, MAX(seq) AS last FROM terminal_output GROUP BY session_id')
      .all() as { session_id: string; last: number }[];
    const insert = this.db.prepare(
      "INSERT INTO search_index (text, source, ref, incident_id, session_id, run_id) VALUES (?, 'output', ?, ?, ?, ?)",
    );
    // Read in pages: better-sqlite3 cannot write while a statement is still iterating.
    const pageOf = this.db.prepare('SELECT run_id, seq, bytes FROM terminal_output WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?');
    let added = 0;
    // IMMEDIATE: it reads, then writes, while other connections write output.
    this.db.transaction(() => {
      for (const { session_id: sessionId, last } of sessions) {
        const from = watermark[sessionId] ?? 0;
        if (last <= from) continue;
        const decoder = new StringDecoder('utf8');
        const incidentOfSession = this.incidentOfSession(sessionId);
        const runIncidents = new Map<string, string | null>();
        const incidentOfRun = (runId: string) => {
          if (!runIncidents.has(runId)) runIncidents.set(runId, this.incidentOfRun(runId));
          return runIncidents.get(runId)!;
        };
        for (let after = from; ; ) {
          const page = pageOf.all(sessionId, after, INDEX_PAGE_ROWS) as { run_id: string | null; seq: number; bytes: Buffer }[];
          for (const row of page) {
            const text = stripTerminalEscapes(decoder.write(row.bytes)).replace(/\r/g, '');
            if (text.trim()) {
              const incidentId = (row.run_id && incidentOfRun(row.run_id)) ?? incidentOfSession;
              insert.run(text, row.seq, incidentId, sessionId, row.run_id);
              added++;
            }
          }
          if (page.length < INDEX_PAGE_ROWS) break;
          after = page[page.length - 1]!.seq;
        }
        watermark[sessionId] = last;
      }
      writeAppState(this.db, OUTPUT_WATERMARK_KEY, JSON.stringify(watermark));
    }).immediate();
    return added;
  }

  /** Hits for `text`, best first (FTS5 bm25 rank). */
  search(text: string, options: SearchOptions = {}): SearchHit[] {
    const query = toFtsQuery(text);
    if (!query) return [];
    this.catchUpOutput();
    // The FTS5 part alone (rank order, LIMIT, snippets) so FTS5 ranks and
    // builds snippets only for the rows returned; the joins come after.
    const where = ['search_index MATCH @query'];
    if (options.incidentId) where.push('incident_id = @incidentId');
    if (options.realIncidentsOnly) where.push("incident_id IN (SELECT id FROM incidents WHERE kind = 'incident')");
    const rows = this.db
      .prepare(
        `SELECT s.source, s.ref, s.incident_id, s.session_id, s.run_id, s.snippet,
                i.title AS incident_title, i.kind AS incident_kind,
                e.kind AS event_kind, coalesce(e.ts, o.ts) AS ts
         FROM (
           SELECT source, ref, incident_id, session_id, run_id, rank,
                  snippet(search_index, 0, '${OPEN}', '${CLOSE}', '…', ${SNIPPET_TOKENS}) AS snippet
           FROM search_index
           WHERE ${where.join(' AND ')}
           ORDER BY rank
           LIMIT @limit
         ) s
         LEFT JOIN incidents i ON i.id = s.incident_id
         LEFT JOIN events e ON s.source = 'event' AND e.seq = s.ref
         LEFT JOIN terminal_output o ON s.source = 'output' AND o.session_id = s.session_id AND o.seq = s.ref
         ORDER BY s.rank`,
      )
      .all({ query, incidentId: options.incidentId ?? null, limit: options.limit ?? 50 }) as Array<{
      source: 'event' | 'output';
      ref: number;
      incident_id: string | null;
      session_id: string | null;
      run_id: string | null;
      snippet: string;
      incident_title: string | null;
      incident_kind: SearchHit['incidentKind'];
      event_kind: string | null;
      ts: string | null;
    }>;
    return rows.map((row) => ({
      source: row.source,
      incidentId: row.incident_id,
      incidentTitle: row.incident_title,
      incidentKind: row.incident_kind,
      ref: Number(row.ref),
      eventKind: row.event_kind,
      sessionId: row.session_id,
      runId: row.run_id,
      ts: row.ts,
      snippet: parseSnippet(row.snippet),
    }));
  }

  private hasOutputTable(): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'terminal_output'").get() !== undefined;
  }

  private incidentOfRun(runId: string): string | null {
    const row = this.db
      .prepare("SELECT incident_id FROM events WHERE kind = 'step.started' AND json_extract(data, '$.runId') = ? LIMIT 1")
      .get(runId) as { incident_id: string } | undefined;
    return row?.incident_id ?? null;
  }

  private incidentOfSession(sessionId: string): string | null {
    const row = this.db
      .prepare("SELECT incident_id FROM events WHERE json_extract(data, '$.sessionId') = ? ORDER BY seq DESC LIMIT 1")
      .get(sessionId) as { incident_id: string } | undefined;
    return row?.incident_id ?? this.fallbackIncident();
  }
}
