import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { renderDrillReportMarkdown } from '../../../shared/drills/drill-report';
import { formatDrillDuration } from '../../../shared/drills/score-drill';
import type { EventOf } from '../../../shared/ipc/contract';
import { bundledRunbooksDir } from '../../platform/app-root';
import { readPackageVersion } from '../../platform/package-version';
import { loadRunbook } from '../../runbooks/runbook-library';
import { AppServices } from '../../services/app-services';
import { resolveDataDir } from '../data-dir';

/** Options of `firebreak drill`. */
export interface DrillOptions {
  auto?: boolean;
  json?: boolean;
  skip: string[];
  injects?: string;
  shell?: string;
  verbose?: boolean;
}

/** Exit codes: 0 the lab recovered (or, without a lab, the drill ran); 1 it did not; 2 the drill could not start. */
export const DRILL_EXIT_NOT_RECOVERED = 1;
export const DRILL_EXIT_REFUSED = 2;
/** How long a lab may take to pass its health check after the last step (ms): the flood lab's backlog drains in a few seconds. */
const RECOVERY_WAIT_MS = 30_000;

/** `firebreak drill <runbook>`: a drill against the runbook's local lab, without the UI. */
export function register(program: Command): void {
  program
    .command('drill')
    .description('drill a runbook against its local lab (127.0.0.1, a temporary folder); with --auto, run its steps and exit 1 if the lab did not recover')
    .argument('<runbook>', 'runbook id (e.g. crash-and-rollback) or its .md file in the library')
    .option('--auto', 'run the runbook\'s Run-all steps with the drill profile, confirmations given (it is a lab), and report whether the lab recovered')
    .option('--json', 'print the drill\'s score as JSON instead of the Markdown report')
    .option('--skip <step-id>', 'leave this step out of --auto (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--injects <file>', 'a drill file (YAML or JSON: { injects: [{ at: "T+2m", message: "…", action: "…" }] }) on top of the runbook\'s own')
    .option('--shell <path>', 'shell for the drill session (default: $SHELL)')
    .option('--verbose', 'copy the drill shell\'s output to stderr')
    .action(async (runbook: string, options: DrillOptions, command: Command) => {
      process.exitCode = await runDrill(runbook, options, { dataDir: resolveDataDir(command), stdout: process.stdout, stderr: process.stderr });
    });
}

/** Where `firebreak drill` writes. */
export interface DrillIo {
  dataDir: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** How long --auto waits for the lab to recover after the last step (ms); tests that expect no recovery shorten it. */
  recoveryWaitMs?: number;
  /** Shell and environment of the drill session (tests give a quiet bash with a fixed prompt). */
  terminal?: { shell?: string; env?: NodeJS.ProcessEnv; cwd?: string };
}

