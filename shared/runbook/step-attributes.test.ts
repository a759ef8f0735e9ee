import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAttributeText } from './step-attributes';

describe('readAttributeText', () => {
  it('reads Runme JSON attributes with string booleans as written', () => {
    const result = readAttributeText(' {"name":"restart-api","excludeFromRunAll":"true"}');
    expect(result.attributes).toEqual({ name: 'restart-api', excludeFromRunAll: 'true' });
    expect(result.problems).toEqual([]);
    expect(result.keyOffsets.name).toBe(2);
  });

  it('reads key=value attributes, turning bare true/false into booleans', () => {
    const result = readAttributeText(' { name=restart-api interactive=false destructive }');
    expect(result.attributes).toEqual({ name: 'restart-api', interactive: false, destructive: true });
    expect(result.problems).toEqual([]);
  });

  it('reads quoted values with spaces and escapes, and regex literals in expect', () => {
    const result = readAttributeText(` { title="Restart \\"api\\" now" confirm='prod' expect=/all good } here/i }`);
    expect(result.attributes).toEqual({ title: 'Restart "api" now', confirm: 'prod', expect: '/all good } here/i' });
  });

  it('does not treat a path in cwd as a regex', () => {
    expect(readAttributeText('{cwd=/var/lib/postgresql}').attributes).toEqual({ cwd: '/var/lib/postgresql' });
  });

  it('warns about a key given twice and keeps the last value', () => {
    const result = readAttributeText('{ timeout=1m timeout=2m }');
    expect(result.attributes.timeout).toBe('2m');
    expect(result.problems.map((p) => p.rule)).toEqual(['duplicate-attribute']);
  });

  it('warns and ignores text that is not in braces', () => {
    const result = readAttributeText(' title="x"');
    expect(result.attributes).toEqual({});
    expect(result.problems[0]).toMatchObject({ rule: 'attribute-syntax', severity: 'warning', offset: 1 });
  });

  it('warns about text after the closing brace', () => {
    const result = readAttributeText('{ name=a } trailing');
    expect(result.attributes).toEqual({ name: 'a' });
    expect(result.problems[0]).toMatchObject({ rule: 'attribute-syntax', severity: 'warning' });
  });

  it.each([
    ['{ name=a', 'no closing'],
    ['{ "name": "a", }', 'look like JSON'],
    ['{ name="a }', 'no closing "'],
    ['{ 9lives=yes }', 'Unexpected "9"'],
    ['{ name:a }', 'Unexpected ":"'],
    ['{ expect=/oops }', 'no closing "/"'],
  ])('reports %s as neither JSON nor key=value', (text, fragment) => {
    const result = readAttributeText(text);
    expect(result.attributes).toEqual({});
    expect(result.problems[0]).toMatchObject({ rule: 'attribute-syntax', severity: 'error' });
    expect(result.problems[0]!.message).toContain(fragment);
  });

  it('refuses nested JSON values and prototype keys', () => {
    const nested = readAttributeText('{"name":"a","expect":{"exit":0}}');
    expect(nested.attributes).toEqual({ name: 'a' });
    expect(nested.problems[0]).toMatchObject({ rule: 'attribute-value' });
    const proto = readAttributeText('{ __proto__=x }');
    expect(proto.problems[0]).toMatchObject({ rule: 'attribute-syntax' });
    expect(Object.getPrototypeOf(proto.attributes)).toBe(Object.prototype);
  });

  it('never throws and reports offsets inside the text, for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `{${s}}`), fc.json().map((j) => ` ${j}`)), (text) => {
        const result = readAttributeText(text);
        for (const problem of result.problems) {
          expect(problem.offset).toBeGreaterThanOrEqual(0);
          expect(problem.offset).toBeLessThanOrEqual(text.length);
          expect(problem.message.length).toBeGreaterThan(0);
        }
        for (const value of Object.values(result.attributes)) expect(['string', 'number', 'boolean']).toContain(typeof value);
      }),
      { numRuns: 500 },
    );
  });
});
