import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from './parse-runbook';
import { codeHash, generatedStepId, slugify, UniqueIds } from './step-ids';

describe('step ids', () => {
  it('slugs headings and falls back when nothing is left', () => {
    expect(slugify('Fail over to the Replica!', 'step')).toBe('fail-over-to-the-replica');
    expect(slugify('日本語', 'step')).toBe('step');
    expect(slugify('a'.repeat(100), 'step')).toHaveLength(40);
  });

  it('slugs exactly as the regex chain it replaced', () => {
    const reference = (text: string, fallback: string) =>
      text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40)
        .replace(/-+$/, '') || fallback;
    const word = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('-', ' ', 'İ', 'ß', 'Ω', '--', 'a'.repeat(39), 'x1'));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }).map((words) => words.join('')), (text) => {
        expect(slugify(text, 'item')).toBe(reference(text, 'item'));
      }),
      { numRuns: 3000 },
    );
  });

  it('hashes code ignoring trailing whitespace and blank lines', () => {
    expect(codeHash('echo hi  \nls\n\n')).toBe(codeHash('echo hi\nls'));
    expect(codeHash('echo hi')).not.toBe(codeHash('echo ho'));
    expect(generatedStepId('Verify', 'curl x')).toMatch(/^verify-[0-9a-f]{6}$/);
    expect(generatedStepId(undefined, 'curl x')).toMatch(/^step-[0-9a-f]{6}$/);
  });

  it('numbers repeats in document order', () => {
    const ids = new UniqueIds(['a', 'b-2']);
    expect([ids.claim('a'), ids.claim('b'), ids.claim('b'), ids.claim('b')]).toEqual(['a-2', 'b', 'b-3', 'b-4']);
  });

  const runbook = (extra: string) => `# Deploy\n\n## Verify\n\n${extra}\n\n\`\`\`bash\ncurl -fsS https://x/health\n\`\`\`\n\n## Roll back\n\n\`\`\`bash {id=undo}\nkubectl rollout undo deploy/api\n\`\`\`\n`;

  it('keeps a step id when other parts of the runbook change', () => {
    const before = parseRunbook(runbook(''), 'a.md').steps.map((s) => s.id);
    const after = parseRunbook(`---\ntitle: New\n---\n${runbook('Some new prose.\n\n```bash\necho an extra step\n```')}`, 'a.md').steps.map((s) => s.id);
    expect(before).toEqual([expect.stringMatching(/^verify-[0-9a-f]{6}$/), 'undo']);
    expect(after).toContain(before[0]);
    expect(after).toContain('undo');
  });

  it('changes a generated id when its own code changes', () => {
    const before = parseRunbook(runbook(''), 'a.md').steps[0]!.id;
    const after = parseRunbook(runbook('').replace('health', 'ready'), 'a.md').steps[0]!.id;
    expect(after).not.toBe(before);
  });
});
