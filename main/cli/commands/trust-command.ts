import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import type { Command } from 'commander';
import { bundledRunbooksDir } from '../../platform/app-root';
import { readPackageVersion } from '../../platform/package-version';
import { loadRunbook, RunbookLibrary } from '../../runbooks/runbook-library';
import { formatTrustReview } from '../../runbooks/trust-review-text';
import { commandLineFolders } from '../../runbooks/user-folders';
import { AppServices } from '../../services/app-services';
import { resolveDataDir } from '../data-dir';

/**
 * `firebreak trust <file|folder> [--yes]`: prints every command the runbook
 * (or every runbook of the folder) contains and trusts that exact content
 * after one typed "yes" (or --yes, for scripts that already showed the
 * review). Each runbook's trust is bound to its own file's hash, so an edit
 * of one file makes only that one untrusted again. The decisions go to the
 * settings file the app reads and onto the incident timeline.
 * Exit codes: 0 trusted (or already), 1 refused or failed, 2 nothing to ask on.
 */
export function register(program: Command): void {
  program
    .command('trust')
    .description("review the commands of a runbook, or of every runbook in a folder, and trust them (each bound to its file's content hash)")
    .argument('<path>', 'the runbook file, or a folder of runbooks (e.g. a team repository named with --runbooks)')
    .option('-y, --yes', 'trust without asking (after reviewing the printed commands)')
    .action(async (target: string, options: { yes?: boolean }, command: Command) => {
      process.exitCode = await trustPath(path.resolve(target), options, resolveDataDir(command));
    });
}

async function trustPath(target: string, options: { yes?: boolean }, dataDir: string): Promise<number> {
  let folder: boolean;
  try {
    folder = fs.statSync(target).isDirectory();
  } catch {
    process.stderr.write(`firebreak: ${target}: no such file.\n`);
    return 1;
  }
  // Only the app's own folder is bundled; a file anywhere else needs this review.
  const bundledDir = bundledRunbooksDir();
  const originOf = (file: string) => (isInside(file, bundledDir) ? ('bundled' as const) : ('user' as const));
  const services = new AppServices({ dataDir, runbookFolders: commandLineFolders([]), host: 'browser', version: readPackageVersion(), watchRunbooks: false, log: () => {} });
  try {
    for (const warning of services.warnings) process.stderr.write(`firebreak: warning: ${warning}\n`);
    let files: string[];
    if (folder) {
      const library = new RunbookLibrary([{ dir: target, origin: 'user' }]);
      for (const problem of library.list().problems) process.stderr.write(`firebreak: warning: ${problem}\n`);
      files = library.all().map((runbook) => runbook.path).sort();
      library.dispose();
      if (files.length === 0) {
        process.stderr.write(`firebreak: ${target} holds no runbooks (.md files).\n`);
        return 1;
      }
    } else files = [target];

    const reviews = files.map((file) => services.trust.review(loadRunbook(file, originOf(file))));
    process.stdout.write(reviews.map((review) => formatTrustReview(review)).join('\n\n'));
    const pending = reviews.filter((review) => review.trust.state !== 'bundled' && review.trust.state !== 'trusted');
    const unreadable = pending.filter((review) => !review.contentHash);
    for (const review of unreadable) process.stderr.write(`firebreak: ${review.path} could not be read, so there is nothing to trust.\n`);
    const toTrust = pending.filter((review) => review.contentHash);
    if (toTrust.length === 0) {
      if (unreadable.length) return 1;
      process.stdout.write(`\nNothing to do: ${folder ? 'every runbook here is' : 'this content is'} already trusted.\n`);
      return 0;
    }
    const commands = toTrust.reduce((sum, review) => sum + review.commands.length, 0);
    const what = folder
      ? `${toTrust.length} runbook${toTrust.length === 1 ? '' : 's'}, ${commands} command${commands === 1 ? '' : 's'} from ${target}`
      : `${commands} command${commands === 1 ? '' : 's'} from ${target}`;
    if (folder) process.stdout.write(`\n\nTo trust: ${what}.\n`);
    if (!options.yes) {
      if (!process.stdin.isTTY) {
        process.stderr.write('firebreak: not asking without a terminal. After reviewing the commands above, run again with --yes.\n');
        return 2;
      }
      const answer = await ask(`\nTrust these ${what}? Type "yes" to trust: `);
      if (answer.trim().toLowerCase() !== 'yes') {
        process.stdout.write('Not trusted.\n');
        return 1;
      }
    }
    let failed = unreadable.length > 0;
    for (const review of toTrust) {
      try {
        // Re-read: the grant must be for the bytes that were shown, not for what the file holds now.
        const grant = services.trust.grant(loadRunbook(review.path, originOf(review.path)), review.contentHash);
        process.stdout.write(`Trusted ${review.path} at SHA-256 ${review.contentHash}.${grant.recorded ? ' Recorded on the incident timeline.' : ''}\n`);
        if (grant.warning) process.stderr.write(`firebreak: warning: ${grant.warning}\n`);
      } catch (error) {
        failed = true;
        process.stderr.write(`firebreak: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    return failed ? 1 : 0;
  } catch (error) {
    process.stderr.write(`firebreak: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    services.dispose();
  }
}

function isInside(file: string, folder: string): boolean {
  const real = realpathOr(file);
  const dir = realpathOr(folder);
  return real.startsWith(dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`);
}

async function ask(question: string): Promise<string> {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await prompt.question(question);
  } finally {
    prompt.close();
  }
}

function realpathOr(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
