import { describe, expect, it } from 'vitest';
import { readStepOptions } from './step-options';

describe('readStepOptions', () => {
  it('has safe defaults when nothing is given', () => {
    expect(readStepOptions({})).toEqual({
      options: { confirm: false, destructive: false, timeoutMs: null, continueOnError: false, interactive: false, excludeFromRunAll: false, background: false, categories: [], ignored: false },
      problems: [],
    });
  });

  it('reads every Firebreak attribute', () => {
    const { options, problems } = readStepOptions({
      id: 'promote',
      title: 'Promote the replica',
      confirm: 'production',
      destructive: true,
      timeout: '2m',
      cwd: '~/ops',
      shell: 'Bash',
      expect: '0 /promoted/i',
      continueOnError: 'true',
      rollback: 'demote',
      interactive: false,
      excludeFromRunAll: 'false',
    });
    expect(problems).toEqual([]);
    expect(options).toEqual({
      explicitId: 'promote',
      title: 'Promote the replica',
      confirm: 'production',
      destructive: true,
      timeoutMs: 120_000,
      cwd: '~/ops',
      shell: 'bash',
      expect: { exitCode: 0, output: { source: 'promoted', flags: 'i' } },
      continueOnError: true,
      rollback: 'demote',
      interactive: false,
      excludeFromRunAll: false,
      background: false,
      categories: [],
      ignored: false,
    });
  });

  it('keeps Runme\'s name beside its id: the name is a handle, the id stays the id', () => {
    expect(readStepOptions({ name: 'from-runme' }).options).toMatchObject({ name: 'from-runme' });
    const both = readStepOptions({ name: 'b', id: '01HF7B0KJQ8625WYMCRVJADMQF' });
    expect(both.options).toMatchObject({ explicitId: '01HF7B0KJQ8625WYMCRVJADMQF', name: 'b' });
    expect(both.problems).toEqual([]);
    expect(readStepOptions({ 'runme.dev/id': '01HF7B0KJQ8625WYMCRVJADMQF', 'runme.dev/name': 'x' }).options).toMatchObject({ explicitId: '01HF7B0KJQ8625WYMCRVJADMQF', name: 'x' });
  });

  it('takes names in Runme\'s character set, with the commas Runme drops removed', () => {
    for (const [raw, name] of [['test:ci', 'test:ci'], ['hello,', 'hello'], ['build (linux)', 'build (linux)'], ['-leading-dash', '-leading-dash']]) {
      const read = readStepOptions({ name: raw! });
      expect(read.problems, raw).toEqual([]);
      expect(read.options.name).toBe(name);
    }
    expect(readStepOptions({ name: ',' }).problems[0]).toMatchObject({ rule: 'invalid-step-name', key: 'name' });
    expect(readStepOptions({ name: 'a\u0007b' }).problems[0]).toMatchObject({ rule: 'invalid-step-name' });
  });

  it('reads the values Runme writes: "false," and upper case are booleans', () => {
    expect(readStepOptions({ interactive: 'false,' }).options.interactive).toBe(false);
    expect(readStepOptions({ interactive: 'TRUE' }).options.interactive).toBe(true);
    expect(readStepOptions({ excludeFromRunAll: 'true,' }).problems).toEqual([]);
  });

  it('honours background, interpreter, category/tag and ignore/transform', () => {
    const { options, problems } = readStepOptions({ background: 'true', interpreter: 'python3 -u', category: 'build, test', tag: 'ci' });
    expect(problems).toEqual([]);
    expect(options).toMatchObject({ background: true, interpreter: 'python3 -u', categories: ['build', 'test', 'ci'] });
    expect(readStepOptions({ ignore: 'true' }).options.ignored).toBe(true);
    expect(readStepOptions({ transform: 'false' }).options.ignored).toBe(true);
    expect(readStepOptions({ transform: 'true' }).options.ignored).toBe(false);
  });

  it('accepts confirm=true, confirm as a word and confirm=$PARAM', () => {
    expect(readStepOptions({ confirm: true }).options.confirm).toBe(true);
    expect(readStepOptions({ confirm: 'true' }).options.confirm).toBe(true);
    expect(readStepOptions({ confirm: '$ENVIRONMENT' }).options.confirm).toBe('$ENVIRONMENT');
    expect(readStepOptions({ confirm: 'two words' }).problems[0]).toMatchObject({ rule: 'attribute-value', key: 'confirm' });
  });

  it('accepts every attribute in Runme\'s cell table (presentation ones are answered by lint, not refused)', () => {
    const runme = { background: 'false', mimeType: 'text/plain', mimetype: 'text/plain', terminalRows: '20', closeTerminalOnSuccess: 'true', openTerminalOnError: 'false', promptEnv: 'no', skipPrompts: 'true', tag: 'a', ignore: 'false', transform: 'true', 'runme.dev/nameGenerated': 'false', 'runme.dev/fenced': 'true' };
    expect(readStepOptions(runme).problems).toEqual([]);
  });

  it('accepts a cwd of literal text, a leading ~ and $NAME or ${NAME} references, and nothing else the shell would run', () => {
    for (const cwd of ['/srv/app', '~', '~/ops', '$WORK_DIR/logs', '${WORK_DIR}b', '/srv/my dir/"quoted"', "/srv/it's", '~/a/$A/${B_2}']) {
      expect(readStepOptions({ cwd }).problems, cwd).toEqual([]);
      expect(readStepOptions({ cwd }).options.cwd).toBe(cwd);
    }
    expect(readStepOptions({ cwd: '/tmp/$(touch /tmp/pwned)' }).problems[0]!.message).toMatch(/only literal text, a leading ~ and \$NAME/);
  });

  it('reports an unknown attribute as an error with a did-you-mean', () => {
    const [problem] = readStepOptions({ confrim: 'production' }).problems;
    expect(problem).toMatchObject({ rule: 'unknown-attribute', severity: 'error', key: 'confrim' });
    expect(problem!.message).toContain('Did you mean "confirm"?');
    expect(readStepOptions({ continueonerror: true }).problems[0]!.message).toContain('"continueOnError"');
  });

  it.each([
    [{ destructive: 'maybe' }, 'attribute-value'],
    [{ interactive: 1 }, 'attribute-value'],
    [{ timeout: 'soon' }, 'attribute-value'],
    [{ timeout: '0s' }, 'attribute-value'],
    [{ shell: 'cmd.exe' }, 'attribute-value'],
    [{ cwd: '' }, 'attribute-value'],
    [{ cwd: '/tmp/$(echo INJECTED >&2; echo x)' }, 'attribute-value'],
    [{ cwd: '/srv/`id`' }, 'attribute-value'],
    [{ cwd: '${HOME:-/tmp}' }, 'attribute-value'],
    [{ cwd: '/srv/$1' }, 'attribute-value'],
    [{ cwd: '/srv/$' }, 'attribute-value'],
    [{ cwd: '/srv/a\nb' }, 'attribute-value'],
    [{ title: true }, 'attribute-value'],
    [{ rollback: true }, 'attribute-value'],
    [{ id: 'has space' }, 'invalid-step-id'],
    [{ background: 'sometimes' }, 'attribute-value'],
    [{ interpreter: '' }, 'attribute-value'],
    [{ expect: '/(/' }, 'invalid-expect'],
    [{ expect: '300' }, 'invalid-expect'],
  ] as const)('reports %j as %s and keeps the default', (attributes, rule) => {
    const { options, problems } = readStepOptions(attributes);
    expect(problems.map((p) => p.rule)).toEqual([rule]);
    expect(options.destructive).toBe(false);
    expect(options.timeoutMs).toBeNull();
  });
});
