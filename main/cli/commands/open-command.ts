import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { parseRunbookLink, runbookLink } from '../../../shared/alerts/runbook-link';
import { DomainError } from '../../../shared/model/domain-errors';
import { openRunbookLink } from '../../alerts/open-link';
import { BROWSER_HOST_FILE, DESKTOP_APP_FILE, readInstanceFile, type BrowserHostInstance, type DesktopAppInstance } from '../../alerts/running-instances';
import { inviteFromLink, inviteLink } from '../../team/invite';
import { RunbookLibrary } from '../../runbooks/runbook-library';
import { SettingsStore } from '../../settings/settings-store';
import { resolveDataDir } from '../data-dir';
import { failCommand } from './incident-database';
import { commandLineFolders, libraryFolders } from '../../runbooks/user-folders';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Hands a link to a running browser host: its token-protected /open route (`?join=CODE` for an invite). */
async function handToBrowserHost(host: BrowserHostInstance, url: string, invite: string | null): Promise<string | null> {
  let query: URLSearchParams;
  if (invite !== null) {
    query = new URLSearchParams({ token: host.token, join: invite });
  } else {
    const link = parseRunbookLink(url);
    query = new URLSearchParams({ token: host.token, runbook: link.runbookId, ...link.values });
    if (link.profile) query.set('profile', link.profile);
  }
  try {
    const response = await fetch(`http://127.0.0.1:${host.port}/open?${query.toString()}`, { redirect: 'manual', signal: AbortSignal.timeout(3000) });
    if (response.status === 303 || response.ok) return `Handed to the Firebreak browser host on 127.0.0.1:${host.port}.`;
    return null;
  } catch {
    return null;
  }
}

