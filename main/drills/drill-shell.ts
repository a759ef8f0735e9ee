import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Runbook } from '../../shared/model/runbook';
import type { ResolvedParams } from '../../shared/runbook/params';
import { shellQuote } from '../steps/step-script';
import type { TerminalService } from '../terminal/terminal-service';
import { delay } from './wait-until';

/** How long a new shell may take to show its first prompt (login files on a busy machine), ms. */
const PROMPT_WAIT_MS = 15_000;
/** How long the setup line may take to finish, ms: it only changes directory and exports. */
const SETUP_WAIT_MS = 10_000;

/**
 * What a drill shell exports besides its lab's own variables: the runbook's
 * non-secret params as the drill profile resolves them, for commands typed by
 * hand (a step gets its params, secrets included, from the step runner).
 */
export function drillShellParams(runbook: Runbook, resolved: ResolvedParams): Record<string, string> {
  return Object.fromEntries(runbook.params.filter((param) => !param.secret).map((param) => [param.name, resolved.values[param.name] ?? '']));
}

/**
 * The script that puts a drill shell into its lab: `cd` to the lab directory
 * and export the lab's variables. Written into the lab (0600) and sourced, so
 * the terminal shows one short line instead of every value.
 */
export function drillSetupScript(dir: string, env: Readonly<Record<string, string>>): string {
  const exports = Object.entries(env)
    .filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    .map(([name, value]) => `export ${name}=${shellQuote(value)}\n`)
    .join('');
  return `# Firebreak drill: this shell works in the lab\ncd -- ${shellQuote(dir)} || return 1\n${exports}`;
}

/**
 * Moves a freshly opened session into the lab: waits for its prompt, then
 * sends the setup line as an engine command (so it is neither a responder's
 * manual command on the timeline nor an acknowledgement) and waits for it to
 * finish. The terminal service opens shells in one start directory with one
 * environment, so this is how a drill session gets the lab's directory and
 * PATH; the login files have run by then and cannot undo it.
 */
export async function enterLab(terminals: TerminalService, sessionId: string, dir: string, env: Readonly<Record<string, string>>): Promise<void> {
  const deadline = Date.now() + PROMPT_WAIT_MS;
  for (;;) {
    const session = terminals.get(sessionId);
    if (session.state !== 'running') throw new Error(`The drill shell ended before it could enter the lab: ${session.endMessage ?? 'it exited'}.`);
    if (session.integration === 'unavailable' || terminals.canTrack(sessionId)) break;
    if (Date.now() > deadline) break;
    await delay(20);
  }
  const runId = `drill-setup-${randomUUID()}`;
  const script = path.join(dir, '.lab', 'drill-shell.sh');
  fs.mkdirSync(path.dirname(script), { recursive: true });
  fs.writeFileSync(script, drillSetupScript(dir, env), { mode: 0o600 });
  const line = ` . ${shellQuote(script)}`;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const unsubscribe = terminals.addListener({
    onTrackerEvent: (id, event) => {
      if (id === sessionId && event.type === 'commandFinished' && event.command.runId === runId) finished();
    },
    onSessionExit: (id) => {
      if (id === sessionId) finished();
    },
  });
  try {
    const outcome = terminals.sendCommand(sessionId, runId, line, `${line}\r`);
    if (outcome === 'untracked') {
      // No shell integration: the line is typed; give the shell a moment to read it.
      await delay(500);
      return;
    }
    await Promise.race([done, delay(SETUP_WAIT_MS)]);
  } finally {
    unsubscribe();
  }
}

/** How long a closed drill shell may take to exit (ms) before the drill moves on. */
const CLOSE_WAIT_MS = 3_000;

/**
 * Closes the drill's shell and waits for its exit to be handled, so its
 * 'session.ended' is recorded before anything closes the database, and
 * nothing the shell started is left in the removed lab directory.
 */
export async function closeDrillShell(terminals: TerminalService, sessionId: string): Promise<void> {
  let exited!: () => void;
  const done = new Promise<void>((resolve) => (exited = resolve));
  const unsubscribe = terminals.addListener({
    onSessionExit: (id) => {
      if (id === sessionId) exited();
    },
  });
  try {
    if (terminals.get(sessionId).state !== 'running') return;
    terminals.close(sessionId);
    await Promise.race([done, delay(CLOSE_WAIT_MS)]);
  } catch {
    // The responder closed it already.
  } finally {
    unsubscribe();
  }
}
