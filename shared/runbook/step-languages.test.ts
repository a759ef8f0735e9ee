import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenceLanguage } from './step-languages';

describe('fenceLanguage', () => {
  it('is the lower-cased text up to the first blank or "{"', () => {
    expect(fenceLanguage(' Bash {id=x}')).toBe('bash');
    expect(fenceLanguage('sh{"name":"a"}')).toBe('sh');
    expect(fenceLanguage('python\u00a0x')).toBe('python');
    expect(fenceLanguage('')).toBe('');
  });

  it('reads as the pattern it replaced, on any text', () => {
    const reference = (info: string) => (/^[^\s{]*/.exec(info.trim())?.[0] ?? '').toLowerCase();
    const piece = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(' ', '\t', '\u00a0', '\u2028', '\u3000', '\ufeff', '{', 'SH', 'İ', '\u0085'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')), (info) => {
        expect(fenceLanguage(info)).toBe(reference(info));
      }),
      { numRuns: 3000 },
    );
  });
});
