import type { Command } from 'commander';
import { formatDiagnostic } from '../../../shared/runbook/lint-runbook';
import { parseRunbookFile } from './runbook-files';

/**
 * `firebreak parse <file> [--json]`: prints the runbook model the app uses.
 * Secret params are only marked `secret: true`; a runbook file never holds
 * their values. Exit code 1 only when the file cannot be read.
 */
export function register(program: Command): void {
  program
    .command('parse')
    .description('print the parsed runbook model (steps, params, profiles, checklist, diagnostics)')
    .argument('<file>', 'runbook file')
    .option('--json', 'print the model as JSON')
    .action((file: string, options: { json?: boolean }) => {
      const parsed = parseRunbookFile(file);
      const { body: _body, ...model } = parsed;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ file, ...model }, null, 2)}\n`);
      } else {
        process.stdout.write(`${parsed.title}\n`);
        for (const step of parsed.steps) process.stdout.write(`  ${step.lineStart}  ${step.id}  ${step.title}\n`);
        for (const item of parsed.checklist) process.stdout.write(`  ${item.line}  [ ] ${item.text}\n`);
        for (const diagnostic of parsed.diagnostics) process.stdout.write(`${formatDiagnostic(diagnostic)}\n`);
      }
      process.exitCode = parsed.diagnostics.some((d) => d.rule === 'unreadable') ? 1 : 0;
    });
}
