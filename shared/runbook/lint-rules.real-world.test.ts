import { describe, expect, it } from 'vitest';
import { lintRunbook } from './lint-runbook';

const lint = (body: string) => lintRunbook(body, 'r.md');
const found = (body: string, rule: string) => lint(body).filter((d) => d.rule === rule);

describe('lint: what breaks real runbooks', () => {
  it('placeholder-in-command: <namespace> in a command, with a hint to make it a param', () => {
    const [diagnostic, ...rest] = found('# Pods\n\n```bash\nkubectl get pods -n <namespace>\n```\n', 'placeholder-in-command');
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ severity: 'warning', line: 4, column: 21 });
    expect(diagnostic!.message).toContain('Make <namespace> a param');
    expect(diagnostic!.message).toContain('$NAMESPACE');
    // Quoted text, heredocs, process substitution and comparisons are not placeholders.
    expect(found("```bash\necho '<html>' \"<b>\"\ncat <<EOF\nx\nEOF\ndiff <(ls) <(ls -a)\n[ 1 -lt 2 ]\n# see <docs>\n```\n", 'placeholder-in-command')).toEqual([]);
  });

  it('console-transcript: prompts with output pasted under them, and user@host prompts', () => {
    const transcript = found('```bash\n$ kubectl get pods\nNAME    READY   STATUS\nweb-1   1/1     Running\n```\n', 'console-transcript');
    expect(transcript).toHaveLength(1);
    expect(transcript[0]).toMatchObject({ severity: 'warning', line: 3 });
    expect(transcript[0]!.message).toContain('console');
    expect(found('```bash\nalice@db-1:~$ sudo systemctl restart postgresql\n```\n', 'console-transcript')[0]).toMatchObject({ line: 2 });
    // Prompt lines with continuations and heredocs are commands, not output.
    expect(found("```bash\n$ kubectl apply -f - <<EOF\nkind: Pod\nEOF\n$ echo a \\\n  b\n```\n", 'console-transcript')).toEqual([]);
    expect(found('```bash\nexport VERSION=v1\n$ grpcurl localhost:1 list\n```\n', 'console-transcript')).toEqual([]);
  });

  it('query-in-shell: PromQL or SQL in a sh block', () => {
    expect(found('```sh\nSELECT * FROM pg_stat_activity WHERE state = \'active\';\n```\n', 'query-in-shell')[0]!.message).toMatch(/SQL.*```sql/);
    expect(found('```sh\nsum(rate(http_requests_total{code=~"5.."}[5m])) by (service)\n```\n', 'query-in-shell')[0]!.message).toMatch(/PromQL.*```promql/);
    expect(found('```sh\nhttp_requests_total{job="api"}\n```\n', 'query-in-shell')).toHaveLength(1);
    expect(found('```sh\npsql -c "SELECT 1"\necho sum\n```\n', 'query-in-shell')).toEqual([]);
  });

  it('destructive-unmarked: rm -r, gsutil rm, kubectl delete, DROP TABLE, pg_ctl promote… without destructive/confirm', () => {
    for (const command of ['rm -rf /var/lib/app/cache', 'gsutil -m rm -r gs://bucket/path', 'kubectl delete pod web-1', 'psql -c "DROP TABLE users"', 'pg_ctl promote -D /data', 'terraform destroy', 'aws s3 rb s3://b --force']) {
      const [diagnostic] = found(`\`\`\`bash\n${command}\n\`\`\`\n`, 'destructive-unmarked');
      expect(diagnostic, command).toMatchObject({ severity: 'warning', line: 2 });
      expect(diagnostic!.message).toContain('destructive=true confirm=');
    }
    expect(found('```bash {destructive=true confirm=yes}\nkubectl delete pod web-1\n```\n', 'destructive-unmarked')).toEqual([]);
    expect(found('```bash {confirm=true}\nrm -rf /tmp/x\n```\n', 'destructive-unmarked')).toEqual([]);
    expect(found('```bash\nrm -f /tmp/lock\n# kubectl delete pod x\n```\n', 'destructive-unmarked')).toEqual([]);
  });

  it('nesting-too-deep: a fence nested past what Markdown readers follow is reported, not dropped silently', () => {
    let source = '';
    for (let depth = 0; depth < 50; depth++) source += `${'  '.repeat(depth)}- level ${depth}\n`;
    source += `${'  '.repeat(50)}\`\`\`bash\n${'  '.repeat(50)}echo lost\n${'  '.repeat(50)}\`\`\`\n`;
    const diagnostics = lint(source);
    expect(diagnostics.find((d) => d.rule === 'nesting-too-deep')).toMatchObject({ severity: 'error' });
    expect(diagnostics.find((d) => d.rule === 'nesting-too-deep')!.message).toContain('code block');
  });

  it('unterminated-fence: says where a list item closed the block, and that later steps are still read', () => {
    const source = '- item\n  ```bash\n  echo in list\n- next item\n\n```bash\necho later\n```\n';
    const [diagnostic] = found(source, 'unterminated-fence');
    expect(diagnostic).toMatchObject({ line: 2 });
    expect(diagnostic!.message).not.toContain('everything after it');
    expect(diagnostic!.message).toContain('line 3');
    expect(found('```bash\necho never closed\n', 'unterminated-fence')[0]!.message).toContain('everything after it');
  });
});

describe('lint: Runme settings Firebreak answers instead of ignoring', () => {
  it('runme-attribute-not-applied: once per attribute per document, saying what Firebreak does instead', () => {
    const source = '```sh {"closeTerminalOnSuccess":"false","terminalRows":"3"}\nls\n```\n```sh {"closeTerminalOnSuccess":"false","mimetype":"text/x-json"}\nls\n```\n';
    const diagnostics = found(source, 'runme-attribute-not-applied');
    expect(diagnostics.map((d) => d.message.split(' ')[0])).toEqual(['closeTerminalOnSuccess', 'terminalRows', 'mimetype']);
    expect(diagnostics[0]!.message).toContain('2 steps in this runbook set it');
    expect(diagnostics[0]!.message).toContain('stays open');
  });

  it('interactive-skipped-by-run-all: Runme runs interactive cells in Run all, Firebreak does not', () => {
    const cell = '```sh {"name":"serve","interactive":"true"}\nnpm start\n```\n';
    const [diagnostic] = found(`---\nrunme:\n  id: 01HF7BT3HD84GT9CMZ5NJMXT1K\n---\n${cell}`, 'interactive-skipped-by-run-all');
    expect(diagnostic!.message).toContain('background=true');
    // A Firebreak runbook means interactive=true in Firebreak's sense: nothing to say.
    expect(found(cell, 'interactive-skipped-by-run-all')).toEqual([]);
  });
});

describe('lint: Runme cells Firebreak does not run', () => {
  it('language-not-run: bat and cmd blocks, which Runme runs on Windows', () => {
    const [diagnostic] = found('```bat\ndir\n```\n', 'language-not-run');
    expect(diagnostic).toMatchObject({ severity: 'warning', line: 1 });
    expect(diagnostic!.message).toContain('POSIX');
  });
});
