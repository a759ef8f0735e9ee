import { afterEach, describe, expect, it } from 'vitest';
import { Refused } from '../../shared/model/domain-errors';
import { EngineHarness, runbookText } from './step-test-harness';

const harnesses: EngineHarness[] = [];
function engine(options: ConstructorParameters<typeof EngineHarness>[0]): EngineHarness {
  const harness = new EngineHarness(options);
  harnesses.push(harness);
  return harness;
}
afterEach(() => {
  harnesses.splice(0).forEach((harness) => harness.dispose());
});

const PARAMS = `params:
  TARGET:
    description: where
    default: web-1
  NOTE:
    description: free text
    default: plain
  TOKEN:
    description: a secret
    secret: true
  ENVIRONMENT:
    choices: [staging, production]
    default: staging
profiles:
  production:
    values: { ENVIRONMENT: production, TARGET: web-9 }
`;

const BODY = [
  '## Check',
  '```bash {id=show-params}',
  'printf "target=%s note=[%s] token-length=%s\\n" "$TARGET" "$NOTE" "${#TOKEN}"',
  '```',
  '## State',
  '```bash {id=set-state}',
  'export CARRIED=over-here',
  'cd /tmp',
  '```',
  '```bash {id=read-state}',
  'echo "carried=$CARRIED pwd=$(pwd)"',
  '```',
  '## Expect',
  '```bash {id=exit-three expect=3}',
  '(exit 3)',
  '```',
  '```bash {id=wrong-output expect=/healthy/}',
  'echo degraded',
  '```',
  '```bash {id=heredoc expect="0 /line two/"}',
  "cat <<'EOT'",
  'line one',
  'line two',
  'EOT',
  '```',
  '## Guarded',
  '```bash {id=clicky confirm=true}',
  'echo clicked',
  '```',
  '```bash {id=typed destructive=true confirm=$ENVIRONMENT rollback=undo-typed}',
  'echo destroyed-$ENVIRONMENT',
  '```',
  '```bash {id=undo-typed excludeFromRunAll=true confirm=true}',
  'echo undone',
  '```',
  '## Slow',
  '```bash {id=sleeper interactive=true}',
  'sleep 300',
  '```',
  '```bash {id=stubborn interactive=true}',
  "bash -c 'trap \"\" INT; sleep 300'",
  '```',
  '```bash {id=timed timeout=1s excludeFromRunAll=true}',
  'sleep 300',
  '```',
  '',
].join('\n');

function fullEngine(shell: string, extra: Partial<ConstructorParameters<typeof EngineHarness>[0]> = {}) {
  return engine({ shell, runbook: runbookText(PARAMS, BODY), runner: { cancelGraceMs: 500 }, ...extra });
}

