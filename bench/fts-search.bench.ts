import fs from 'node:fs';
import path from 'node:path';
import { EventStore } from '../main/store/event-store';
import { openDatabase } from '../main/store/open-database';
import { SearchIndex } from '../main/store/search-index';
import { benchDirectory } from './bench-database';
import { median, type BenchResult } from './harness';

/** Target from issue 5: a full-text query over 1M output lines in < 100 ms. */
const TARGET_MS = 100;
const LINES = 1_000_000;
/** Lines per stored output row (about 8 KB rows, as an interactive session produces). */
const LINES_PER_ROW = 100;
const MEASURED_QUERIES = 20;
const WORDS = ['orders', 'payments', 'pgbouncer', 'latency', 'request', 'served', 'cache', 'miss', 'retry', 'upstream', 'timeout', 'ok'];

/** FTS5 search over 1M lines of terminal output: median query time for a rare and a common phrase. */
export default async function benchmark(): Promise<BenchResult> {
  const dir = benchDirectory('fts');
  try {
    // The bench plants output rows through the connection it opened (as the output recorder's worker would write them).
    const db = openDatabase(path.join(dir, 'firebreak.sqlite3'));
    const events = new EventStore(db, 'bench');
    const incident = events.incidentForAction();
    events.append(incident.id, 'session.started', { sessionId: 'bench', shell: '/bin/bash', shellKind: 'bash', pid: 1, cwd: '/', integration: 'active', integrationNote: null, generation: 1 });
    const insert = db.prepare('INSERT INTO terminal_output (session_id, run_id, seq, ts, bytes) VALUES (?, NULL, ?, ?, ?)');
    let state = 42;
    const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    events.transaction(() => {
      for (let row = 0; row < LINES / LINES_PER_ROW; row++) {
        const lines: string[] = [];
        for (let i = 0; i < LINES_PER_ROW; i++) {
          const n = row * LINES_PER_ROW + i;
          const words = Array.from({ length: 6 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
          lines.push(n % 250_000 === 7 ? `FATAL: too many connections for role "app" (${n})` : `INFO ${n} ${words}`);
        }
        insert.run('bench', row + 1, new Date().toISOString(), Buffer.from(`${lines.join('\r\n')}\r\n`));
      }
    });
    const search = new SearchIndex(events);
    const indexStarted = performance.now();
    search.catchUpOutput();
    const indexMs = performance.now() - indexStarted;
    const time = (query: string) => {
      search.search(query, { limit: 50 });
      const times: number[] = [];
      for (let i = 0; i < MEASURED_QUERIES; i++) {
        const t = performance.now();
        search.search(query, { limit: 50 });
        times.push(performance.now() - t);
      }
      return median(times);
    };
    const rare = time('too many connections');
    const common = time('upstream timeout');
    events.close();
    return {
      name: `FTS5 search over ${LINES.toLocaleString('en')} output lines`,
      figures: { 'rare phrase median': `${rare.toFixed(1)} ms`, 'common words median': `${common.toFixed(1)} ms`, 'indexing (once)': `${(indexMs / 1000).toFixed(1)} s` },
      target: `median < ${TARGET_MS} ms`,
      met: rare < TARGET_MS && common < TARGET_MS,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
