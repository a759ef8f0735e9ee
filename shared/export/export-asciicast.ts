import type { ExportOptions } from './export-options';
import type { IncidentRecord, TerminalRecording } from './incident-record';
import { redactIncidentRecord } from './redact-record';
import { ShellMarkStripper } from '../terminal/strip-shell-marks';
import { displayTitle, exportBaseName } from './timeline-view';

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
 * `{version: 2, width, height, timestamp, env, ...}` with the terminal's size
 * when the session started, then an `"o"` event per chunk and an `"r"` event
 * per recorded resize, with times in seconds since the session started,
 * never decreasing. Shell-integration marks (which carry the session's
 * nonce) are removed: a replay shows what the responder saw. The session
 * must already be redacted.
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
  const timeOf = (at: string): number => {
    const atMs = Date.parse(at);
    const seconds = Number.isNaN(atMs) || Number.isNaN(startMs) ? previous : Math.max(previous, (atMs - startMs) / 1000);
    previous = Number(seconds.toFixed(TIME_DECIMALS));
    return previous;
  };
  const stripper = new ShellMarkStripper();
  const resizes = [...session.resizes];
  for (const chunk of session.chunks) {
    while (resizes.length > 0 && resizes[0]!.at <= chunk.at) {
      const resize = resizes.shift()!;
      lines.push(JSON.stringify([timeOf(resize.at), 'r', `${resize.cols}x${resize.rows}`]));
    }
    const data = stripper.push(chunk.data);
    if (data) lines.push(JSON.stringify([timeOf(chunk.at), 'o', data]));
  }
  const rest = stripper.end();
  if (rest) lines.push(JSON.stringify([previous, 'o', rest]));
  for (const resize of resizes) lines.push(JSON.stringify([timeOf(resize.at), 'r', `${resize.cols}x${resize.rows}`]));
  return `${lines.join('\n')}\n`;
}

/**
 * Every terminal session of the incident as an asciicast v2 file, secrets
 * masked, named for people: `2024-05-14-orders-api-502s-terminal-1-bash.cast`.
 */
export function renderIncidentAsciicasts(record: IncidentRecord, options: ExportOptions = {}): AsciicastFile[] {
  const safe = redactIncidentRecord(record, options.redaction ?? {});
  const base = exportBaseName(safe);
  return safe.sessions.map((session, index) => ({
    sessionId: session.sessionId,
    fileName: `${base}-terminal-${index + 1}-${fileSafe(shellName(session.shell))}.cast`,
    content: renderAsciicast(session, `${displayTitle(safe)} — terminal ${index + 1} (${shellName(session.shell)})`),
  }));
}

function shellName(shell: string): string {
  return shell.split(/[\\/]/).pop() || shell;
}
