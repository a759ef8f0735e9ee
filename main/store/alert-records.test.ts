import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openIncidentWithAlert } from './alert-records';
import { EventStore } from './event-store';
import { openDatabase } from './open-database';
import { connectionOf } from './store-connection';

let dir: string;
let events: EventStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-alert-records-'));
  events = new EventStore(openDatabase(path.join(dir, 'firebreak.sqlite3')), 'tester');
});

afterEach(() => {
  events.close();
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

function paged(kind: 'incident' | 'drill', fingerprint: string, groupKey: string | null): string {
  const incident = events.createIncident(`Paged ${fingerprint}`, kind);
  events.append(incident.id, 'alert.received', {
    alertname: 'HighErrorRate',
    status: 'firing',
    fingerprint,
    groupKey,
    labels: { alertname: 'HighErrorRate' },
    annotations: {},
    startsAt: null,
    endsAt: null,
    generatorURL: null,
    source: 'alert',
    declared: true,
  });
  return incident.id;
}

describe('openIncidentWithAlert (real SQLite)', () => {
  it('finds the open incident by fingerprint or by group key, the newest first', () => {
    const older = paged('incident', 'fp-1', '{}:{alertname="HighErrorRate"}');
    const newer = paged('incident', 'fp-2', null);
    expect(openIncidentWithAlert(events, { fingerprints: ['fp-1'], groupKey: null })).toBe(older);
    expect(openIncidentWithAlert(events, { fingerprints: ['fp-9'], groupKey: '{}:{alertname="HighErrorRate"}' })).toBe(older);
    expect(openIncidentWithAlert(events, { fingerprints: ['fp-1', 'fp-2'], groupKey: null })).toBe(newer);
    expect(openIncidentWithAlert(events, { fingerprints: ['fp-9'], groupKey: null })).toBeUndefined();
  });

  it('never joins a resolved incident or a drill', () => {
    const resolved = paged('incident', 'fp-1', null);
    connectionOf(events).prepare("UPDATE incidents SET status = 'resolved' WHERE id = ?").run(resolved);
    paged('drill', 'fp-2', null);
    expect(openIncidentWithAlert(events, { fingerprints: ['fp-1', 'fp-2'], groupKey: null })).toBeUndefined();
  });
});
