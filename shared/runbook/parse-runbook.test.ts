import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiagnosticSchema } from '../model/diagnostic';
import { StepSchema } from '../model/runbook';
import { MAX_RUNBOOK_CHARS, parseRunbook, type ParsedRunbook } from './parse-runbook';

const checkInvariants = (parsed: ParsedRunbook) => {
  for (const diagnostic of parsed.diagnostics) {
    expect(DiagnosticSchema.safeParse(diagnostic).success).toBe(true);
    expect(diagnostic.line).toBeGreaterThanOrEqual(1);
    expect(diagnostic.column).toBeGreaterThanOrEqual(1);
    expect(diagnostic.file).toBe('x.md');
    expect(diagnostic.message.length).toBeGreaterThan(10);
  }
  for (const step of parsed.steps) {
    expect(StepSchema.safeParse(step).success).toBe(true);
    expect(step.lineEnd).toBeGreaterThanOrEqual(step.lineStart);
  }
};

describe('parseRunbook', () => {
  it('builds steps with sections, lines, language, code and title; other fences are text', () => {
    const source = [
      '---',
      'title: Restart the API',
      'summary: When the API is wedged.',
      '---',
      '# Restart',
      '',
      '## Check *health*',
      '',
      '```BASH {"name":"check","excludeFromRunAll":"true"}',
      'curl -fsS https://api/health',
      '```',
      '',
      '```text',
      'ok',
      '```',
      '',
      '### Deeper',
      '',
      '~~~zsh',
      'echo one',
      'echo two',
      '~~~',
      '',
      '- [ ] Tell support',
      '- [x] Page the owner',
      '1. [ ] Ordered task',
      '- not a task',
    ].join('\n');
    const parsed = parseRunbook(source, 'x.md');
    checkInvariants(parsed);
    expect(parsed.title).toBe('Restart the API');
    expect(parsed.summary).toBe('When the API is wedged.');
    expect(parsed.bodyStartLine).toBe(5);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.steps).toHaveLength(2);
    expect(parsed.steps[0]).toMatchObject({
      id: 'check',
      explicitId: true,
      title: 'check',
      language: 'bash',
      code: 'curl -fsS https://api/health',
      lineStart: 9,
      lineEnd: 11,
      sectionPath: ['Restart', 'Check health'],
      attributes: { name: 'check', excludeFromRunAll: 'true' },
      excludeFromRunAll: true,
    });
    expect(parsed.steps[1]).toMatchObject({ explicitId: false, code: 'echo one\necho two', lineStart: 19, lineEnd: 22, sectionPath: ['Restart', 'Check health', 'Deeper'] });
    expect(parsed.steps[1]!.id).toMatch(/^deeper-[0-9a-f]{6}$/);
    expect(parsed.checklist).toEqual([
      { id: 'check-tell-support', text: 'Tell support', checkedInSource: false, line: 24, sectionPath: ['Restart', 'Check health', 'Deeper'] },
      { id: 'check-page-the-owner', text: 'Page the owner', checkedInSource: true, line: 25, sectionPath: ['Restart', 'Check health', 'Deeper'] },
      { id: 'check-ordered-task', text: 'Ordered task', checkedInSource: false, line: 26, sectionPath: ['Restart', 'Check health', 'Deeper'] },
    ]);
    expect(parsed.headings.map((h) => [h.level, h.text, h.line])).toEqual([
      [1, 'Restart', 5],
      [2, 'Check health', 7],
      [3, 'Deeper', 17],
    ]);
  });

  it('recognises every language Runme runs and nothing else', () => {
    const languages = ['sh', 'bash', 'zsh', 'shell', 'pwsh', 'console', 'python', 'js', '', 'text', 'bat'];
    const parsed = parseRunbook(languages.map((l) => `\`\`\`${l}\nx\n\`\`\`\n`).join('\n'), 'x.md');
    expect(parsed.steps.map((s) => s.language)).toEqual(['sh', 'bash', 'zsh', 'shell', 'pwsh', 'python', 'js']);
  });

  it('opens a Runme runbook as it is', () => {
    const runme = [
      '---',
      'runme:',
      '  id: 01HF7BT3HD84GT9CMZ5NJMXT1K',
      '  version: v3',
      'shell: bash',
      '---',
      '',
      '# Setup',
      '',
      '```sh {"id":"01HF7BT3HBDTRGQAQMH51RDQEC","name":"install","interactive":"false","background":"false"}',
      'npm ci',
      '```',
      '',
      '```sh { name=serve interactive=true closeTerminalOnSuccess=false }',
      'npm start',
      '```',
    ].join('\n');
    const parsed = parseRunbook(runme, 'x.md');
    // Nothing refused; what Firebreak does differently is said, not ignored.
    expect(parsed.diagnostics.map((d) => `${d.severity}:${d.rule}`)).toEqual(['warning:interactive-skipped-by-run-all', 'warning:runme-attribute-not-applied']);
    expect(parsed.steps.map((s) => [s.id, s.interactive])).toEqual([
      ['01HF7BT3HBDTRGQAQMH51RDQEC', false],
      ['serve', true],
    ]);
  });

  it('falls back to the first H1 and then the file name for the title', () => {
    expect(parseRunbook('# Heading title\n', 'x.md').title).toBe('Heading title');
    expect(parseRunbook('no heading', 'x.md').title).toBe('x.md');
  });

  it('handles CRLF and a byte-order mark without shifting lines', () => {
    const parsed = parseRunbook('\uFEFF---\r\ntitle: T\r\n---\r\n# H\r\n\r\n```bash\r\necho hi\r\n```\r\n', 'x.md');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.steps[0]).toMatchObject({ code: 'echo hi', lineStart: 6, lineEnd: 8 });
  });

  describe('bad input', () => {
    it('a binary file: an error at the first NUL, no steps', () => {
      const parsed = parseRunbook('# Title\n```bash\nrm -rf /\n```\nab\0cd\u0001\u0002', 'x.md');
      expect(parsed.steps).toEqual([]);
      expect(parsed.diagnostics).toEqual([expect.objectContaining({ rule: 'binary-file', severity: 'error', line: 5, column: 3 })]);
    });

    it('a 50 MB string: refused quickly with one error, nothing parsed', () => {
      const huge = '```bash\necho x\n```\n'.repeat(Math.ceil((50 * 1024 * 1024) / 20));
      const parsed = parseRunbook(huge, 'x.md');
      expect(parsed.steps).toEqual([]);
      expect(parsed.body).toBe('');
      expect(parsed.diagnostics).toEqual([expect.objectContaining({ rule: 'file-too-large', severity: 'error', line: 1, column: 1 })]);
    });

    it('just under the limit is still parsed', () => {
      const block = '```bash\necho x\n```\n\n';
      const source = block.repeat(Math.floor(MAX_RUNBOOK_CHARS / block.length / 8));
      expect(parseRunbook(source, 'x.md').steps.length).toBeGreaterThan(1000);
    });

    it('invalid UTF-8 (replacement characters): a warning at the first one, still parsed', () => {
      const parsed = parseRunbook('# T\n\n```bash\necho caf\uFFFD\n```\n', 'x.md');
      expect(parsed.steps).toHaveLength(1);
      expect(parsed.diagnostics).toEqual([expect.objectContaining({ rule: 'invalid-utf8', severity: 'warning', line: 4, column: 9 })]);
    });

    it('a YAML bomb: an error, the body is still read', () => {
      const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
      for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${new Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
      const parsed = parseRunbook(`---\n${bomb.join('\n')}\n---\n# Body\n\n\`\`\`bash\necho\n\`\`\`\n`, 'x.md');
      expect(parsed.frontMatter).toEqual({});
      expect(parsed.steps).toHaveLength(1);
      expect(parsed.diagnostics.map((d) => d.rule)).toEqual(['front-matter-syntax']);
    });

    it('a fence that never closes: an error at its opening line', () => {
      const parsed = parseRunbook('# T\n\n```bash\nls /tmp/x\n\n## Later\n\nprose', 'x.md');
      expect(parsed.diagnostics).toEqual([expect.objectContaining({ rule: 'unterminated-fence', severity: 'error', line: 3, column: 1 })]);
    });

    it('attributes that are neither JSON nor key=value: an error, the step has no attributes', () => {
      const parsed = parseRunbook('```bash {{{ not: "json", = }\necho\n```\n', 'x.md');
      expect(parsed.steps[0]!.attributes).toEqual({});
      expect(parsed.diagnostics.map((d) => d.rule)).toEqual(['attribute-syntax']);
    });

    it('deep nesting and pathological Markdown stay bounded', () => {
      const source = `${'>'.repeat(5000)} x\n${'- '.repeat(5000)}x\n${'['.repeat(20000)}\n${'`'.repeat(10000)}\n`;
      checkInvariants(parseRunbook(source, 'x.md'));
    });
  });

  describe('properties', () => {
    const markdownPiece = fc.oneof(
      fc.string(),
      fc.constantFrom('# H\n', '## Sub\n', '```bash\n', '```\n', '~~~sh\n', '- [ ] task\n', '---\n', '> ', '\n', '{', '}', '$HOST', '\r\n', '\uFFFD'),
      fc.string().map((attrs) => `\`\`\`bash ${attrs}\necho\n\`\`\`\n`),
      fc.json().map((json) => `\`\`\`sh ${json}\nls\n\`\`\`\n`),
      fc.string().map((yaml) => `---\n${yaml}\n---\n`),
    );

    it('never throws on arbitrary Markdown, and every diagnostic is well-formed', () => {
      fc.assert(
        fc.property(fc.array(markdownPiece, { maxLength: 30 }), (pieces) => {
          checkInvariants(parseRunbook(pieces.join(''), 'x.md'));
        }),
        { numRuns: 400 },
      );
    });

    it('never throws on arbitrary attribute strings in a fence', () => {
      fc.assert(
        fc.property(fc.string(), fc.string(), (attributes, code) => {
          const parsed = parseRunbook(`# T\n\n\`\`\`bash ${attributes.replace(/[\n`]/g, '')}\n${code.replace(/`/g, '')}\n\`\`\`\n`, 'x.md');
          checkInvariants(parsed);
          expect(parsed.steps).toHaveLength(1);
        }),
        { numRuns: 400 },
      );
    });

    it('gives every step a unique id unless two explicit ids collide', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom('echo a', 'echo b', 'echo a'), { maxLength: 12 }), fc.array(fc.constantFrom('# A\n', '# B\n', ''), { maxLength: 12 }), (codes, headings) => {
          const source = codes.map((code, i) => `${headings[i] ?? ''}\n\`\`\`bash\n${code}\n\`\`\`\n`).join('\n');
          const ids = parseRunbook(source, 'x.md').steps.map((s) => s.id);
          expect(new Set(ids).size).toBe(ids.length);
        }),
        { numRuns: 200 },
      );
    });
  });
});
