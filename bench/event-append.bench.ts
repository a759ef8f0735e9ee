import { stepFinishedData } from '../main/testing/sample-events';
import fs from 'node:fs';
import path from 'node:path';
import { EventStore } from '../main/store/event-store';
import { openDatabase } from '../main/store/open-database';
import { benchDirectory, fileSystemOf } from './bench-database';
import { percentile, type BenchResult } from './harness';

/** Targets from issue 5: durable single-event appends with synchronous=FULL. */
const TARGET_PER_SECOND = 1000;
const TARGET_P99_MS = 20;
/** Appends measured (each its own committed transaction), after a warm-up. */
const MEASURED_APPENDS = 3000;
const WARMUP_APPENDS = 200;

/** Durable single-event appends per second and p99 latency, each append committed with synchronous=FULL. */
export default async function benchmark(): Promise<BenchResult> {
  const dir = benchDirectory('append');
  try {
    const store = new EventStore(openDatabase(path.join(dir, 'firebreak.sqlite3')), 'bench');
    const incident = store.incidentForAction();
    const data = stepFinishedData({ runId: 'run-1', stepId: 'restart-pgbouncer', command: 'systemctl restart pgbouncer', exitCode: 0, durationMs: 1234 });
    for (let i = 0; i < WARMUP_APPENDS; i++) store.append(incident.id, 'step.finished', data);
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i < MEASURED_APPENDS; i++) {
      const t = performance.now();
      store.append(incident.id, 'step.finished', data);
      latencies.push(performance.now() - t);
    }
    const seconds = (performance.now() - started) / 1000;
    store.close();
    const perSecond = MEASURED_APPENDS / seconds;
    const p99 = percentile(latencies, 99);
    return {
      name: `durable event append (synchronous=FULL, ${fileSystemOf(dir)} at ${dir})`,
      figures: { 'appends/s': perSecond.toFixed(0), p99: `${p99.toFixed(2)} ms`, p50: `${percentile(latencies, 50).toFixed(2)} ms` },
      target: `≥ ${TARGET_PER_SECOND}/s, p99 ≤ ${TARGET_P99_MS} ms`,
      met: perSecond >= TARGET_PER_SECOND && p99 <= TARGET_P99_MS,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
