import type { Diagnostic } from '../model/diagnostic';

/**
 * Gathers diagnostics for one file. Positions are clamped to 1 or more so a
 * computed position can never produce an invalid diagnostic.
 */
export class DiagnosticCollector {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly file: string) {}

  /** Adds an error at a 1-based line and column. */
  error(rule: string, line: number, column: number, message: string): void {
    this.add('error', rule, line, column, message);
  }

  /** Adds a warning at a 1-based line and column. */
  warning(rule: string, line: number, column: number, message: string): void {
    this.add('warning', rule, line, column, message);
  }

  /** Adds a diagnostic of the given severity. */
  add(severity: Diagnostic['severity'], rule: string, line: number, column: number, message: string): void {
    this.diagnostics.push({
      file: this.file,
      line: toPosition(line),
      column: toPosition(column),
      severity,
      rule,
      message,
    });
  }
}

function toPosition(value: number): number {
  return Number.isFinite(value) && value >= 1 ? Math.floor(value) : 1;
}

/** Orders diagnostics by position, then errors before warnings. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.line - b.line || a.column - b.column || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
}
