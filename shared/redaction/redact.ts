import { findSecrets, type RedactionOptions, type SecretFinding } from './find-secrets';
import type { SecretRuleName } from './secret-rules';

/** The text that replaces a secret: `[REDACTED:aws-access-key]`. */
export function redactionMask(rule: SecretRuleName): string {
  return `[REDACTED:${rule}]`;
}

/** `text` with the given findings (sorted, disjoint) replaced by their masks. */
export function applyFindings(text: string, findings: readonly SecretFinding[]): string {
  let out = '';
  let at = 0;
  for (const finding of findings) {
    out += text.slice(at, finding.start) + redactionMask(finding.rule);
    at = finding.end;
  }
  return out + text.slice(at);
}

/**
 * `text` with every secret masked: the caller's secret values and whatever the
 * detectors find. For plain text (titles, notes, commands); terminal output
 * with escape sequences goes through {@link redactTerminalText} instead.
 */
export function redact(text: string, options: RedactionOptions = {}): string {
  const findings = findSecrets(text, options);
  return findings.length === 0 ? text : applyFindings(text, findings);
}