/** Runs the command; returns the exit code. */
export async function runDrill(runbookArg: string, options: DrillOptions, io: DrillIo): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  let injects: unknown[] = [];
  if (options.injects) {
    try {
      const parsed: unknown = parseYaml(fs.readFileSync(path.resolve(options.injects), 'utf8'), { maxAliasCount: 100 });
      const list = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as { injects?: unknown }).injects : undefined;
      if (!Array.isArray(list)) throw new Error('it must hold an "injects" list');
      injects = list;
    } catch (error) {
      say(`firebreak: the drill file ${options.injects} cannot be used: ${(error as Error).message}`);
      return DRILL_EXIT_REFUSED;
    }
  }
  const services = new AppServices({
    dataDir: io.dataDir,
    runbookFolders: [{ dir: bundledRunbooksDir(), origin: 'bundled' }],
    host: 'browser',
    version: readPackageVersion(),
    watchRunbooks: false,
    // Nobody draws this terminal: acknowledge output at once so the shell is never paused.
    terminal: { acknowledge: 'auto', ...io.terminal, ...(options.shell ? { shell: options.shell } : {}) },
    log: say,
  });
  const drills = services.drills;
  if (!drills) {
    say(`firebreak: drills need the incident database: ${services.warnings[0] ?? 'it is unavailable'}`);
    services.dispose();
    return DRILL_EXIT_REFUSED;
  }
  const unsubscribe = services.hub.subscribe((channel, payload) => {
    if (channel === 'terminal:output' && options.verbose) io.stderr.write((payload as EventOf<'terminal:output'>).data);
    if (channel === 'drill:state') {
      const state = payload as EventOf<'drill:state'>;
      for (const inject of state.injects) if (inject.firedAt && !announced.has(inject.at + inject.message)) {
        announced.add(inject.at + inject.message);
        say(`\n>>> FACILITATOR INJECT ${inject.at}: ${inject.message}${inject.result ? ` (${inject.result})` : ''}`);
      }
    }
  });
  const announced = new Set<string>();
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    say(`\nfirebreak: ${signal}: abandoning the drill and stopping its lab…`);
    void drills
      .end('abandoned')
      .catch(() => undefined)
      .finally(() => {
        unsubscribe();
        services.dispose();
        process.exit(130);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const runbookId = resolveRunbookId(runbookArg, services);
    say(`firebreak: starting a drill of ${runbookId} (recording to ${services.databasePath})…`);
    const started = await drills.start(runbookId, { injects });
    if (started.scenario) {
      say(`firebreak: lab ${started.scenario} is up in ${started.labDir} and broken: T+0 at ${started.faultAt}.`);
    }
    for (const inject of started.injects) say(`firebreak: inject scheduled at ${inject.at}: ${inject.message}`);
    let recovered: boolean;
    if (options.auto) {
      await drills.runPlan({
        skipStepIds: options.skip,
        onStep: (stepId, title) => say(`── ${stepId}: ${title}`),
      });
      if (started.scenario) {
        const health = await drills.waitForRecovery(io.recoveryWaitMs ?? RECOVERY_WAIT_MS);
        recovered = health.healthy;
        say(`firebreak: the lab is ${health.healthy ? 'healthy again' : 'still broken'}: ${health.detail}`);
      } else {
        recovered = true;
      }
    } else if (started.scenario) {
      say(`firebreak: work the runbook against the lab in another shell:\n  cd ${started.labDir}\nfirebreak waits for the lab to pass its health check (Ctrl-C abandons the drill).`);
      for (;;) {
        const health = await drills.waitForRecovery(60_000);
        if (health.healthy) break;
      }
      recovered = true;
    } else {
      say('firebreak: this runbook has no lab; use --auto to run its steps, or drill it in the app.');
      recovered = true;
    }
    const ended = await drills.end(recovered ? 'resolved' : 'abandoned');
    const score = ended.score;
    if (!score) {
      say('firebreak: the drill could not be scored.');
      return DRILL_EXIT_NOT_RECOVERED;
    }
    io.stdout.write(options.json ? `${JSON.stringify(score, null, 2)}\n` : renderDrillReportMarkdown(score));
    say(`firebreak: ${score.summary}${score.timeToMitigateMs !== null ? ` (T+${formatDrillDuration(score.timeToMitigateMs)})` : ''}`);
    return started.scenario && !score.labRecovered ? DRILL_EXIT_NOT_RECOVERED : 0;
  } catch (error) {
    say(`firebreak: ${(error as Error).message}`);
    return DRILL_EXIT_REFUSED;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!stopping) {
      unsubscribe();
      await services.terminals.shutdown();
      services.dispose();
    }
  }
}

/** A runbook id, or a .md path whose front-matter id the library knows. */
function resolveRunbookId(arg: string, services: AppServices): string {
  if (arg.endsWith('.md') && fs.existsSync(arg)) {
    const loaded = loadRunbook(path.resolve(arg), 'user');
    services.library.get(loaded.id);
    return loaded.id;
  }
  services.library.get(arg);
  return arg;
}
