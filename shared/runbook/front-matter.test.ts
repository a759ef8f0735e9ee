import { describe, expect, it } from 'vitest';
import { DiagnosticCollector } from './diagnostic-collector';
import { checkFrontMatterFields, readFrontMatter } from './front-matter';

const read = (source: string) => {
  const diagnostics = new DiagnosticCollector('f.md');
  const frontMatter = readFrontMatter(source, diagnostics);
  checkFrontMatterFields(frontMatter, diagnostics);
  return { frontMatter, diagnostics: diagnostics.diagnostics };
};

describe('front matter', () => {
  it('splits YAML from the body and knows where the body starts', () => {
    const { frontMatter, diagnostics } = read('---\ntitle: Hi\ntags: [a]\n---\n# Body\n');
    expect(frontMatter.data).toEqual({ title: 'Hi', tags: ['a'] });
    expect(frontMatter.body).toBe('# Body\n');
    expect(frontMatter.bodyStartLine).toBe(5);
    expect(diagnostics).toEqual([]);
  });

  it('accepts empty front matter and a "..." closing line', () => {
    expect(read('---\n---\nx').frontMatter.bodyStartLine).toBe(3);
    expect(read('---\nid: a\n...\nx').frontMatter.data).toEqual({ id: 'a' });
  });

  it('reports YAML that does not parse at its line', () => {
    const { frontMatter, diagnostics } = read('---\ntitle: ok\ntags: [a\n---\n# Body');
    expect(frontMatter.data).toEqual({});
    expect(diagnostics[0]).toMatchObject({ rule: 'front-matter-syntax', severity: 'error' });
    expect(diagnostics[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('reports front matter that never closes', () => {
    const { frontMatter, diagnostics } = read('---\ntitle: x\n# Body');
    expect(frontMatter.bodyStartLine).toBe(1);
    expect(diagnostics[0]).toMatchObject({ rule: 'front-matter-syntax', line: 1 });
  });

  it('reports front matter that is a list, not a mapping', () => {
    expect(read('---\n- a\n- b\n---\n').diagnostics[0]).toMatchObject({ rule: 'front-matter-syntax', line: 2 });
  });

  it('refuses a billion-laughs alias bomb quickly, with a diagnostic', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${new Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const { frontMatter, diagnostics } = read(`---\n${levels.join('\n')}\n---\n# Body\n`);
    expect(frontMatter.data).toEqual({});
    expect(diagnostics[0]).toMatchObject({ rule: 'front-matter-syntax', severity: 'error' });
    expect(diagnostics[0]!.message).toContain('aliases');
  });

  it('points at duplicate keys', () => {
    expect(read('---\nid: a\nid: b\n---\n').diagnostics[0]).toMatchObject({ rule: 'front-matter-syntax', line: 3 });
  });

  it('checks the documented fields and suggests known keys', () => {
    const { diagnostics } = read(
      '---\nid: Bad Id\nseverity: critical\ntags: tag\nservices: [1]\nlast_reviewed: yesterday\nrto: soon\nrpo: 5m\ntitel: x\nrunme: {id: x}\n---\n',
    );
    expect(diagnostics.map((d) => [d.rule, d.line])).toEqual([
      ['front-matter-field', 2],
      ['front-matter-field', 3],
      ['front-matter-field', 4],
      ['front-matter-field', 5],
      ['front-matter-field', 6],
      ['front-matter-field', 7],
      ['front-matter-unknown-key', 9],
    ]);
    expect(diagnostics.at(-1)!.message).toContain('Did you mean "title"?');
  });

  it('locates nested values by path', () => {
    const { frontMatter } = read('---\nparams:\n  HOST:\n    pattern: "x"\n---\n');
    expect(frontMatter.locate(['params', 'HOST', 'pattern'])).toEqual({ line: 4, column: 5 });
    expect(frontMatter.locate(['params', 'MISSING'])).toEqual({ line: 2, column: 1 });
  });

  it('accepts Runme\'s runme table and warns about a key Runme never writes there', () => {
    expect(read('---\nrunme:\n  id: 01HF7BT3HD84GT9CMZ5NJMXT1K\n  version: v3\n  session:\n    id: x\n---\n').diagnostics).toEqual([]);
    const { diagnostics } = read('---\nrunme:\n  id: a\n  vesion: v3\n---\n');
    expect(diagnostics).toMatchObject([{ rule: 'front-matter-unknown-key', severity: 'warning', line: 4 }]);
    expect(diagnostics[0]!.message).toContain('Did you mean "version"?');
  });
});
