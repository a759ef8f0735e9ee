import { Command } from 'commander';
import { readPackageVersion } from '../platform/package-version';
import { register as registerLibrary } from './commands/library-command';
import { register as registerLint } from './commands/lint-command';
import { register as registerIncidents } from './commands/incidents-command';
import { register as registerExport } from './commands/export-command';
import { register as registerImport } from './commands/import-command';
import { register as registerBackup } from './commands/backup-command';
import { register as registerParse } from './commands/parse-command';
import { register as registerServe } from './commands/serve-command';
import { register as registerRun } from './commands/run-command';
import { register as registerTrust } from './commands/trust-command';
import { register as registerDrill } from './commands/drill-command';
import { register as registerTeam } from './commands/team-command';
import { register as registerPage } from './commands/page-command';
import { register as registerOpen } from './commands/open-command';

/**
 * `firebreak`: the same services as the app, without a window. Each command
 * lives in its own file under commands/ and registers itself here.
 */
/**
 * @param configure applied before the commands are added, so subcommands inherit it (tests use exitOverride).
 */
export function buildProgram(configure: (program: Command) => void = () => {}): Command {
  const program = new Command('firebreak')
    .description('Executable incident runbooks, an embedded terminal and a durable incident timeline.')
    .version(readPackageVersion(), '-v, --version', 'print the Firebreak version')
    .option('--data-dir <dir>', 'where the incident database lives (also FIREBREAK_HOME; default: the app\'s user data folder)')
    .showHelpAfterError('(run "firebreak --help" for usage)');
  configure(program);
  registerServe(program);
  registerLint(program);
  registerParse(program);
  registerRun(program);
  registerIncidents(program);
  registerExport(program);
  registerImport(program);
  registerBackup(program);
  registerLibrary(program);
  registerTrust(program);
  registerDrill(program);
  registerTeam(program);
  registerPage(program);
  registerOpen(program);
  return program;
}
