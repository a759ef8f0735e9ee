import { declareShared, joinByInvite } from '../main/team/team-incidents';
import { LiveTeamSync } from '../main/team/live-sync';
import { startTestPostgres } from '../main/team/testing/postgres-server';
import { makeResponder } from '../main/team/testing/responder';
import { percentile, type BenchResult } from './harness';

/** Targets for issue 14: a busy incident's burst goes out well inside a second; another responder sees an event within half a second. */
const TARGET_PUSH_PER_SECOND = 2000;
const TARGET_NOTIFY_P99_MS = 500;
const PUSHED_EVENTS = 10_000;
const NOTIFY_SAMPLES = 200;

/**
 * Team sync on a local PostgreSQL started for the bench (loopback, temp
 * folder): events per second pushed from one responder's outbox (batches of
 * 500, redaction included), and the time from one responder's commit to the
 * event being stored at another, through LISTEN/NOTIFY (polling off).
 */
export default async function benchmark(): Promise<BenchResult> {
  const server = await startTestPostgres();
  const alice = makeResponder(server, 'alice');
  const bob = makeResponder(server, 'bob');
  const lives: LiveTeamSync[] = [];
  try {
    await server.addTeam('bench', ['alice', 'bob']);
    const { incident, inviteCode } = await alice.online((client) =>
      declareShared(client, alice.incidents, alice.store, { title: 'Bench', kind: 'incident' }, 'bench'),
    );
    for (let i = 0; i < PUSHED_EVENTS; i++) {
      alice.events.append(incident.id, 'command.manual', {
        sessionId: 's1',
        commandLine: `kubectl -n payments rollout restart deploy/api-${i % 20}`,
        commandLineExact: true,
        exitCode: 0,
        durationMs: 420,
        cwd: '/srv',
        state: 'finished',
      });
    }
    const pushStarted = performance.now();
    const pushed = await alice.online((client) => alice.sync.push(client));
    const pushSeconds = (performance.now() - pushStarted) / 1000;
    const pushPerSecond = pushed / pushSeconds;

    await bob.online(async (client) => {
      await joinByInvite(client, bob.store, inviteCode);
      await bob.sync.pullIncident(client, incident.id);
    });
    let arrived: ((text: string) => void) | null = null;
    const liveOf = (r: typeof alice, onText?: (text: string) => void) => {
      const live = new LiveTeamSync(r.store, r.sync, {
        connect: () => r.connect(),
        displayName: r.name,
        pollMs: 3_600_000,
        onPulled: (events) => {
          for (const event of events) if (event.kind === 'note') onText?.(event.data.text);
        },
      });
      live.start();
      lives.push(live);
      return live;
    };
    const aliceLive = liveOf(alice);
    liveOf(bob, (text) => arrived?.(text));
    const deadline = Date.now() + 30_000;
    while ([...lives].some((live) => live.current().state !== 'synced')) {
      if (Date.now() > deadline) throw new Error('live sync did not connect');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const latencies: number[] = [];
    for (let i = 0; i < NOTIFY_SAMPLES; i++) {
      const text = `sample ${i}`;
      const seen = new Promise<void>((resolve) => {
        arrived = (got) => {
          if (got === text) resolve();
        };
      });
      const started = performance.now();
      alice.incidents.addNote(incident.id, text);
      aliceLive.nudge();
      await seen;
      latencies.push(performance.now() - started);
    }
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    return {
      name: `team sync on a local PostgreSQL (${PUSHED_EVENTS} events pushed; ${NOTIFY_SAMPLES} notes alice → bob through NOTIFY)`,
      figures: { 'pushed events/s': pushPerSecond.toFixed(0), 'NOTIFY p50': `${p50.toFixed(1)} ms`, 'NOTIFY p99': `${p99.toFixed(1)} ms` },
      target: `≥ ${TARGET_PUSH_PER_SECOND} events/s pushed, p99 ≤ ${TARGET_NOTIFY_P99_MS} ms`,
      met: pushPerSecond >= TARGET_PUSH_PER_SECOND && p99 <= TARGET_NOTIFY_P99_MS,
    };
  } finally {
    for (const live of lives) await live.stop();
    alice.close();
    bob.close();
    await server.stop();
  }
}
