import type { RedactionOptions } from '../redaction/find-secrets';
import { redact } from '../redaction/redact';
import { createStreamingRedactor } from '../redaction/streaming-redactor';
import { scanTerminalOutput } from '../redaction/terminal-escapes';
import type { IncidentRecord, OutputChunk, RecordedEvent, TerminalRecording } from './incident-record';

/** Every string inside `value` (object values and array items, not keys) redacted. */
export function redactDeep<T>(value: T, options: RedactionOptions): T {
  if (typeof value === 'string') return redact(value, options) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, options)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, options);
    return out as T;
  }
  return value;
}

/**
 * Picks a marker that the output does not contain. It is an OSC string, so
 * the redactor treats it as an invisible escape sequence: it does not break
 * up a secret, and it comes out in place (after the mask when it sat inside a
 * secret).
 */
function chunkBoundaryMarker(chunks: readonly OutputChunk[]): string {
  for (let n = 0; ; n++) {
    const marker = `\x1b]5379;firebreak-chunk-boundary-${n}\x07`;
    if (!chunks.some((chunk) => chunk.data.includes(marker))) return marker;
  }
}

/**
 * A session's chunks with every secret masked, each chunk keeping its time.
 * The whole session runs through one streaming redactor, so a secret split
 * across chunks or wrapped in escape sequences is masked; a mask lands in the
 * chunk where its secret began. Chunks left empty are dropped.
 */
export function redactTerminalChunks(chunks: readonly OutputChunk[], options: RedactionOptions): OutputChunk[] {
  if (chunks.length === 0) return [];
  const marker = chunkBoundaryMarker(chunks);
  const redactor = createStreamingRedactor(options);
  let released = '';
  // An escape sequence cut off at a chunk's end moves to the next chunk whole, so the marker never lands inside one.
  let carry = '';
  for (const chunk of chunks) {
    const text = carry + chunk.data;
    const { completeEnd } = scanTerminalOutput(text, false);
    released += redactor.push(text.slice(0, completeEnd) + marker);
    carry = text.slice(completeEnd);
  }
  released += redactor.push(carry) + redactor.flush();
  const parts = released.split(marker);
  const out: OutputChunk[] = [];
  chunks.forEach((chunk, index) => {
    let data = parts[index] ?? '';
    if (index === chunks.length - 1) data += parts.slice(chunks.length).join('');
    if (data.length > 0) out.push({ ...chunk, data });
  });
  return out;
}

function redactRecording(session: TerminalRecording, options: RedactionOptions): TerminalRecording {
  return {
    ...session,
    sessionId: session.sessionId,
    shell: redact(session.shell, options),
    chunks: redactTerminalChunks(session.chunks, options),
  };
}

/**
 * The record with every secret masked: every text field, every event's data,
 * every runbook snapshot and all terminal output. Exports render only what
 * this returns.
 */
export function redactIncidentRecord(record: IncidentRecord, options: RedactionOptions = {}): IncidentRecord {
  return {
    incident: redactDeep(record.incident, options),
    // redactDeep keeps every field's type (strings stay strings), so each event keeps its kind's shape.
    events: record.events.map((event) => ({ ...event, actor: redact(event.actor, options), data: redactDeep(event.data, options) }) as RecordedEvent),
    sessions: record.sessions.map((session) => redactRecording(session, options)),
    runbookSnapshots: record.runbookSnapshots.map((snapshot) => ({
      ...snapshot,
      title: redact(snapshot.title, options),
      source: redact(snapshot.source, options),
    })),
  };
}
