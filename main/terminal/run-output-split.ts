import type { OutputSink } from './output-recorder';

/** A C mark (the run's output starts after it) or a D mark (its output ended before it) seen in one read. */
export interface RunBoundary {
  /** The run whose output follows (C), or null after a D. */
  runId: string | null;
  markRaw: string;
  finished?: true;
}

/**
 * Records one pty read as consecutive pieces, each tagged with the run it
 * belongs to: only the bytes after a run's C mark and before its D mark
 * carry its id, so the prompt, the echoed command line and the next
 * command's bytes that share the read are not put in the run's record.
 * Marks are ASCII, so their characters are their bytes; a mark that began
 * in the previous read is found as a suffix at the start of this one.
 */
export function recordSplitAtMarks(output: OutputSink, sessionId: string, runAtStart: string | null, bytes: Buffer, boundaries: RunBoundary[]): void {
  let tag = runAtStart;
  let cursor = 0;
  for (const boundary of boundaries) {
    const mark = locateMark(bytes, Buffer.from(boundary.markRaw, 'utf8'), cursor);
    // C: the mark itself stays untagged, the run starts after it. D: the run ends where the mark starts.
    const cut = Math.max(cursor, boundary.finished ? mark.start : mark.end);
    if (cut > cursor) output.write(sessionId, tag, bytes.subarray(cursor, cut));
    cursor = cut;
    tag = boundary.runId;
  }
  if (cursor < bytes.length) output.write(sessionId, tag, bytes.subarray(cursor));
}

/** Where a mark lies in `bytes` at or after `from`; it may have begun before this read (start < 0). */
export function locateMark(bytes: Buffer, mark: Buffer, from: number): { start: number; end: number } {
  const at = bytes.indexOf(mark, from);
  if (at !== -1) return { start: at, end: at + mark.length };
  // The mark straddles two reads: its tail opens this one.
  for (let tail = Math.min(mark.length - 1, bytes.length); tail > 0; tail--) {
    if (bytes.subarray(0, tail).equals(mark.subarray(mark.length - tail))) return { start: tail - mark.length, end: tail };
  }
  // Not in the bytes at all (a decoding oddity): split where the search began.
  return { start: from, end: from };
}
