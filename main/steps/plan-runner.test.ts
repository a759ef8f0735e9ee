import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { planRun } from '../../shared/runbook/run-plan';
import { runHeadless } from '../cli/commands/run-command';
import { confirmationsGivenUpFront, confirmEverything, runPlanInOrder } from './plan-runner';
import { EngineHarness, runbookText } from './step-test-harness';

const harnesses: EngineHarness[] = [];
const dirs: string[] = [];
afterEach(() => {
  harnesses.splice(0).forEach((harness) => harness.dispose());
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

const PARAMS = `params:
  ENVIRONMENT:
    choices: [staging, drill]
    default: staging
profiles:
  drill:
    values: { ENVIRONMENT: drill }
`;

const BODY = [
  '```bash {id=show}',
  'echo "env=$ENVIRONMENT"',
  '```',
  '```bash {id=may-fail continueOnError=true}',
  '(exit 4)',
  '```',
  '```bash {id=guarded destructive=true confirm=$ENVIRONMENT rollback=undo}',
  'echo "guarded-$ENVIRONMENT"',
  '```',
  '```bash {id=undo excludeFromRunAll=true}',
  'echo undone',
  '```',
  '```bash {id=watch interactive=true}',
  'sleep 300',
  '```',
  '```bash {id=broken}',
  '(exit 7)',
  '```',
  '```bash {id=after-broken}',
  'echo never',
  '```',
  '',
].join('\n');

function engine(): EngineHarness {
  const harness = new EngineHarness({ shell: '/bin/bash', runbook: runbookText(PARAMS, BODY) });
  harnesses.push(harness);
  return harness;
}

/** The steps `firebreak run --dry-run` lists for these --step choices. */
async function cliPlan(h: EngineHarness, only: string[]): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-plan-cli-'));
  dirs.push(dataDir);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.resume();
  const code = await runHeadless(
    path.join(h.dir, 'runbook.md'),
    { param: [], step: only, dryRun: true },
    { dataDir, stdout, stderr, stdin: Object.assign(new PassThrough(), { isTTY: false }) },
  );
  expect(code).toBe(0);
  return [...out.matchAll(/^== ([^:]+):/gm)].map((match) => match[1]!);
}

describe('one plan for the app, the CLI and drills', () => {
  it('Run all in the app, `firebreak run` and a drill score plan the same steps for the same choice', async () => {
    const h = engine();
    const ids = (choice: { only?: string[] }) => planRun(h.runbook, choice).steps.map((step) => step.id);
    expect(ids({})).toEqual(['show', 'may-fail', 'guarded', 'broken', 'after-broken']);
    // No choice: what Run all runs.
    expect(h.steps.plan(h.runbook.id).steps.map((step) => step.stepId)).toEqual(ids({}));
    expect(await cliPlan(h, [])).toEqual(ids({}));
    // Named steps: a rollback excluded from Run all runs when named, in the app as in the CLI (the app used to drop it).
    const named = ['show', 'undo'];
    expect(h.steps.plan(h.runbook.id, { stepIds: named }).steps.map((step) => step.stepId)).toEqual(['show', 'undo']);
    expect(await cliPlan(h, named)).toEqual(['show', 'undo']);
    expect(h.steps.plan(h.runbook.id, { stepIds: ['show', 'watch'] }).skipped).toMatchObject([{ stepId: 'watch', reason: expect.stringContaining('interactive') }]);
  });
});

describe('the batch runner on a real pty', () => {
  it('runs the plan in order through the step runner, goes past a step that may fail and stops at one that may not', async () => {
    const h = engine();
    const session = await h.openSession();
    const seen: string[] = [];
    const { runs, end } = await runPlanInOrder(h.steps, {
      runbook: h.runbook,
      steps: planRun(h.runbook).steps,
      sessionId: session,
      profile: 'drill',
      confirm: confirmEverything,
      onStep: (step) => seen.push(step.id),
    });
    expect(seen).toEqual(['show', 'may-fail', 'guarded', 'broken']);
    expect(runs.map((run) => [run.stepId, run.state])).toEqual([
      ['show', 'passed'],
      ['may-fail', 'failed'],
      ['guarded', 'passed'],
      ['broken', 'failed'],
    ]);
    expect(end).toMatchObject({ state: 'stopped', step: { id: 'broken' }, status: { exitCode: 7 } });
    // Every gate and every record is the single step's: the drill policy typed the profile's word.
    expect(h.events('confirmation.given').map((event) => [event.data.stepId, event.data.word, event.data.by])).toEqual([['guarded', 'drill', 'drill']]);
    expect(h.events('step.finished').map((event) => event.data.stepId)).toEqual(['show', 'may-fail', 'guarded', 'broken']);
  }, 30_000);

  it('stops unconfirmed before sending a step its policy does not confirm, and stops as cancelled when told', async () => {
    const h = engine();
    const session = await h.openSession();
    const unconfirmed = await runPlanInOrder(h.steps, {
      runbook: h.runbook,
      steps: planRun(h.runbook).steps,
      sessionId: session,
      confirm: confirmationsGivenUpFront({}),
    });
    // No answer for a typed word: the step runner refuses it, and the batch stops there, nothing sent.
    expect(unconfirmed.end).toMatchObject({ state: 'not-started', step: { id: 'guarded' } });
    expect(h.events('step.started').map((event) => event.data.stepId)).toEqual(['show', 'may-fail']);

    let stop = false;
    const refused = await runPlanInOrder(h.steps, {
      runbook: h.runbook,
      steps: planRun(h.runbook, { only: ['show', 'undo'] }).steps,
      sessionId: session,
      confirm: () => {
        throw new Error('never asked');
      },
    });
    expect(refused.end).toMatchObject({ state: 'unconfirmed', step: { id: 'show' } });
    const stopped = await runPlanInOrder(h.steps, {
      runbook: h.runbook,
      steps: planRun(h.runbook, { only: ['show', 'undo'] }).steps,
      sessionId: session,
      confirm: confirmEverything,
      onDone: () => (stop = true),
      stopped: () => stop,
    });
    expect(stopped.end).toMatchObject({ state: 'cancelled', step: { id: 'show' } });
    expect(stopped.runs.map((run) => run.stepId)).toEqual(['show']);
  }, 30_000);
});
