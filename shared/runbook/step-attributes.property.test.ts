import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAttributeText, type AttributeReadResult } from './step-attributes';
import { referenceReadAttributeText } from './step-attributes.reference';

/** Pieces info strings are made of, so random text often hits the interesting paths (quotes, escapes, JSON, regexes). */
const piece = fc.oneof(
  fc.constantFrom('{', '}', '"', "'", '\\', '=', ':', ',', ' ', '\t', '/', '[', ']', '\u00a0', '\ud800', 'é'),
  fc.constantFrom('name', 'id', 'expect', 'true', 'false', 'TRUE', '__proto__', 'constructor', '1', '-2.5e3', 'null', 'x-y_z', '9lives'),
  fc.string({ maxLength: 4 }),
);
const infoText = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));

/** A Runme-style JSON object of strings and booleans, sometimes with odd spacing or a trailing part. */
const runmeJson = fc
  .tuple(
    fc.dictionary(fc.oneof(fc.constantFrom('name', 'interactive', 'excludeFromRunAll', '1', 'a b'), fc.string({ maxLength: 6 })), fc.oneof(fc.string({ maxLength: 8 }), fc.boolean(), fc.integer()), { maxKeys: 5 }),
    fc.constantFrom('', ' ', '\t', '\n'),
    fc.constantFrom('', ' trailing', '}', ' } x'),
  )
  .map(([object, space, tail]) => ` ${JSON.stringify(object, null, space || undefined)}${tail}`);

/** The reference's result with `base` added to every offset, as readAttributeText(text, base) gives it. */
function shifted(result: AttributeReadResult, base: number): AttributeReadResult {
  const keyOffsets: Record<string, number> = {};
  for (const key in result.keyOffsets) keyOffsets[key] = result.keyOffsets[key]! + base;
  return { attributes: result.attributes, keyOffsets, problems: result.problems.map((problem) => ({ ...problem, offset: problem.offset + base })) };
}

describe('readAttributeText against the reference reader', () => {
  it('gives the same attributes, key offsets and problems on random info strings', () => {
    fc.assert(
      fc.property(fc.oneof(infoText, infoText.map((s) => `{${s}}`), infoText.map((s) => ` { ${s} }`), runmeJson, fc.json().map((j) => ` ${j}`)), (text) => {
        const fast = readAttributeText(text);
        const reference = referenceReadAttributeText(text);
        expect(fast).toStrictEqual(reference);
        // Key order matters too: lint reports follow it.
        expect(Object.keys(fast.attributes)).toEqual(Object.keys(reference.attributes));
        expect(Object.keys(fast.keyOffsets)).toEqual(Object.keys(reference.keyOffsets));
      }),
      { numRuns: 5000 },
    );
  });

  it('adds base to every offset', () => {
    fc.assert(
      fc.property(fc.oneof(infoText.map((s) => ` { ${s} }`), runmeJson, infoText), fc.nat(200), (text, base) => {
        expect(readAttributeText(text, base)).toStrictEqual(shifted(referenceReadAttributeText(text), base));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on the forms Runme and Firebreak write', () => {
    for (const text of [
      ' {"name":"demote-1","excludeFromRunAll":"true","destructive":"true","confirm":"true"}',
      ' {"name":"a","b":"a"}',
      ' {"interactive":"false,"}',
      ' { "name" : "x" , "background" : true }',
      ' {}',
      ' {"name":"a"} trailing',
      ' {"name":"a",}',
      ' {"n":1}',
      ' {"a":"1","a":"2"}',
      ' {"__proto__":"x"}',
      ' {id=check-1 expect="0 /accepting connections/" timeout=30s}',
      ' {id=promote-1 destructive=true confirm=$ENVIRONMENT rollback=demote-1}',
      ` { title="Restart \\"api\\" now" confirm='prod' expect=/all good } here/i }`,
      ' { name=a',
      ' {"name": "a"',
    ]) {
      expect(readAttributeText(text)).toStrictEqual(referenceReadAttributeText(text));
    }
  });
});
