import type { EventStore } from './event-store';
import { connectionOf } from './store-connection';

/**
 * The end of a session's or a step run's recorded output, at most `maxBytes`
 * (the newest bytes are kept, so a long run shows how it ended). Rows are
 * read newest first and stop at the cap, so a huge transcript is not loaded.
 */
export function outputTail(events: EventStore, filter: { sessionId?: string; runId?: string }, maxBytes: number): { bytes: Buffer; truncated: boolean } {
  const where = [filter.sessionId ? 'session_id = @sessionId' : null, filter.runId ? 'run_id = @runId' : null].filter(Boolean);
  const rows = connectionOf(events)
    .prepare(`SELECT bytes FROM terminal_output WHERE ${where.join(' AND ')} ORDER BY session_id, seq DESC`)
    .iterate({ sessionId: filter.sessionId ?? null, runId: filter.runId ?? null }) as Iterable<{ bytes: Buffer }>;
  const kept: Buffer[] = [];
  let total = 0;
  let truncated = false;
  for (const row of rows) {
    if (total + row.bytes.length > maxBytes) {
      kept.push(row.bytes.subarray(row.bytes.length - (maxBytes - total)));
      truncated = true;
      break;
    }
    kept.push(row.bytes);
    total += row.bytes.length;
  }
  return { bytes: Buffer.concat(kept.reverse()), truncated };
}
