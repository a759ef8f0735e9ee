import type { ExportOptions } from './export-options';
import type { IncidentRecord, TerminalRecording } from './incident-record';
import { redactIncidentRecord } from './redact-record';
import { displayTitle } from './timeline-view';

/** One asciicast file: what to name it and what it holds. */
export interface AsciicastFile {
  sessionId: string;
  /** A safe file name, e.g. `inc-42-sess-1.cast`. */
  fileName: string;
  /** Newline-delimited JSON: the header line, then one `[time, "o", data]` line per chunk. */
  content: string;
}

/** Decimal places kept for event times: microseconds, as asciinema writes them. */
const TIME_DECIMALS = 6;

function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'session';
}

/**
 * One terminal session as asciicast v2 (the asciinema format): a header line
 * `{version: 2, width, height, timestamp, ...}` and an output event per chunk,
 * with times in seconds since the session started, never decreasing.
 * The session must already be redacted.
 */
export function renderAsciicast(session: TerminalRecording, title: string): string {
  const startMs = Date.parse(session.startedAt);
  const header: Record<string, unknown> = {
    version: 2,
    width: session.cols,
    height: session.rows,
    title,
    env: { SHELL: session.shell, TERM: 'xterm-256color' },
  };
  // asciicast v2 `timestamp` is a Unix time in whole seconds.
  if (!Number.isNaN(startMs)) header.timestamp = Math.floor(startMs / 1000);
  const lines = [JSON.stringify(header)];
  let previous = 0;
  for (const chunk of session.chunks) {
    const atMs = Date.parse(chunk.at);
    const seconds = Number.isNaN(atMs) || Number.isNaN(startMs) ? previous : Math.max(previous, (atMs - startMs) / 1000);
    previous = Number(seconds.toFixed(TIME_DECIMALS));
    lines.push(JSON.stringify([previous, 'o', chunk.data]));
  }
  return `${lines.join('\n')}\n`;
}

/** Every terminal session of the incident as an asciicast v2 file, secrets masked. */
export function renderIncidentAsciicasts(record: IncidentRecord, options: ExportOptions = {}): AsciicastFile[] {
  const safe = redactIncidentRecord(record, options.redaction ?? {});
  return safe.sessions.map((session) => ({
    sessionId: session.sessionId,
    fileName: `${fileSafe(safe.incident.id)}-${fileSafe(session.sessionId)}.cast`,
    content: renderAsciicast(session, `${displayTitle(safe)} — ${session.shell}`),
  }));
}
