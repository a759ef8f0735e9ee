import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import type { Command } from 'commander';
import { ContractFailure } from '../../../shared/ipc/envelope';
import { readPackageVersion } from '../../platform/package-version';
import { loadRunbook, type RunbookFolder } from '../../runbooks/runbook-library';
import { formatTrustReview } from '../../runbooks/trust-review-text';
import { AppServices } from '../../services/app-services';
import { resolveDataDir } from '../data-dir';
import { baseFolders } from './library-command';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `firebreak trust <file> [--yes]`: prints every command the runbook
 * contains and trusts that exact content after a typed "yes" (or --yes,
 * for scripts that already showed the review). The decision goes to the
 * settings file the app reads and onto the incident timeline.
 * Exit codes: 0 trusted (or already), 1 refused or failed, 2 nothing to ask on.
 */
export function register(program: Command): void {
  program
    .command('trust')
    .description('review the commands of a runbook from an added folder and trust it (bound to its content hash)')
    .argument('<file>', 'the runbook file')
    .option('-y, --yes', 'trust without asking (after reviewing the printed commands)')
    .option('--runbooks <dir>', 'a folder treated as bundled, as for serve (repeatable)', collect, [] as string[])
    .action(async (file: string, options: { yes?: boolean; runbooks: string[] }, command: Command) => {
      process.exitCode = await trustFile(path.resolve(file), options, resolveDataDir(command));
    });
}

async function trustFile(file: string, options: { yes?: boolean; runbooks: string[] }, dataDir: string): Promise<number> {
  if (!fs.existsSync(file)) {
    process.stderr.write(`firebreak: ${file}: no such file.\n`);
    return 1;
  }
  const bundled = baseFolders(options.runbooks);
  const origin = isInside(file, bundled) ? 'bundled' : 'user';
  const services = new AppServices({ dataDir, runbookFolders: bundled, host: 'browser', version: readPackageVersion(), watchRunbooks: false, log: () => {} });
  try {
    for (const warning of services.warnings) process.stderr.write(`firebreak: warning: ${warning}\n`);
    const runbook = loadRunbook(file, origin);
    const review = services.trust.review(runbook);
    process.stdout.write(formatTrustReview(review));
    if (review.trust.state === 'bundled' || review.trust.state === 'trusted') {
      process.stdout.write('\nNothing to do: this content is already trusted.\n');
      return 0;
    }
    if (!review.contentHash) {
      process.stderr.write(`firebreak: ${file} could not be read, so there is nothing to trust.\n`);
      return 1;
    }
    if (!options.yes) {
      if (!process.stdin.isTTY) {
        process.stderr.write('firebreak: not asking without a terminal. After reviewing the commands above, run again with --yes.\n');
        return 2;
      }
      const answer = await ask(`\nTrust these ${review.commands.length} command${review.commands.length === 1 ? '' : 's'} from ${file}? Type "yes" to trust: `);
      if (answer.trim().toLowerCase() !== 'yes') {
        process.stdout.write('Not trusted.\n');
        return 1;
      }
    }
    // Re-read: the grant must be for the bytes that were shown, not for what the file holds now.
    const grant = services.trust.grant(loadRunbook(file, origin), review.contentHash);
    process.stdout.write(`Trusted ${file} at SHA-256 ${review.contentHash}.${grant.recorded ? ' Recorded on the incident timeline.' : ''}\n`);
    if (grant.warning) process.stderr.write(`firebreak: warning: ${grant.warning}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`firebreak: ${error instanceof ContractFailure || error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    services.dispose();
  }
}

async function ask(question: string): Promise<string> {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await prompt.question(question);
  } finally {
    prompt.close();
  }
}

function isInside(file: string, folders: RunbookFolder[]): boolean {
  const real = realpathOr(file);
  return folders.some((folder) => {
    const dir = realpathOr(folder.dir);
    return real.startsWith(dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`);
  });
}

function realpathOr(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
