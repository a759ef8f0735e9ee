import { describe, expect, it } from 'vitest';
import { parseRunbook } from './parse-runbook';
import { planRun, runsInRunAll } from './run-plan';

const runbook = parseRunbook(
  [
    '```sh {"id":"01HF7B0KJQ8625WYMCRVJADMQF","name":"test:ci","category":"ci"}',
    'make test',
    '```',
    '```sh {name=deploy category=release}',
    'make deploy',
    '```',
    '```sh {name=watch interactive=true category=ci}',
    'tail -f log',
    '```',
    '```sh {name=undo excludeFromRunAll=true category=release}',
    'make undeploy',
    '```',
  ].join('\n'),
  'x.md',
);
const ids = (steps: Array<{ id: string }>) => steps.map((step) => step.id);

describe('planRun', () => {
  it('with no choice runs what Run all runs, in order, and says why the others are left out', () => {
    const plan = planRun(runbook);
    expect(ids(plan.steps)).toEqual(['01HF7B0KJQ8625WYMCRVJADMQF', 'deploy']);
    expect(plan.skipped.map((skip) => [skip.step.id, skip.reason])).toEqual([
      ['watch', 'interactive: it does not end on its own, so Run all never runs it'],
      ['undo', 'excluded from Run all (excludeFromRunAll)'],
    ]);
    expect(plan.problem).toBeNull();
    expect(ids(plan.steps)).toEqual(ids(runbook.steps.filter(runsInRunAll)));
  });

  it('finds a step by its Runme name as well as by its id', () => {
    expect(ids(planRun(runbook, { only: ['test:ci'] }).steps)).toEqual(['01HF7B0KJQ8625WYMCRVJADMQF']);
    expect(planRun(runbook, { only: ['01HF7B0KJQ8625WYMCRVJADMQF'] }).steps).toMatchObject([{ name: 'test:ci' }]);
  });

  it('runs a named step excluded from Run all (a rollback), never a named interactive one, in document order', () => {
    const plan = planRun(runbook, { only: ['undo', 'watch', 'deploy'] });
    expect(ids(plan.steps)).toEqual(['deploy', 'undo']);
    expect(ids(plan.skipped.map((skip) => skip.step))).toEqual(['watch']);
  });

  it('picks the Run all steps of a category, and names the categories when none match', () => {
    expect(ids(planRun(runbook, { categories: ['ci'] }).steps)).toEqual(['01HF7B0KJQ8625WYMCRVJADMQF']);
    expect(planRun(runbook, { categories: ['nope'] }).problem).toBe(`"${runbook.title}" has no step in category nope that Run all would run. Categories: ci, release.`);
  });

  it('leaves out skipped steps, saying so', () => {
    const plan = planRun(runbook, { skip: ['deploy'] });
    expect(ids(plan.steps)).toEqual(['01HF7B0KJQ8625WYMCRVJADMQF']);
    expect(plan.skipped[0]).toMatchObject({ step: { id: 'deploy' }, reason: 'left out by choice' });
  });

  it('refuses an unknown handle whole, listing names beside ids', () => {
    const plan = planRun(runbook, { only: ['deploy', 'tests'] });
    expect(plan.steps).toEqual([]);
    expect(plan.unknown).toEqual(['tests']);
    expect(plan.problem).toContain('has no step "tests"');
    expect(plan.problem).toContain('01HF7B0KJQ8625WYMCRVJADMQF (test:ci)');
  });

  it('says so when nothing is left to run', () => {
    expect(planRun(runbook, { only: ['watch'] }).problem).toMatch(/has nothing to run: every chosen step is interactive/);
  });
});