for (const shell of ['/bin/bash', '/bin/zsh']) {
  describe(`step runs in ${shell} on a real pty`, () => {
    it('exports params through a sourced file: hostile values stay data, secrets are never echoed or stored', async () => {
      const h = fullEngine(shell);
      const session = await h.openSession();
      const hostile = `it's "quoted" $(touch pwned) \`id\`; rm -rf ~ \\ end`;
      const secret = 'hunter2-very-secret';
      const status = await h.runStep(session, 'show-params', { params: { NOTE: hostile, TOKEN: secret } });
      expect(status).toMatchObject({ state: 'passed', exitCode: 0 });
      const finished = h.events('step.finished').at(-1)!;
      expect(finished.data.transcript?.text).toContain(`target=web-1 note=[${hostile}] token-length=${secret.length}`);
      expect(h.screen.get(session)).not.toContain(secret);
      expect(JSON.stringify(h.events())).not.toContain(secret);
      expect(h.recorded({ sessionId: session }).toString('utf8')).not.toContain(secret);
      const set = h.events('param.set');
      expect(set.find((event) => event.data.name === 'TOKEN')?.data).toMatchObject({ value: '••••••', secret: true });
      expect(set.find((event) => event.data.name === 'NOTE')?.data.value).toBe(hostile);
      // step.started was committed before step.finished, with the exact code.
      const started = h.events('step.started').at(-1)!;
      expect(started.seq).toBeLessThan(finished.seq);
      expect(started.data.command).toContain('printf "target=%s');
      expect(finished.data).toMatchObject({ stepId: 'show-params', exitCode: 0, status: 'passed', expect: { passed: true } });
      // Nothing was written to disk by the hostile value, and no step file is left behind.
      expect(h.recorded({ sessionId: session }).toString('utf8')).not.toContain('No such file');
    });

    it('keeps exported variables and the working directory between steps', async () => {
      const h = fullEngine(shell);
      const session = await h.openSession();
      expect((await h.runStep(session, 'set-state')).state).toBe('passed');
      await h.runStep(session, 'read-state');
      const text = h.events('step.finished').at(-1)!.data.transcript?.text;
      expect(text).toContain('carried=over-here pwd=/tmp');
      await h.waitFor('the cwd to be reported', () => h.terminals.get(session).cwd === '/tmp');
    });

    it('evaluates expect on the exit code and the clean output', async () => {
      const h = fullEngine(shell);
      const session = await h.openSession();
      expect(await h.runStep(session, 'exit-three')).toMatchObject({ state: 'passed', exitCode: 3 });
      const wrong = await h.runStep(session, 'wrong-output');
      expect(wrong).toMatchObject({ state: 'failed', exitCode: 0 });
      expect(wrong.expect?.description).toMatch(/output matching \/healthy\/.*did not match/);
      expect(await h.runStep(session, 'heredoc')).toMatchObject({ state: 'passed' });
    });

    it('enforces confirmations in main and logs them', async () => {
      const h = fullEngine(shell);
      const session = await h.openSession();
      await expect(h.runStep(session, 'clicky')).rejects.toMatchObject({ kind: 'refused' });
      await expect(h.runStep(session, 'typed', { confirmation: 'yes' })).rejects.toThrow(/type the value of ENVIRONMENT \("staging"\)/);
      await expect(h.runStep(session, 'typed', { profile: 'production', confirmation: 'staging' })).rejects.toMatchObject({ kind: 'refused' });
      expect(h.events('step.started')).toHaveLength(0);
      expect((await h.runStep(session, 'clicky', { confirmation: 'yes' })).state).toBe('passed');
      expect((await h.runStep(session, 'typed', { profile: 'production', confirmation: 'production' })).state).toBe('passed');
      const given = h.events('confirmation.given');
      expect(given.map((event) => event.data)).toEqual([
        expect.objectContaining({ stepId: 'clicky', kind: 'click', by: 'person' }),
        expect.objectContaining({ stepId: 'typed', kind: 'word', word: 'production', param: 'ENVIRONMENT', production: true, by: 'person' }),
      ]);
      // The rollback of "typed" is "undo-typed", gated by its own confirm.
      await expect(h.steps.rollback({ runbookId: h.runbook.id, stepId: 'typed', sessionId: session })).rejects.toMatchObject({ kind: 'refused' });
      const rollback = await h.steps.rollback({ runbookId: h.runbook.id, stepId: 'typed', sessionId: session, confirmation: 'yes' });
      expect(rollback.rollbackStepId).toBe('undo-typed');
      expect(await h.steps.whenDone(rollback.runId)).toMatchObject({ state: 'passed', rollbackOf: 'typed' });
    });

    it('cancels with SIGINT, escalates to SIGKILL of the job, times out, and the session survives', async () => {
      const h = fullEngine(shell);
      const session = await h.openSession();
      const { runId } = await h.steps.run({ runbookId: h.runbook.id, stepId: 'sleeper', sessionId: session });
      await h.waitFor('sleep to be in the foreground', () => h.terminals.foregroundGroup(session) !== h.terminals.get(session).pid);
      expect(h.steps.cancel({ runId })).toBe(true);
      expect(await h.steps.whenDone(runId)).toMatchObject({ state: 'cancelled' });
      expect(h.events('step.cancelled').at(-1)!.data).toMatchObject({ runId, reason: 'user' });

      const stubborn = await h.steps.run({ runbookId: h.runbook.id, stepId: 'stubborn', sessionId: session });
      await h.waitFor('the stubborn job to be in the foreground', () => h.terminals.foregroundGroup(session) !== h.terminals.get(session).pid);
      h.steps.cancel({ runId: stubborn.runId });
      expect(await h.steps.whenDone(stubborn.runId)).toMatchObject({ state: 'cancelled' });

      const timed = await h.runStep(session, 'timed');
      expect(timed).toMatchObject({ state: 'failed' });
      expect(timed.message).toMatch(/Timed out after 1 s/);
      expect(h.events('step.cancelled').at(-1)!.data).toMatchObject({ reason: 'timeout' });
      expect((await h.runStep(session, 'exit-three')).state).toBe('passed');
    });
  });
}

