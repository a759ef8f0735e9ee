/**
 * The app and main apply one confirmation rule: for each case measured in
 * issue 10, what the renderer's store asks (and the answer its dialog sends)
 * is what the real StepRunner (real bash on a real pty, real SQLite) shows in
 * its dry run and accepts. Cross-layer, so it lives here like layering.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness, runbookText } from '../main/steps/step-test-harness';
import { runContextKey, stepConfirmation } from '../renderer/src/store/run-choice';

const harnesses: EngineHarness[] = [];
afterEach(() => harnesses.splice(0).forEach((harness) => harness.dispose()));

const RUNBOOK = runbookText(
  `params:
  TARGET_ENV:
    description: the environment
profiles:
  staging:
    values: { TARGET_ENV: staging }
  production:
    production: true
    values: { TARGET_ENV: production }
`,
  [
    '```bash {id=wipe destructive=true confirm=true rollback=undo}',
    'echo wiped-$TARGET_ENV',
    '```',
    '```bash {id=undo}',
    'echo undone',
    '```',
    '```bash {id=braces confirm="${TARGET_ENV}"}',
    'echo braces-$TARGET_ENV',
    '```',
    '```bash {id=plain confirm=$TARGET_ENV}',
    'echo plain-$TARGET_ENV',
    '```',
    '',
  ].join('\n'),
);

/** What the renderer's dialog sends once the responder did what it asks. */
function answerOf(rule: ReturnType<typeof stepConfirmation>): string | undefined {
  const requirement = rule.requirement;
  if (requirement.kind === 'click') return 'yes';
  if (requirement.kind === 'word') return requirement.word;
  return undefined;
}

describe('one confirmation rule for the app and main', () => {
  it.each([
    ['destructive confirm=true under a production profile', 'wipe', 'production', {}, 'wiped-production'],
    ['confirm=${TARGET_ENV} (braces)', 'braces', 'staging', {}, 'braces-staging'],
  ])('%s: the app asks what main checks, and main runs it with the app answer', async (_case, stepId, profile, overrides, printed) => {
    const engine = new EngineHarness({ shell: '/bin/bash', runbook: RUNBOOK });
    harnesses.push(engine);
    const step = engine.runbook.steps.find((candidate) => candidate.id === stepId)!;
    const app = stepConfirmation({ incident: null, profileByRunbook: { [runContextKey({ incident: null }, engine.runbook.id)]: profile }, overridesByRunbook: { [runContextKey({ incident: null }, engine.runbook.id)]: overrides } }, engine.runbook, step);
    expect(app.requirement.kind).toBe('word');
    expect(engine.steps.dryRun({ runbookId: engine.runbook.id, stepId, profile, params: overrides }).confirmation).toEqual(app.requirement);

    const sessionId = await engine.openSession();
    const outcome = await engine.runStep(sessionId, stepId, { profile, params: overrides, confirmation: answerOf(app)! });
    expect(outcome.state).toBe('passed');
    await engine.waitFor(`${printed} on the terminal`, () => engine.screen.get(sessionId)?.includes(printed));
  });

  it('confirm=$TARGET_ENV with TARGET_ENV empty: the app shows main reason and offers no Run; main refuses with that reason', async () => {
    const engine = new EngineHarness({ shell: '/bin/bash', runbook: RUNBOOK });
    harnesses.push(engine);
    const step = engine.runbook.steps.find((candidate) => candidate.id === 'plain')!;
    const app = stepConfirmation({ incident: null, profileByRunbook: { [runContextKey({ incident: null }, engine.runbook.id)]: null }, overridesByRunbook: {} }, engine.runbook, step);
    expect(app.requirement).toMatchObject({ kind: 'blocked', param: 'TARGET_ENV' });
    expect(answerOf(app)).toBeUndefined();
    expect(engine.steps.dryRun({ runbookId: engine.runbook.id, stepId: 'plain', profile: null }).confirmation).toEqual(app.requirement);
    const sessionId = await engine.openSession();
    const reason = app.requirement.kind === 'blocked' ? app.requirement.reason : '';
    await expect(engine.steps.run({ runbookId: engine.runbook.id, stepId: 'plain', sessionId, profile: null, confirmation: 'yes' })).rejects.toThrow(reason);
  });
});
