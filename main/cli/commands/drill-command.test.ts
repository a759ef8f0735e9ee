import { toTimelineEvent, type TimelineEvent } from '../../../shared/model/timeline';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LAB_SCENARIO_IDS, LAB_SCENARIOS } from '../../../shared/drills/lab-scenarios';
import type { DrillScore } from '../../../shared/drills/score-drill';
import { databasePathIn } from '../../platform/app-paths';
import { listeningPorts } from '../../drills/testing/lab-leftovers';
import { createDrillTestEnv } from '../../drills/testing/drill-test-env';
import { withLabLock } from '../../drills/testing/lab-lock';
import { LAB_TEST_TIMEOUT_MS } from '../../drills/testing/lab-test-suite';
import { runDrill, type DrillOptions } from './drill-command';

const env = createDrillTestEnv();
afterAll(() => env.remove());

async function drill(runbook: string, options: Partial<DrillOptions>, recoveryWaitMs?: number) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const code = await runDrill(runbook, { skip: [], auto: true, json: true, ...options }, { dataDir: env.dataDir, stdout, stderr, terminal: env.terminal, ...(recoveryWaitMs ? { recoveryWaitMs } : {}) });
  return { code, out, err };
}

function drillEvents(incidentId: string): TimelineEvent[] {
  const db = new Database(databasePathIn(env.dataDir), { readonly: true });
  try {
    const rows = db.prepare('SELECT seq, incident_id, ts, kind, actor, data FROM events WHERE incident_id = ? ORDER BY seq').all(incidentId) as Array<{ seq: number; incident_id: string; ts: string; kind: string; actor: string; data: string }>;
    return rows.map((row) => toTimelineEvent({ seq: row.seq, incidentId: row.incident_id, ts: row.ts, kind: row.kind, actor: row.actor, data: JSON.parse(row.data) as unknown }));
  } finally {
    db.close();
  }
}

describe('firebreak drill --auto', () => {
  for (const scenario of LAB_SCENARIO_IDS) {
    it(
      `${scenario}: the runbook's Run-all plan in drill mode brings its lab back to healthy`,
      () => withLabLock(scenario, async () => {
        // The security drill also carries a facilitator drill file: a message and a lab action, both at T+1s.
        let injectsFile: string | undefined;
        if (scenario === 'security-breach') {
          injectsFile = path.join(env.root, 'security.drill.yaml');
          fs.writeFileSync(injectsFile, 'injects:\n  - at: T+1s\n    message: "Legal asks whether customer data left the building"\n  - at: T+1s\n    message: "The intruder is back"\n    action: intruder-retries\n');
        }
        const { code, out, err } = await drill(scenario, injectsFile ? { injects: injectsFile } : {});
        expect(code, err).toBe(0);
        const score = JSON.parse(out) as DrillScore;
        expect(score.labRecovered).toBe(true);
        expect(score.scenario).toBe(scenario);
        expect(score.timeToMitigateMs).not.toBeNull();
        expect(score.steps.failed, err).toBe(0);
        for (const id of LAB_SCENARIOS[scenario].fixingStepIds) expect(score.steps.skippedStepIds).not.toContain(id);
        const events = drillEvents(score.incidentId);
        const kinds = events.map((event) => (event.kind === 'drill.lab' ? `drill.lab:${event.data.state}` : event.kind));
        expect(kinds).toEqual(expect.arrayContaining(['drill.started', 'drill.lab:started', 'drill.fault', 'drill.lab:healthy', 'drill.ended']));
        expect(events.filter((event) => event.kind === 'drill.scored')).toHaveLength(1);
        if (scenario === 'security-breach') {
          // Whether the injects fired before the runbook finished depends on timing; when they did, they are on the record.
          const injected = events.flatMap((event) => (event.kind === 'drill.inject' ? [event.data] : []));
          for (const inject of injected) expect(inject.at).toBe('T+1s');
          const action = injected.find((inject) => inject.action !== null);
          if (action) expect(action.result).toMatch(/failed SSH logins/);
          expect(score.injects).toBe(injected.length);
        }
        for (const port of LAB_SCENARIOS[scenario].ports) expect(listeningPorts().has(port)).toBe(false);
      }),
      LAB_TEST_TIMEOUT_MS,
    );
  }

  it(
    'exits 1 and scores "did not recover" when the fixing step is skipped',
    () => withLabLock('crash-and-rollback', async () => {
      const { code, out, err } = await drill('crash-and-rollback', { skip: ['roll-back', 'verify-health', 'verify-stable'] }, 3_000);
      expect(code, err).toBe(1);
      const score = JSON.parse(out) as DrillScore;
      expect(score.labRecovered).toBe(false);
      expect(score.timeToMitigateMs).toBeNull();
      expect(score.outcome).toBe('abandoned');
      expect(score.steps.skippedStepIds).toContain('roll-back');
      expect(err).toMatch(/the lab is still broken/);
      expect(listeningPorts().has(18080)).toBe(false);
    }),
    LAB_TEST_TIMEOUT_MS,
  );

  it('refuses an unknown runbook and a bad drill file with exit 2', async () => {
    expect((await drill('no-such-runbook', {})).code).toBe(2);
    const bad = path.join(env.root, 'bad.drill.yaml');
    fs.writeFileSync(bad, 'injects: [{ at: later, message: x }]\n');
    const result = await drill('crash-and-rollback', { injects: bad });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/injects\[0\]\.at must be a time/);
  });
});
