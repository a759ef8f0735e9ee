import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventChannel } from '../../shared/ipc/contract';
import { EventHub } from '../services/event-hub';
import { TimelineRecorder } from '../services/timeline-recorder';
import { DatabaseBackups } from '../store/backups';
import { EventStore } from '../store/event-store';
import { openDatabase } from '../store/open-database';
import { SearchIndex } from '../store/search-index';
import { IncidentService, type RunbookSource } from './incident-service';
import { IncidentStore } from '../store/incident-store';

/** A real database file in a temporary folder with the whole incident record on it, for tests. */
export function createIncidentHarness(options: { runbooks?: RunbookSource[]; clock?: () => Date } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-incidents-'));
  const file = path.join(dir, 'firebreak.sqlite3');
  const seen: { channel: EventChannel; payload: unknown }[] = [];
  const hub = new EventHub();
  hub.subscribe((channel, payload) => seen.push({ channel, payload }));
  // The harness opens the connection itself: checks read the real file through it (SQL stays out of product code).
  const db = openDatabase(file);
  const events = new EventStore(db, 'ana', options.clock, { redactAtWrite: () => service.redactAtWrite });
  const recorder = new TimelineRecorder(events, hub, undefined, file);
  const incidents = new IncidentStore(events);
  const backups = new DatabaseBackups(events, path.join(dir, 'backups'), { keep: 3 });
  const service: IncidentService = new IncidentService({
    events,
    incidents,
    search: new SearchIndex(events, () => incidents.activeId() ?? null),
    backups,
    recorder,
    hub,
    runbook: (id) => options.runbooks?.find((runbook) => runbook.id === id),
    ...(options.clock ? { now: options.clock } : {}),
  });
  return {
    dir,
    file,
    /** The connection `events` is on, for checks that read (or plant) rows directly. */
    db,
    seen,
    hub,
    events,
    recorder,
    incidents,
    backups,
    service,
    /** Stores raw terminal output the way the execution engine's recorder does (migration 002). */
    writeOutput(sessionId: string, runId: string | null, seq: number, text: string, ts = new Date().toISOString()) {
      db
        .prepare('INSERT INTO terminal_output (session_id, run_id, seq, ts, bytes) VALUES (?, ?, ?, ?, ?)')
        .run(sessionId, runId, seq, ts, Buffer.from(text, 'utf8'));
    },
    dispose() {
      service.dispose();
      events.close();
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}
