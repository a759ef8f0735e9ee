import type { Diagnostic } from '../model/diagnostic';
import { parseRunbook } from './parse-runbook';

/**
 * Every diagnostic for one runbook source: parse problems and lint findings,
 * sorted by position. The same list the app shows inline.
 */
export function lintRunbook(source: string, file: string): Diagnostic[] {
  return parseRunbook(source, file).diagnostics;
}

/** Whether a list of diagnostics should fail `firebreak lint`. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

/** One diagnostic as `file:line:column  severity  message  rule`. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  return `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}  ${diagnostic.severity}  ${diagnostic.message}  ${diagnostic.rule}`;
}
