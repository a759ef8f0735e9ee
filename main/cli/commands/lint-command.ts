import type { Command } from 'commander';
import type { Diagnostic } from '../../../shared/model/diagnostic';
import { formatDiagnostic, hasErrors } from '../../../shared/runbook/lint-runbook';
import { collectRunbookFiles, parseRunbookFile } from './runbook-files';

/**
 * `firebreak lint <paths...> [--json]`: checks runbooks against
 * docs/runbook-format.md. Exit code 1 when any error is found.
 */
export function register(program: Command): void {
  program
    .command('lint')
    .description('check runbooks (files, or folders searched for .md) and report problems; exit code 1 on errors')
    .argument('<paths...>', 'runbook files or folders')
    .option('--json', 'print [{file,line,column,severity,rule,message}]')
    .action((paths: string[], options: { json?: boolean }) => {
      const diagnostics = lintPaths(paths);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(diagnostics.map(({ file, line, column, severity, rule, message }) => ({ file, line, column, severity, rule, message })), null, 2)}\n`);
      } else {
        for (const diagnostic of diagnostics) process.stdout.write(`${formatDiagnostic(diagnostic)}\n`);
        const errors = diagnostics.filter((d) => d.severity === 'error').length;
        const warnings = diagnostics.length - errors;
        process.stdout.write(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
      }
      process.exitCode = hasErrors(diagnostics) ? 1 : 0;
    });
}

/** Every diagnostic for the runbooks under the given paths, file by file. */
export function lintPaths(paths: string[]): Diagnostic[] {
  const { files, problems } = collectRunbookFiles(paths);
  const diagnostics = [...problems];
  for (const file of files) diagnostics.push(...parseRunbookFile(file).diagnostics);
  return diagnostics;
}
