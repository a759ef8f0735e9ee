import { describe, expect, it } from 'vitest';
import { parseRunbook } from './parse-runbook';
import { selectSteps } from './step-selection';

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
  ].join('\n'),
  'x.md',
);

describe('selectSteps', () => {
  it('finds a step by its Runme name as well as by its id', () => {
    expect(selectSteps('X', runbook.steps, { handles: ['test:ci'], categories: [] })).toMatchObject([{ id: '01HF7B0KJQ8625WYMCRVJADMQF' }]);
    expect(selectSteps('X', runbook.steps, { handles: ['01HF7B0KJQ8625WYMCRVJADMQF'], categories: [] })).toMatchObject([{ name: 'test:ci' }]);
  });

  it('picks the Run all steps of a category, and names the categories when none match', () => {
    expect((selectSteps('X', runbook.steps, { handles: [], categories: ['ci'] }) as { name: string }[]).map((step) => step.name)).toEqual(['test:ci']);
    expect(selectSteps('X', runbook.steps, { handles: [], categories: ['nope'] })).toBe('"X" has no step in category nope that Run all would run. Categories: ci, release.');
  });

  it('lists names beside ids when a handle is unknown', () => {
    expect(selectSteps('X', runbook.steps, { handles: ['tests'], categories: [] })).toContain('01HF7B0KJQ8625WYMCRVJADMQF (test:ci)');
  });
});
