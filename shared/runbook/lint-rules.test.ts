import { describe, expect, it } from 'vitest';
import { lintRunbook } from './lint-runbook';
import { generatedStepId } from './step-ids';

const fence = (attributes: string, code = 'echo ok') => `\`\`\`bash ${attributes}\n${code}\n\`\`\`\n`;
const lint = (body: string, frontMatter = '') => lintRunbook(frontMatter ? `---\n${frontMatter}\n---\n${body}` : body, 'r.md');
const only = (body: string, frontMatter = '') => lint(body, frontMatter).map((d) => `${d.rule}@${d.line}:${d.column}`);

describe('lint rules', () => {
  it('passes a clean runbook', () => {
    const body = `# Fail over\n\n${fence('{ id=promote destructive confirm=$ENVIRONMENT rollback=demote }', 'promote "$HOST"')}\n${fence('{ id=demote destructive confirm=true excludeFromRunAll=true }', 'demote "$HOST"')}`;
    expect(lint(body, 'params:\n  HOST: {}\n  ENVIRONMENT: { choices: [staging, production] }')).toEqual([]);
  });

  it('duplicate-step-id: points at the second step', () => {
    expect(only(`${fence('{id=a}')}\n${fence('{"id":"a"}')}`)).toEqual(['duplicate-step-id@5:10']);
    expect(lint(`${fence('{id=a}')}\n${fence('{id=a}')}`)[0]!.message).toContain('line 1');
  });

  it('destructive-without-confirm and destructive-without-rollback', () => {
    expect(only(fence('{ id=drop destructive=true }'))).toEqual(['destructive-without-confirm@1:19', 'destructive-without-rollback@1:19']);
    expect(lint(fence('{ id=drop destructive=true }'))[0]!.severity).toBe('error');
    expect(lint(fence('{ id=drop destructive=true }'))[1]!.severity).toBe('warning');
  });

  it('rollback-target-missing, with a did-you-mean', () => {
    const diagnostics = lint(`${fence('{ id=promote rollback=demot }')}\n${fence('{ id=demote }')}`);
    expect(diagnostics.map((d) => d.rule)).toEqual(['rollback-target-missing']);
    expect(diagnostics[0]!.message).toContain('Did you mean "demote"?');
  });

  it('rollback-self', () => {
    expect(only(fence('{ id=a rollback=a }'))).toEqual(['rollback-self@1:16']);
  });

  it('rollback-target-implicit: a rollback to a generated id', () => {
    const undoId = generatedStepId('Undo', 'undo-it');
    expect(only(`# Undo\n\n${fence('', 'undo-it')}\n${fence(`{ id=do rollback=${undoId} }`, 'do-it')}`)).toEqual(['rollback-target-implicit@7:17']);
  });

  it('undefined-param and unused-param', () => {
    const diagnostics = lint(fence('', 'echo "$HOTS" "$HOME"\nBACKUP=1; echo $BACKUP'), 'params:\n  HOST: {}');
    expect(diagnostics.map((d) => `${d.rule}@${d.line}:${d.column}`)).toEqual(['unused-param@3:3', 'undefined-param@6:7']);
    expect(diagnostics[1]!.message).toContain('Did you mean "HOST"?');
  });

  it('counts uses in cwd and confirm', () => {
    expect(lint(fence('{ cwd=$DIR confirm=$STAGE }'), 'params:\n  DIR: {}\n  STAGE: {}')).toEqual([]);
  });

  it('confirm-unknown-param', () => {
    expect(only(fence('{ confirm=$ENVIRONMENT }'))).toEqual(['confirm-unknown-param@1:11']);
  });

  it('step-alters-shell: exit and set -e at the top level, not inside a subshell', () => {
    expect(only(fence('{ id=a }', 'echo hi\nexit 1'))).toEqual(['step-alters-shell@3:1']);
    expect(only(fence('{ id=a }', '  set -euo pipefail\necho hi'))).toEqual(['step-alters-shell@2:3']);
    expect(only(fence('{ id=a }', 'set -o errexit'))).toEqual(['step-alters-shell@2:1']);
    expect(lint(fence('{ id=a }', 'exit 1'))[0]!.severity).toBe('warning');
    expect(only(fence('{ id=a }', '(\n  set -e\n  false || exit 3\n  exit 0\n)'))).toEqual([]);
    expect(only(fence('{ id=a }', '( set -e; exit 0 )'))).toEqual([]);
    expect(only(fence('{ id=a }', 'echo "(" ; exit 2'))).toEqual([]);
    expect(only(fence('{ id=a }', 'echo "exit"\nset -x\nexitcode=1'))).toEqual([]);
  });

  it('empty-step', () => {
    expect(only('```bash\n```\n')).toEqual(['empty-step@1:1']);
  });

  it('unknown-attribute with did-you-mean, at the key', () => {
    const [diagnostic] = lint(fence('{ id=a confrim=production }'));
    expect(diagnostic).toMatchObject({ rule: 'unknown-attribute', severity: 'error', line: 1, column: 16 });
    expect(diagnostic!.message).toContain('Did you mean "confirm"?');
  });

  it('invalid-expect', () => {
    expect(only(fence('{ expect="0 /(unclosed/" }'))).toEqual(['invalid-expect@1:11']);
  });

  it('attribute-syntax and attribute-value', () => {
    expect(only(fence('{ name="oops }'))).toEqual(['attribute-syntax@1:16']);
    expect(only(fence('{ timeout=later }'))).toEqual(['attribute-value@1:11']);
  });

  it('invalid-step-id', () => {
    expect(only(fence('{"id":"no spaces please"}'))).toEqual(['invalid-step-id@1:10']);
  });

  it('unterminated-fence, for backticks and tildes, in lists and quotes', () => {
    expect(only('# T\n\n```bash\necho never closed\n\n# Next section\n')).toEqual(['unterminated-fence@3:1']);
    expect(only('~~~~sh\necho\n~~~\n')).toEqual(['unterminated-fence@1:1']);
    expect(only('- item\n\n  ```bash\n  echo in a list\n')).toEqual(['unterminated-fence@3:3']);
    expect(only('> ```bash\n> echo quoted\n\nafter\n')).toEqual(['unterminated-fence@1:3']);
    expect(only('> ```bash\n> echo quoted\n> ```\n')).toEqual([]);
    expect(only('```text\nnot a step but still open\n')).toEqual(['unterminated-fence@1:1']);
  });

  it('front-matter-syntax, positioned in the file', () => {
    expect(only('# T\n', 'title: [unclosed')).toEqual([expect.stringMatching(/^front-matter-syntax@2:/)]);
  });

  it('reports steps after front matter at their real lines', () => {
    expect(only(fence('{ bogus=1 }'), 'title: T')).toEqual(['unknown-attribute@4:11']);
  });
});
