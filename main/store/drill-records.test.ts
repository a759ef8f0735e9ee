import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DrillRecords } from './drill-records';
import { EventStore } from './event-store';
import { openDatabase } from './open-database';

let dir: string;
let events: EventStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-drill-records-'));
  events = new EventStore(openDatabase(path.join(dir, 'firebreak.sqlite3')), 'tester');
});

afterEach(() => {
  events.close();
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

function startDrill(runbookId: string): string {
  const incident = events.createIncident(`Drill: ${runbookId}`, 'drill');
  events.append(incident.id, 'drill.started', { runbookId, runbookTitle: runbookId, scenario: null, profile: null, ownerPid: null });
  return incident.id;
}

function score(incidentId: string, runbookId: string, outcome: 'resolved' | 'abandoned'): void {
  events.append(incidentId, 'drill.scored', { version: 1, runbookId, outcome, incidentId });
}

describe('DrillRecords (real SQLite)', () => {
  it('reads the latest score of a drill, and none while it runs', () => {
    const drill = startDrill('db-failover');
    const records = new DrillRecords(events);
    expect(records.latestScore(drill)).toBeNull();
    score(drill, 'db-failover', 'abandoned');
    score(drill, 'db-failover', 'resolved');
    expect(records.latestScore(drill)).toMatchObject({ runbookId: 'db-failover', outcome: 'resolved' });
  });

  it("lists one runbook's scores oldest first, by the runbook named in the score", () => {
    const first = startDrill('db-failover');
    const other = startDrill('cache-warm');
    const second = startDrill('db-failover');
    score(first, 'db-failover', 'abandoned');
    score(other, 'cache-warm', 'resolved');
    score(second, 'db-failover', 'resolved');
    const scores = new DrillRecords(events).scoresOfRunbook('db-failover');
    expect(scores.map((entry) => [entry.incidentId, entry.outcome])).toEqual([
      [first, 'abandoned'],
      [second, 'resolved'],
    ]);
  });

  it('finds drills a crash left unscored, not scored ones, not plain incidents, not drills with no drill event yet', () => {
    const crashed = startDrill('db-failover');
    const finished = startDrill('db-failover');
    score(finished, 'db-failover', 'resolved');
    events.createIncident('A real outage', 'incident');
    events.createIncident('Drill being declared', 'drill');
    expect(new DrillRecords(events).unscoredDrillIds()).toEqual([crashed]);
  });
});