/** Another instance of the app, started with the link, passes it to the running one (single-instance lock) and quits. */
function handToDesktopApp(app: DesktopAppInstance | null, url: string): string | null {
  if (!app || !Array.isArray(app.command) || app.command.length === 0) return null;
  const child = spawn(app.command[0]!, [...app.command.slice(1), url], { detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
  return 'Handed to the running Firebreak app.';
}

/**
 * An invite link: the running app or browser host opens its Team panel with
 * the code in Join (the responder presses Join there); with neither, says
 * how to join from here. Never joins by itself, as the app does not.
 */
async function openInvite(dataDir: string, invite: string, options: { print?: boolean; json?: boolean }): Promise<void> {
  let handedTo: string | null = null;
  if (!options.print) {
    const host = readInstanceFile<BrowserHostInstance>(dataDir, BROWSER_HOST_FILE);
    if (host) handedTo = await handToBrowserHost(host, inviteLink(invite), invite);
    if (!handedTo) handedTo = handToDesktopApp(readInstanceFile<DesktopAppInstance>(dataDir, DESKTOP_APP_FILE), inviteLink(invite));
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ invite, inviteLink: inviteLink(invite), handedTo }, null, 2)}\n`);
    return;
  }
  if (handedTo) {
    process.stdout.write(`${handedTo}\nInvite ${invite}: the Team panel opens with it in Join; press Join there to join the incident.\n`);
  } else {
    process.stdout.write(`Invite ${invite}. Nothing joined. To join from here: firebreak team join ${invite}\n`);
    process.stdout.write(`  or start Firebreak (npm start, or firebreak serve) and open ${inviteLink(invite)}\n`);
  }
}

/**
 * `firebreak open URL`: opens a firebreak://runbook/<id>?PARAM=value link
 * (or a firebreak://join/CODE invite: see openInvite).
 * A running app or browser host gets it (the runbook opens there with the
 * values filled, nothing runs); otherwise the runbook, its filled params
 * and how to open it are printed. An unknown runbook or a bad link exits 1.
 */
export function register(program: Command): void {
  program
    .command('open')
    .description('open a firebreak://runbook/<id>?PARAM=value or firebreak://join/CODE link: hand it to the running app or browser host, or print what it fills')
    .argument('<url>', 'the link, e.g. "firebreak://runbook/database-outage?PGHOST=db-1&profile=staging"')
    .option('--runbooks <dir>', 'a runbook folder to use instead of the bundled one (repeatable)', collect, [] as string[])
    .option('--print', 'only print what the link fills; do not hand it to a running app')
    .option('--json', 'print the resolved link as JSON')
    .action(async (url: string, options: { runbooks: string[]; print?: boolean; json?: boolean }, command: Command) => {
      const dataDir = resolveDataDir(command);
      let invite: string | null;
      try {
        invite = inviteFromLink(url);
      } catch (error) {
        failCommand(error instanceof DomainError ? error.message : `The link could not be read: ${(error as Error).message}`);
        return;
      }
      if (invite !== null) {
        await openInvite(dataDir, invite, options);
        return;
      }
      const settings = new SettingsStore(dataDir);
      const library = new RunbookLibrary(libraryFolders(commandLineFolders(options.runbooks), settings));
      let opened;
      try {
        opened = openRunbookLink(url, (id) => library.all().find((runbook) => runbook.id === id));
      } catch (error) {
        failCommand(error instanceof DomainError ? error.message : `The link could not be read: ${(error as Error).message}`);
        return;
      }
      let handedTo: string | null = null;
      if (!options.print) {
        const host = readInstanceFile<BrowserHostInstance>(dataDir, BROWSER_HOST_FILE);
        if (host) handedTo = await handToBrowserHost(host, url, null);
        if (!handedTo) handedTo = handToDesktopApp(readInstanceFile<DesktopAppInstance>(dataDir, DESKTOP_APP_FILE), url);
      }
      const runbook = library.all().find((candidate) => candidate.id === opened.runbookId)!;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...opened, title: runbook.title, handedTo }, null, 2)}\n`);
      } else {
        if (handedTo) process.stdout.write(`${handedTo}\n`);
        process.stdout.write(`Runbook: ${runbook.id} — ${runbook.title}\n`);
        if (opened.profileError) process.stdout.write(`  profile: ${opened.profileError}\n`);
        else if (opened.profile) process.stdout.write(`  profile: ${opened.profile}\n`);
        for (const param of runbook.params) {
          if (param.secret) {
            // Say why the link's secret counts as a bad value; never its value.
            const refused = opened.errors[param.name];
            process.stdout.write(`  ${param.name}: (secret — type it in the form)${refused ? `  ✗ ${refused}` : ''}\n`);
            continue;
          }
          const value = opened.values[param.name] ?? '';
          const error = opened.errors[param.name];
          process.stdout.write(`  ${param.name}=${JSON.stringify(value)}${error ? `  ✗ ${error}` : ''}\n`);
        }
        for (const [name, error] of Object.entries(opened.errors)) {
          if (!runbook.params.some((param) => param.name === name)) process.stdout.write(`  ${name}: ✗ ${error}\n`);
        }
        if (!handedTo) {
          // The link again with what it filled and nothing else: no defaults spelled out, never a refused secret or unknown name.
          const named = new Set(new URL(url).searchParams.keys());
          const filled = Object.fromEntries(Object.entries(opened.values).filter(([name]) => named.has(name) && !opened.errors[name]));
          process.stdout.write(`Nothing ran. To open it: start Firebreak (npm start) and open ${runbookLink(opened.runbookId, filled, opened.profile)}\n`);
          process.stdout.write(`  or: firebreak serve, then open the printed URL with /open?runbook=${encodeURIComponent(opened.runbookId)}&… ; or run steps with: firebreak run ${runbook.path}\n`);
        }
      }
      const problems = Object.keys(opened.errors).length + (opened.profileError ? 1 : 0);
      if (problems) failCommand(`The link has ${problems} bad value${problems === 1 ? '' : 's'} (marked ✗ above); the form shows them as errors.`);
    });
}
