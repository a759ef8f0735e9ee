import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStore } from './event-store';
import { openDatabase } from './open-database';
import { outputTail } from './output-tail';
import { SyncStore } from './sync-store';
import { connectionOf } from './store-connection';

let dir: string;
let events: EventStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-output-tail-'));
  events = new EventStore(openDatabase(path.join(dir, 'firebreak.sqlite3')), 'tester');
  const insert = connectionOf(events).prepare('INSERT INTO terminal_output (session_id, run_id, seq, ts, bytes) VALUES (?, ?, ?, ?, ?)');
  insert.run('s1', null, 1, '2025-01-01T00:00:00.000Z', Buffer.from('$ '));
  insert.run('s1', 'run-a', 2, '2025-01-01T00:00:01.000Z', Buffer.from('first\n'));
  insert.run('s1', 'run-a', 3, '2025-01-01T00:00:02.000Z', Buffer.from('second\n'));
  insert.run('s2', 'run-b', 1, '2025-01-01T00:00:03.000Z', Buffer.from('other\n'));
});

afterEach(() => {
  events.close();
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('outputTail (real SQLite)', () => {
  it("returns a run's or a session's output in order", () => {
    expect(outputTail(events, { runId: 'run-a' }, 1000)).toEqual({ bytes: Buffer.from('first\nsecond\n'), truncated: false });
    expect(outputTail(events, { sessionId: 's1' }, 1000)).toEqual({ bytes: Buffer.from('$ first\nsecond\n'), truncated: false });
  });

  it('keeps the end when the output is longer than the cap', () => {
    expect(outputTail(events, { runId: 'run-a' }, 10)).toEqual({ bytes: Buffer.from('st\nsecond\n'), truncated: true });
  });
});

describe('SyncStore.incidentToShare (real SQLite)', () => {
  it("reads the fields the team's server registers, and nothing for an unknown id", () => {
    const incident = events.createIncident('Checkout down', 'incident');
    expect(new SyncStore(events).incidentToShare(incident.id)).toMatchObject({ id: incident.id, title: 'Checkout down', kind: 'incident' });
    expect(new SyncStore(events).incidentToShare('nope')).toBeUndefined();
  });
});
