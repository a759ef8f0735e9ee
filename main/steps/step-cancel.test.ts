/**
 * Cancel ends what the step started (issue 10, finding 3): the real engine,
 * real bash on a real pty. After a cancel is reported, no process of the
 * step is left in the pty's session, however the step spread out (background
 * jobs, an INT-trapping child, jobs trapping INT/TERM/HUP); a deliberate
 * `setsid` daemon survives and the record names it.
 */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness, runbookText } from './step-test-harness';

const harnesses: EngineHarness[] = [];
const strays: number[] = [];
afterEach(() => {
  for (const pid of strays.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  harnesses.splice(0).forEach((harness) => harness.dispose());
});

const BODY = [
  '```bash {id=tree}',
  `bash -c 'sleep 1000 & sleep 1000 & bash -c "trap \\"\\" INT; sleep 1001" & wait'`,
  '```',
  '```bash {id=trappers}',
  `bash -c 'trap "" INT TERM HUP; sleep 1002' & bash -c 'trap "" INT TERM HUP; sleep 1003' & wait`,
  '```',
  '```bash {id=daemon}',
  `bash -c 'setsid sleep 1004 & sleep 1005 & wait'`,
  '```',
  '```bash {id=orphan-daemon}',
  // In the session's own shell a background job leads its group, so setsid forks and its parent exits at once:
  // the daemon is re-parented to init in a session of its own before any cancel looks for it.
  'setsid sleep 1006 &',
  'sleep 1007',
  '```',
  '```bash {id=after}',
  'echo still-usable',
  '```',
  '',
].join('\n');

/**
 * Every running process of the machine, by `ps` (independent of the engine's
 * own scan). A zombie is dead, only not yet reaped (this machine's init reaps
 * orphans late), so it is not counted.
 */
function processes(): { pid: number; ppid: number; sess: number; args: string }[] {
  return execFileSync('ps', ['-e', '-o', 'pid=,ppid=,sess=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [pid, ppid, sess, stat, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), sess: Number(sess), stat: stat!, args: args.join(' ') };
    })
    .filter((entry) => !entry.stat.startsWith('Z'))
    .map(({ stat: _stat, ...entry }) => entry);
}

/** Processes in the shell's session other than the shell (and ps itself). */
function leftInSession(shellPid: number) {
  return processes().filter((entry) => entry.sess === shellPid && entry.pid !== shellPid && !entry.args.startsWith('ps '));
}

async function runAndCancel(h: EngineHarness, session: string, stepId: string, ready: (shellPid: number) => boolean) {
  const shellPid = h.terminals.get(session).pid;
  const { runId } = await h.steps.run({ runbookId: h.runbook.id, stepId, sessionId: session });
  await h.waitFor(`the processes of ${stepId} to start`, () => ready(shellPid));
  expect(h.steps.cancel({ runId })).toBe(true);
  return h.steps.whenDone(runId);
}

describe('cancel ends the whole tree of a step', () => {
  it('a step with background jobs and an INT-trapping child: nothing of it remains once it is reported cancelled', async () => {
    const h = new EngineHarness({ shell: '/bin/bash', runbook: runbookText('', BODY), runner: { cancelGraceMs: 600 } });
    harnesses.push(h);
    const session = await h.openSession();
    const shellPid = h.terminals.get(session).pid;
    const started = Date.now();
    const status = await runAndCancel(h, session, 'tree', (pid) => leftInSession(pid).filter((entry) => /^sleep 100[01]$/.test(entry.args)).length === 3);
    strays.push(...processes().filter((entry) => /^sleep 100[01]$/.test(entry.args)).map((entry) => entry.pid));
    expect(status.state).toBe('cancelled');
    expect(leftInSession(shellPid)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000);
    // The session is still usable.
    expect((await h.runStep(session, 'after')).state).toBe('passed');
  });

  it('background jobs trapping INT, TERM and HUP are killed too', async () => {
    const h = new EngineHarness({ shell: '/bin/bash', runbook: runbookText('', BODY), runner: { cancelGraceMs: 600 } });
    harnesses.push(h);
    const session = await h.openSession();
    const shellPid = h.terminals.get(session).pid;
    const status = await runAndCancel(h, session, 'trappers', (pid) => leftInSession(pid).filter((entry) => /^sleep 100[23]$/.test(entry.args)).length === 2);
    strays.push(...processes().filter((entry) => /^sleep 100[23]$/.test(entry.args)).map((entry) => entry.pid));
    expect(status.state).toBe('cancelled');
    expect(leftInSession(shellPid)).toEqual([]);
  });

  it('a setsid daemon the step started deliberately survives, and the record names it', async () => {
    const h = new EngineHarness({ shell: '/bin/bash', runbook: runbookText('', BODY), runner: { cancelGraceMs: 600 } });
    harnesses.push(h);
    const session = await h.openSession();
    const shellPid = h.terminals.get(session).pid;
    const status = await runAndCancel(h, session, 'daemon', (pid) => leftInSession(pid).some((entry) => entry.args === 'sleep 1005') && processes().some((entry) => entry.args === 'sleep 1004'));
    const daemon = processes().find((entry) => entry.args === 'sleep 1004');
    strays.push(...processes().filter((entry) => /^sleep 100[45]$/.test(entry.args)).map((entry) => entry.pid));
    expect(status.state).toBe('cancelled');
    expect(leftInSession(shellPid)).toEqual([]);
    expect(daemon).toBeDefined();
    expect(status.message).toContain(`pid ${daemon!.pid}`);
    expect(status.message).toContain('sleep 1004');
    const finished = h.events('step.finished').at(-1)!;
    expect(String(finished.data.message)).toContain(`pid ${daemon!.pid}`);
  });

  it('a setsid daemon whose parent is long gone (re-parented to init) is still found and named, by the run id in its environment', async () => {
    const h = new EngineHarness({ shell: '/bin/bash', runbook: runbookText('', BODY), runner: { cancelGraceMs: 600 } });
    harnesses.push(h);
    const session = await h.openSession();
    const shellPid = h.terminals.get(session).pid;
    const status = await runAndCancel(h, session, 'orphan-daemon', (pid) => leftInSession(pid).some((entry) => entry.args === 'sleep 1007') && processes().some((entry) => entry.args === 'sleep 1006' && entry.ppid !== pid));
    const daemon = processes().find((entry) => entry.args === 'sleep 1006');
    strays.push(...processes().filter((entry) => /^sleep 100[67]$/.test(entry.args)).map((entry) => entry.pid));
    expect(status.state).toBe('cancelled');
    expect(leftInSession(shellPid)).toEqual([]);
    expect(daemon).toBeDefined();
    expect(status.message).toContain(`Left running (it made itself a session of its own, e.g. setsid or a daemon): pid ${daemon!.pid} sleep 1006`);
    // The marker is the run's alone: the next command typed at the prompt does not carry it.
    const next = await h.steps.run({ runbookId: h.runbook.id, stepId: 'after', sessionId: session });
    await h.steps.whenDone(next.runId);
    h.terminals.write(session, 'echo "marker=[${FIREBREAK_STEP_RUN:-}]"\r');
    await h.waitFor('the typed echo', () => (h.screen.get(session) ?? '').includes('marker=[]'));
  });
});

