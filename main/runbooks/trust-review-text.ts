import type { TrustReview } from '../../shared/runbook/trust-model';

/**
 * The trust review as plain text for a terminal: every command with its
 * lines, each parameter with the values it would export, and the hash the
 * decision binds to. What `firebreak trust` prints before asking.
 */
export function formatTrustReview(review: TrustReview): string {
  const out: string[] = [];
  out.push(`Runbook: ${review.title} (${review.runbookId})`);
  out.push(`File:    ${review.path}`);
  out.push(`SHA-256: ${review.contentHash}`);
  out.push(`Trust:   ${describeTrust(review)}`);
  out.push('');
  out.push(review.commands.length === 0 ? 'It contains no commands.' : `It contains ${review.commands.length} command${review.commands.length === 1 ? '' : 's'}:`);
  for (const command of review.commands) {
    const marks = [
      command.destructive ? 'destructive' : '',
      command.confirm === true ? 'asks to confirm' : typeof command.confirm === 'string' ? `asks to type "${command.confirm}"` : '',
      command.interactive ? 'interactive' : '',
      command.cwd !== undefined ? `cwd=${command.cwd}` : '',
      command.shell !== undefined ? `shell=${command.shell}` : '',
      command.interpreter !== undefined ? `run with ${command.interpreter}` : '',
      command.background ? 'started in the background' : '',
    ].filter(Boolean);
    out.push('');
    out.push(`  [${command.stepId}] lines ${command.lineStart}-${command.lineEnd}, ${command.language}${marks.length ? `, ${marks.join(', ')}` : ''}`);
    for (const line of command.code.split('\n')) out.push(`    | ${line}`);
  }
  if (review.params.length > 0) {
    out.push('');
    out.push('Parameters (exported as environment variables before each step):');
    for (const param of review.params) {
      const values = [
        param.secret ? 'secret, typed at run time' : '',
        param.default !== undefined ? `default ${JSON.stringify(param.default)}` : '',
        ...Object.entries(param.profileValues).map(([profile, value]) => `${profile}: ${JSON.stringify(value)}`),
      ].filter(Boolean);
      out.push(`  ${param.name} (line ${param.line})${values.length ? `: ${values.join('; ')}` : ''}`);
    }
  }
  if (review.errors.length > 0) {
    out.push('');
    out.push(`It has ${review.errors.length} error${review.errors.length === 1 ? '' : 's'}; no step runs until they are fixed, trusted or not:`);
    for (const error of review.errors) out.push(`  line ${error.line}:${error.column} ${error.message} [${error.rule}]`);
  }
  return `${out.join('\n')}\n`;
}

function describeTrust(review: TrustReview): string {
  switch (review.trust.state) {
    case 'bundled':
      return 'bundled with Firebreak (always trusted)';
    case 'trusted':
      return `trusted by ${review.trust.grantedBy ?? '?'} on ${review.trust.grantedAt ?? '?'}`;
    case 'changed':
      return `CHANGED since ${review.trust.grantedBy ?? '?'} trusted it on ${review.trust.grantedAt ?? '?'}`;
    case 'untrusted':
      return 'not trusted';
  }
}
