/** Secret detection and masking for everything that leaves Firebreak (exports, and optionally the database). */
export { findSecrets, findSecretMatches, MIN_SECRET_VALUE_LENGTH } from './find-secrets';
export type { RedactionOptions, SecretFinding, SecretMatch } from './find-secrets';
export { redact, redactionMask, applyFindings } from './redact';
export { createStreamingRedactor, redactTerminalText, DEFAULT_LOOK_BEHIND_CHARS } from './streaming-redactor';
export type { StreamingRedactor, StreamingRedactorOptions } from './streaming-redactor';
export { stripTerminalEscapes, scanTerminalOutput } from './terminal-escapes';
export { SECRET_RULES, shannonEntropy } from './secret-rules';
export type { SecretRuleName, SecretRule } from './secret-rules';
