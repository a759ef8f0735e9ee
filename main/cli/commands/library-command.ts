import type { Command } from 'commander';
import { currentUser } from '../../platform/app-paths';
import { RunbookLibrary } from '../../runbooks/runbook-library';
import { TrustStore } from '../../runbooks/trust-store';
import { commandLineFolders, libraryFolders } from '../../runbooks/user-folders';
import { SettingsStore } from '../../settings/settings-store';
import { resolveDataDir } from '../data-dir';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `firebreak library [--json]`: the runbooks the app would list (bundled
 * plus the folders added in the app), each with its origin, trust state and
 * error and warning counts; folder problems go to stderr.
 */
export function register(program: Command): void {
  program
    .command('library')
    .description('list the runbook library: origin, trust state and error counts of every runbook')
    .option('--runbooks <dir>', 'a runbook folder to list instead of the bundled one, as an added folder: untrusted until reviewed (repeatable, as for serve)', collect, [] as string[])
    .option('--json', 'print {runbooks, folders, problems} as JSON')
    .action((options: { runbooks: string[]; json?: boolean }, command: Command) => {
      const settings = new SettingsStore(resolveDataDir(command));
      for (const warning of settings.warnings) process.stderr.write(`firebreak: warning: ${warning}\n`);
      const library = new RunbookLibrary(libraryFolders(commandLineFolders(options.runbooks), settings));
      const trust = new TrustStore(settings, { actor: currentUser() });
      const { folders, problems } = library.list();
      const runbooks = library.all().map((runbook) => ({
        id: runbook.id,
        title: runbook.title,
        path: runbook.path,
        origin: runbook.origin,
        trust: trust.status(runbook).state,
        stepCount: runbook.stepCount,
        errorCount: runbook.errorCount,
        warningCount: runbook.warningCount,
      }));
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ runbooks, folders, problems }, null, 2)}\n`);
        return;
      }
      for (const problem of problems) process.stderr.write(`firebreak: warning: ${problem}\n`);
      const header = ['ORIGIN', 'TRUST', 'ERRORS', 'WARNINGS', 'ID', 'PATH'];
      const rows = runbooks.map((entry) => [entry.origin, entry.trust, String(entry.errorCount), String(entry.warningCount), entry.id, entry.path]);
      const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
      for (const row of [header, ...rows]) {
        process.stdout.write(`${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}\n`);
      }
      process.stdout.write(`${runbooks.length} runbook${runbooks.length === 1 ? '' : 's'} in ${folders.length} folder${folders.length === 1 ? '' : 's'}\n`);
    });
}
