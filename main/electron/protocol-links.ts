import { FIREBREAK_SCHEME } from '../../shared/alerts/runbook-link';

/** The firebreak:// link among a process's arguments (Windows and Linux pass it on the command line), if any. */
export function linkInArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${FIREBREAK_SCHEME}://`));
}