describe('Run all, plan and dry run', () => {
  it('plans exactly what it will run, stops at the first failure, and never runs interactive or excluded steps', async () => {
    const h = fullEngine('/bin/bash');
    const session = await h.openSession();
    const plan = h.steps.plan(h.runbook.id, { profile: 'production' });
    expect(plan.steps.map((step) => step.stepId)).toEqual(['show-params', 'set-state', 'read-state', 'exit-three', 'wrong-output', 'heredoc', 'clicky', 'typed']);
    expect(plan.skipped.map((step) => step.stepId)).toEqual(['undo-typed', 'sleeper', 'stubborn', 'timed']);
    expect(plan.steps.find((step) => step.stepId === 'typed')?.confirmation).toEqual({ kind: 'word', word: 'production', param: 'ENVIRONMENT', secret: false });
    // Production always asks: even a step without confirm= needs a yes, and the plan says so.
    expect(plan.steps.find((step) => step.stepId === 'show-params')?.confirmation).toEqual({ kind: 'click' });
    await expect(h.steps.runAll({ runbookId: h.runbook.id, sessionId: session, profile: 'production' })).rejects.toMatchObject({ kind: 'refused' });
    await expect(
      h.steps.runAll({ runbookId: h.runbook.id, sessionId: session, profile: 'production', confirmations: { clicky: 'yes', typed: 'production' } }),
    ).rejects.toMatchObject({ kind: 'refused' });
    expect(h.events('step.started')).toHaveLength(0);
    const yesToAll = Object.fromEntries(plan.steps.map((step) => [step.stepId, 'yes']));
    const { batchId, stepIds } = await h.steps.runAll({
      runbookId: h.runbook.id,
      sessionId: session,
      profile: 'production',
      confirmations: { ...yesToAll, typed: 'production' },
    });
    expect(stepIds).toEqual(plan.steps.map((step) => step.stepId));
    const end = await h.waitFor('the batch to stop', () => h.batches.find((batch) => batch.batchId === batchId && batch.state !== 'running'));
    expect(end).toMatchObject({ state: 'stopped', currentStepId: 'wrong-output' });
    expect(h.events('step.started').map((event) => event.data.stepId)).toEqual(['show-params', 'set-state', 'read-state', 'exit-three', 'wrong-output']);
  });

  it('dry run shows the code, the sourced file and the environment with secrets masked, and sends nothing', async () => {
    const h = fullEngine('/bin/bash');
    const dry = h.steps.dryRun({ runbookId: h.runbook.id, stepId: 'show-params', params: { TOKEN: 'hunter2-secret', NOTE: "a'b" } });
    expect(dry.command).toBe('printf "target=%s note=[%s] token-length=%s\\n" "$TARGET" "$NOTE" "${#TOKEN}"');
    expect(dry.env).toEqual({ TARGET: 'web-1', NOTE: "a'b", TOKEN: '••••••', ENVIRONMENT: 'staging' });
    expect(dry.script).toContain(`export NOTE='a'\\''b'`);
    expect(dry.script).not.toContain('hunter2');
    expect(dry.sentLine).toMatch(/^\. '.*show-params\..*\.sh'$/);
    expect(h.events()).toHaveLength(0);
  });

  it('refuses a runbook with errors, one the gate refuses, and invalid params', async () => {
    const broken = engine({ shell: '/bin/bash', runbook: runbookText('', '```bash {confrim=yes}\necho hi\n```\n') });
    const session = await broken.openSession();
    await expect(broken.runStep(session, broken.runbook.steps[0]!.id)).rejects.toThrow(/has 1 error/);
    const gated = fullEngine('/bin/bash', {
      gate: {
        assertRunnable: () => {
          throw new Refused('Not trusted.');
        },
      },
    });
    const gatedSession = await gated.openSession();
    await expect(gated.runStep(gatedSession, 'show-params')).rejects.toThrow('Not trusted.');
    const h = fullEngine('/bin/bash');
    const s = await h.openSession();
    await expect(h.runStep(s, 'show-params', { params: { ENVIRONMENT: 'moon' } })).rejects.toMatchObject({ kind: 'invalid-input', details: ['ENVIRONMENT: ENVIRONMENT must be one of: staging, production.'] });
  });

  it('refuses a run, a rollback and a Run all asked from runbook text other than the one loaded now (seenContentHash), and sends nothing', async () => {
    const h = fullEngine('/bin/bash');
    const session = await h.openSession();
    const stale = { seenContentHash: 'sha256:what-the-window-showed-before-the-edit' };
    await expect(h.runStep(session, 'show-params', stale)).rejects.toThrow(/changed on disk since you saw it, so nothing was run/);
    await expect(h.steps.rollback({ runbookId: h.runbook.id, stepId: 'typed', sessionId: session, ...stale })).rejects.toThrow(/changed on disk since you saw it/);
    await expect(h.steps.runAll({ runbookId: h.runbook.id, sessionId: session, ...stale })).rejects.toThrow(/changed on disk since you saw it/);
    expect(h.events('step.started')).toHaveLength(0);
    // The text it was asked from: it runs.
    expect((await h.runStep(session, 'show-params', { seenContentHash: h.runbook.contentHash })).state).toBe('passed');
  });
});
