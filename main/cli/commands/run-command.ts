import path from 'node:path';
import readline from 'node:readline';
import type { Command } from 'commander';
import type { EventOf } from '../../../shared/ipc/contract';
import { describeLostEvent } from '../../../shared/model/record-gap';
import type { Step } from '../../../shared/model/runbook';
import { paramsUsedBy } from '../../../shared/runbook/param-references';
import { paramProblems, resolveParams } from '../../../shared/runbook/params';
import { stepHeaderLines } from '../../../shared/terminal/step-header';
import { planRun } from '../../../shared/runbook/run-plan';
import { currentUser, databasePathIn } from '../../platform/app-paths';
import { bundledRunbooksDir } from '../../platform/app-root';
import { loadRunbook } from '../../runbooks/runbook-library';
import { TrustStore } from '../../runbooks/trust-store';
import { SettingsStore } from '../../settings/settings-store';
import { EventHub } from '../../services/event-hub';
import { createEngine, openOutputRecorder } from '../../services/engine-services';
import { TimelineRecorder } from '../../services/timeline-recorder';
import type { Confirmation, ConfirmationRequirement } from '../../steps/step-confirmation';
import { CANCEL_GRACE_MS } from '../../steps/step-runner';
import { runPlanInOrder, type ConfirmationAnswer, type ConfirmPolicy } from '../../steps/plan-runner';
import { REDACT_AT_WRITE_KEY } from '../../incidents/incident-service';
import { EventStore } from '../../store/event-store';
import type { OutputRecorder } from '../../terminal/output-recorder';
import { removeShellIntegrationFiles } from '../../terminal/shell-integration/shell-launch';
import { EXIT_OUTPUT_CLOSED, whenPipeCloses } from '../closed-pipe';
import { resolveDataDir } from '../data-dir';
import { PlainOutput } from '../plain-output';
import { openCheckedDatabase } from './incident-database';

/** Options of `firebreak run`. */
export interface RunOptions {
  param: string[];
  profile?: string;
  step: string[];
  category?: string[];
  yes?: boolean;
  yesDestructive?: boolean;
  dryRun?: boolean;
  shell?: string;
}

/** Exit codes of `firebreak run`, as --help and the README list them (EXIT_CODES_HELP). */
const EXIT_PASSED = 0;
/** A step that ran failed, was cancelled (one Ctrl-C) or its result is unknown. */
export const EXIT_FAILED = 1;
/** A step did not run: bad input (runbook errors, params, --step), an untrusted runbook, or a step refused or not confirmed (steps before it ran and passed). */
export const EXIT_REFUSED = 2;
/** The steps passed but the record lacks some of it (a full disk): what is missing was said on stderr. */
export const EXIT_NOT_RECORDED = 3;
/** A second Ctrl-C killed the running step at once (as a shell reports SIGINT: 128 + 2). */
export const EXIT_INTERRUPTED = 130;

/** The exit codes, for `firebreak run --help` (and the README says the same). */
const EXIT_CODES_HELP = `
Exit codes:
  ${EXIT_PASSED}    every step passed
  ${EXIT_FAILED}    a step ran and failed, was cancelled (Ctrl-C) or its result is unknown
  ${EXIT_REFUSED}    a step did not run: bad input (runbook errors, --param, --step), an untrusted runbook,
       a secret without a value, or a step refused or not confirmed (steps before it passed)
  ${EXIT_NOT_RECORDED}    the steps passed but the record is incomplete (e.g. a full disk; stderr says what is missing)
  ${EXIT_INTERRUPTED}  a second Ctrl-C killed the running step at once (recorded as cancelled, forced)
  ${EXIT_OUTPUT_CLOSED}  the output was closed (e.g. | head): the running step was cancelled, later steps not run
`;

/** Two SIGINTs closer than this are one interrupt delivered twice (to firebreak, then to its process group). */
const SAME_INTERRUPT_MS = 100;

/** Why a step was cancelled when stdout's reader went away (`firebreak run … | head`), as the record says it. */
export const OUTPUT_CLOSED_REASON = 'its output was closed: the program reading firebreak\'s standard output ended';
/** Why a step was cancelled when a second Ctrl-C killed it, as the record says it. */
export const FORCED_REASON = 'forced: killed at once by a second Ctrl-C';


/**
 * `firebreak run <runbook>`: runs steps in a real shell on a real pty, without
 * the UI — for on-call over SSH and for drills in CI. Same gates as the app
 * (confirmations, params, runbook errors), same database.
 */
export function register(program: Command): void {
  program
    .command('run')
    .description('run a runbook\'s steps in a real shell (all steps that Run all would run, or those given with --step); exit code 1 when a step fails, 2 when one was refused (see Exit codes below)')
    .argument('<runbook>', 'runbook file (.md)')
    .option('--param <NAME=VALUE>', 'set a param (repeatable); secrets left out are asked for on the terminal, unechoed', collect, [])
    .option('--profile <name>', 'use a profile\'s param values (e.g. staging)')
    .option('--step <id>', 'run only this step, by id or Runme name (repeatable; runs in document order)', collect, [])
    .option('--category <name>', 'run only steps in this Runme category/tag (repeatable)', collect, [])
    .option('--yes', 'answer yes to ordinary confirmations (typed words of non-destructive steps included)')
    .option('--yes-destructive', 'also confirm destructive steps without typing their word')
    .option('--dry-run', 'print each step\'s exact command and environment (secrets masked) without running anything')
    .option('--shell <path>', 'shell to run the steps in (default: $SHELL)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (file: string, options: RunOptions, command: Command) => {
      process.exitCode = await runHeadless(file, options, {
        dataDir: resolveDataDir(command),
        stdout: process.stdout,
        stderr: process.stderr,
        stdin: process.stdin,
      });
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Where `firebreak run` talks to: the real terminal, or streams in tests. */
export interface HeadlessIo {
  dataDir: string;
  stdout: NodeJS.WritableStream & { columns?: number; isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => void };
}

/** Runs the command; returns the exit code. */
export async function runHeadless(file: string, options: RunOptions, io: HeadlessIo): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  const resolvedFile = path.resolve(file);
  // Bundled runbooks ship with Firebreak; any other file needs the same trust decision as in the app.
  const origin = resolvedFile.startsWith(bundledRunbooksDir() + path.sep) ? 'bundled' : 'user';
  const runbook = loadRunbook(resolvedFile, origin);
  if (runbook.errorCount > 0) {
    for (const diagnostic of runbook.diagnostics.filter((d) => d.severity === 'error')) say(`${file}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.message}`);
    say(`firebreak: ${runbook.errorCount} error(s) in ${file}; nothing was run.`);
    return EXIT_REFUSED;
  }
  let overrides: Record<string, string>;
  try {
    overrides = parseParams(options.param);
  } catch (error) {
    say(`firebreak: ${(error as Error).message}`);
    return EXIT_REFUSED;
  }
  // The same plan as the app's Run all (shared/runbook/run-plan.ts), narrowed by --step and --category.
  const plan = planRun(runbook, { only: options.step, categories: options.category ?? [] });
  if (plan.problem !== null) {
    say(`firebreak: ${plan.problem}${options.step.length || options.category?.length ? '' : ' Name steps with --step.'}`);
    return EXIT_REFUSED;
  }
  // A step named with --step that cannot run headless (interactive) refuses the run rather than being dropped unsaid.
  const refused = options.step.length ? plan.skipped : [];
  if (refused.length) {
    for (const { step, reason } of refused) say(`firebreak: step ${step.id} cannot run here: ${reason}; run it in the app's terminal instead.`);
    return EXIT_REFUSED;
  }
  const steps = plan.steps;
  // Secrets nobody passed are asked for, unechoed, rather than left empty. Without a terminal to ask on, a secret
  // a step to run uses stops the run before anything runs (a secret has no default: the responder gives it).
  const used = paramsUsedBy(steps);
  const unanswered: string[] = [];
  for (const param of runbook.params) {
    if (!param.secret || Object.prototype.hasOwnProperty.call(overrides, param.name)) continue;
    if (options.dryRun) continue;
    if (!io.stdin.isTTY) {
      if (used.has(param.name)) unanswered.push(param.name);
      continue;
    }
    overrides[param.name] = await ask(io, `${param.name} (${param.description || 'secret'}, not shown): `, true);
  }
  if (unanswered.length) {
    for (const name of unanswered) {
      const users = steps.filter((step) => paramsUsedBy([step]).has(name)).map((step) => step.id);
      say(`firebreak: the secret param ${name} has no value, and step ${users.join(', ')} uses it; pass --param ${name}=… (e.g. --param ${name}="$${name}" from your environment), or run from a terminal to be asked for it unechoed.`);
    }
    say('firebreak: nothing was run.');
    return EXIT_REFUSED;
  }
  const resolved = resolveParams(runbook, options.profile, overrides);
  const problems = paramProblems(resolved);
  if (Object.keys(problems).length && !options.dryRun) {
    for (const problem of Object.values(problems)) say(`firebreak: ${problem}`);
    return EXIT_REFUSED;
  }

  const trust = new TrustStore(new SettingsStore(io.dataDir), { actor: currentUser() });
  if (!options.dryRun) {
    try {
      trust.assertRunnable(runbook);
    } catch (error) {
      say(`firebreak: ${(error as Error).message}`);
      say(`firebreak: review its commands and trust it with: firebreak trust ${file}   (or see them first with --dry-run)`);
      return EXIT_REFUSED;
    }
  }

  const hub = new EventHub();
  if (options.dryRun) {
    // Nothing is recorded or sent: the engine without a database, only to say what a run would send.
    const { steps: runner } = createEngine({ hub, recorder: new TimelineRecorder(null, hub), runbooks: { get: () => runbook }, gate: trust, output: null, redactAtWrite: () => false, log: say });
    try {
      io.stdout.write(`Dry run of "${runbook.title}"${options.profile ? ` with profile ${options.profile}` : ''}${resolved.production ? ' (PRODUCTION)' : ''}: ${steps.length} step(s), nothing is run.\n`);
      for (const problem of Object.values(problems)) io.stdout.write(`! ${problem}\n`);
      for (const step of steps) {
        const dry = runner.dryRun({ runbookId: runbook.id, stepId: step.id, profile: options.profile ?? null, params: overrides });
        io.stdout.write(`\n== ${step.id}: ${step.title}${step.destructive ? ' [destructive]' : ''}\n`);
        io.stdout.write(`confirm: ${describeConfirmation(dry.confirmation, step, options)}\n`);
        io.stdout.write(`environment:\n${Object.entries(dry.env).map(([name, value]) => `  ${name}=${value}`).join('\n') || '  (none)'}\n`);
        if (dry.cwd) io.stdout.write(`cwd: ${dry.cwd}\n`);
        io.stdout.write(`command:\n${dry.command.replace(/^/gm, '  ')}\n`);
      }
    } finally {
      runner.dispose();
    }
    return 0;
  }

  const databasePath = databasePathIn(io.dataDir);
  let store: EventStore;
  let output: OutputRecorder;
  // The app's write-time redaction setting applies here too: this writes to the same record.
  let redactAtWrite = false;
  try {
    // Checked before anything is written; a damaged file is moved aside (as the app does) and the run goes on in a fresh one.
    const db = openCheckedDatabase(databasePath, (warning) => say(`firebreak: ${warning}`));
    store = new EventStore(db, currentUser(), undefined, { redactAtWrite: () => redactAtWrite });
    redactAtWrite = store.appState(REDACT_AT_WRITE_KEY) === '1';
    // What this prints is journaled first, so a kill of this process loses none of it (replayed at the next open).
    output = openOutputRecorder(databasePath, () => recorder, say);
  } catch (error) {
    say(`firebreak: the database ${databasePath} cannot be opened (${(error as Error).message}); steps are not run while they cannot be recorded.`);
    return EXIT_REFUSED;
  }
  // Every failed write is said at once, naming what was not recorded.
  const recorder = new TimelineRecorder(store, hub, undefined, databasePath, (message) => say(message.startsWith('firebreak:') ? message : `firebreak: ${message}`));
  // Everything this run records goes to the incident active now, whatever becomes active meanwhile.
  let incident;
  try {
    incident = recorder.incidentForAction();
  } catch (error) {
    say(`firebreak: ${(error as Error).message}`);
    output.close();
    store.close();
    return EXIT_REFUSED;
  }
  const incidentId = incident.id;
  // Headless, there is no one to ask: say so plainly, then record into it as told.
  const afterResolved = recorder.incidentStatus(incidentId) === 'resolved';
  if (afterResolved) say(`firebreak: incident "${incident.title}" is resolved; these runs are recorded into it all the same (switch to or declare another incident in the app to keep them apart).`);
  // The app's engine wiring (engine-services.ts): recorded, redacted and masked as in the app.
  const { terminals, steps: runner } = createEngine({
    hub,
    recorder,
    runbooks: { get: () => runbook },
    gate: trust,
    output,
    redactAtWrite: () => redactAtWrite,
    log: say,
    // Nobody draws this terminal: output is acknowledged at once; every session records into the incident chosen above.
    terminal: { acknowledge: 'auto', incidentForSession: () => incidentId, ...(options.shell ? { shell: options.shell } : {}) },
  });
  // Set once the run is being stopped from outside (its output closed, a second Ctrl-C): no further step starts.
  let stopped: { exitCode: number; done: Promise<void> } | null = null;
  let outputClosed = false;
  // While a question waits on the terminal, the shell's output (its prompt) is held back, then printed after the answer.
  let held: string[] | null = null;
  // A reader that is not a terminal (a pipe, a file, CI) gets plain text; a terminal gets the bytes as they are.
  const plain = io.stdout.isTTY ? null : new PlainOutput();
  const show = (data: string) => {
    if (outputClosed) return;
    const text = plain ? plain.push(data) : data;
    if (text) io.stdout.write(text);
  };
  const unsubscribe = hub.subscribe((channel, payload) => {
    if (channel !== 'terminal:output' || outputClosed) return;
    const data = (payload as EventOf<'terminal:output'>).data;
    if (held) held.push(data);
    else show(data);
  });
  let sessionId: string | null = null;
  /**
   * Stops the run from outside as a quit of the app does: the running step is
   * recorded as cancelled for `reason` and finished (step runner shutdown),
   * its processes are ended (`end`), and no later step starts.
   */
  const stopRun = (reason: string, exitWith: number, end: () => Promise<unknown>) => {
    if (stopped) return;
    stopped = {
      exitCode: exitWith,
      done: (async () => {
        await runner.shutdown(reason);
        await end().catch(() => undefined);
      })(),
    };
  };
  // `firebreak run … | head`: the reader went away. Nothing more is wanted: stop as a cancel does, and say so.
  const releasePipe = whenPipeCloses(io.stdout, () => {
    outputClosed = true;
    say(`\nfirebreak: ${OUTPUT_CLOSED_REASON}; the running step is cancelled and no later step is run.`);
    stopRun(OUTPUT_CLOSED_REASON, EXIT_OUTPUT_CLOSED, () => (sessionId ? terminals.endCommandProcesses(sessionId, CANCEL_GRACE_MS) : Promise.resolve()));
  });
  let currentRun: string | null = null;
  let interrupts = 0;
  let firstInterruptAt = 0;
  const onSigint = () => {
    // `timeout -s INT` signals firebreak and then its whole process group: one interrupt arriving twice at once
    // is not a second Ctrl-C, which a person types well after the first.
    if (interrupts === 1 && Date.now() - firstInterruptAt < SAME_INTERRUPT_MS) return;
    if (interrupts === 0) firstInterruptAt = Date.now();
    interrupts++;
    if (currentRun && interrupts === 1) {
      say('\nfirebreak: cancelling the step (Ctrl-C again to kill it at once)…');
      runner.cancel({ runId: currentRun });
    } else if (currentRun || stopped) {
      // Not waiting any longer: nothing the step started may outlive firebreak. The record says the step was killed.
      terminals.killCommandProcessesNow();
      stopRun(FORCED_REASON, EXIT_INTERRUPTED, () => Promise.resolve());
      // Should the orderly end hang, a Ctrl-C still ends firebreak.
      setTimeout(() => process.exit(EXIT_INTERRUPTED), 5_000).unref();
    } else {
      // Nothing is running (between steps, at a question): nothing to record.
      terminals.killCommandProcessesNow();
      process.exit(EXIT_INTERRUPTED);
    }
  };
  process.on('SIGINT', onSigint);
  let exitCode = 0;
  try {
    say(`firebreak: recording to ${databasePath} (incident "${incident.title}")`);
    const session = terminals.open(Math.max(40, io.stdout.columns ?? 120), 30, { incidentId, ...(options.shell ? { shell: options.shell, trustedShell: true } : {}) });
    sessionId = session.id;
    // Steps whose header was shown before their question: not shown again as they start.
    const announced = new Set<string>();
    const confirm: ConfirmPolicy = (step, confirmation) =>
      obtainConfirmation(io, step, confirmation, options, async (ask) => {
        // What will run, before anyone is asked to run it: the header and the commands (params by name, so no secret shows).
        terminals.flushOutput(session.id);
        held = [];
        try {
          say(`\n${stepHeader(step)}`);
          for (const line of stepHeaderLines({ stepId: step.id, title: step.title, code: step.code }).slice(1)) say(`   ${line}`);
          announced.add(step.id);
          return await ask();
        } finally {
          const release = held;
          held = null;
          for (const data of release) show(data);
        }
      });
    const { end, runs } = await runPlanInOrder(runner, {
      runbook,
      steps,
      sessionId: session.id,
      profile: options.profile ?? null,
      params: overrides,
      confirm,
      incidentId,
      afterResolved,
      stopped: () => stopped !== null,
      onStep: (step) => {
        if (!announced.delete(step.id)) say(`\n${stepHeader(step)}`);
      },
      onSent: (_step, runId) => (currentRun = runId),
      onDone: (step, status) => {
        currentRun = null;
        terminals.flushOutput(session.id);
        const took = status.durationMs === null ? '' : ` in ${(status.durationMs / 1000).toFixed(1)} s`;
        say(`\n── ${step.id}: ${status.state.toUpperCase()}${status.exitCode === null ? '' : ` (exit code ${status.exitCode})`}${took}${status.message ? ` — ${status.message}` : ''}`);
        if (status.recordProblem) say(`firebreak: step ${step.id}: ${status.recordProblem}`);
      },
    });
    currentRun = null;
    if (end.state === 'unconfirmed') say(`\nfirebreak: ${end.error.message}`);
    if (end.state === 'not-started') say(`\nfirebreak: step ${end.step.id} was not run: ${end.error.message}`);
    // Any step that ran and did not pass fails the run, one that may fail (continueOnError) included; a step that
    // was refused or not confirmed did not run: EXIT_REFUSED, unless a step before it failed.
    if (runs.some((status) => status.state !== 'passed') || end.state === 'stopped' || end.state === 'cancelled') exitCode = EXIT_FAILED;
    else if (end.state === 'unconfirmed' || end.state === 'not-started') exitCode = EXIT_REFUSED;
  } catch (error) {
    say(`firebreak: ${(error as Error).message}`);
    exitCode = EXIT_REFUSED;
  } finally {
    process.off('SIGINT', onSigint);
    unsubscribe();
    if (plain && !outputClosed) io.stdout.write(plain.end());
    releasePipe();
    // Stopped from outside: the step is recorded as cancelled and its processes ended before the shell is.
    const stop = stopped as { exitCode: number; done: Promise<void> } | null;
    if (stop) {
      await stop.done;
      exitCode = stop.exitCode;
    } else runner.dispose();
    await terminals.shutdown();
    const incomplete = await whatWasNotRecorded(recorder, output);
    output.close();
    store.close();
    removeShellIntegrationFiles();
    if (incomplete) {
      say(`firebreak: the record of this run is INCOMPLETE (${databasePath}): NOT recorded: ${incomplete}.`);
      if (exitCode === 0) exitCode = EXIT_NOT_RECORDED;
    }
  }
  return exitCode;
}

/**
 * What failed writes (a full disk) left out of the record, in words, or
 * null. The output writer's failures arrive as messages from its thread, so
 * they are given a moment to be heard; its byte count is exact either way.
 * Tries once more to note the gap in the record, in case there is room again.
 */
async function whatWasNotRecorded(recorder: TimelineRecorder, output: OutputRecorder): Promise<string | null> {
  await output.settled();
  const lostBytes = output.lostByteCount;
  const heard = () => recorder.unrecorded.reduce((sum, gap) => sum + gap.lostOutputBytes, 0);
  for (let turn = 0; turn < 50 && heard() < lostBytes; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
  recorder.noteGap();
  const gaps = recorder.unrecorded;
  if (gaps.length === 0 && lostBytes === 0) return null;
  const events = gaps.flatMap((gap) => gap.lostEvents.map(describeLostEvent));
  return [...events, ...(lostBytes > 0 ? [`${lostBytes} bytes of terminal output`] : [])].join(', ');
}

/** `NAME=VALUE` pairs into a record; the value may contain `=`. */
export function parseParams(pairs: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    if (separator <= 0) throw new Error(`--param ${pair} must be NAME=VALUE.`);
    values[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  return values;
}

/**
 * The confirmation for a step: --yes answers ordinary ones, a destructive
 * step needs its word typed (or --yes-destructive). Without a terminal to
 * ask on, a step that still needs an answer stops the run.
 */
async function obtainConfirmation(
  io: HeadlessIo,
  step: Step,
  confirmation: Confirmation,
  options: RunOptions,
  /** Wraps the question: shows what will run first, holds the shell's output while it waits. */
  asking: (ask: () => Promise<string>) => Promise<string>,
): Promise<ConfirmationAnswer | undefined> {
  const requirement = confirmation.requirement;
  if (requirement.kind === 'none') return undefined;
  if (requirement.kind === 'blocked') throw new Error(`step ${step.id}: ${blockedReason(requirement)}`);
  // The flag that answers it, named in the record: nobody typed anything.
  const flag = answeringFlag(step, options).given;
  if (flag && confirmation.expected != null) return { text: confirmation.expected, by: { by: 'flag', flag } };
  if (!io.stdin.isTTY) {
    throw new Error(
      `step ${step.id} needs confirmation and there is no terminal to ask on; ${step.destructive ? 'pass --yes-destructive' : 'pass --yes'} to confirm it in advance.`,
    );
  }
  if (requirement.kind === 'click' && !step.destructive) {
    const answer = await asking(() => ask(io, `Run step "${step.title}" (${step.id})? [y/N] `, false));
    if (!/^y(es)?$/i.test(answer.trim())) throw new Error(`step ${step.id} was not confirmed; stopping.`);
    return { text: 'yes', by: { by: 'person' } };
  }
  const word = requirement.kind === 'word' ? requirement.word : 'yes';
  const what = requirement.kind === 'word' && requirement.param ? `the value of ${requirement.param}${requirement.secret ? '' : ` (${word})`}` : `"${word}"`;
  const answer = await asking(() => ask(io, `${step.destructive ? 'DESTRUCTIVE ' : ''}step "${step.title}" (${step.id}): type ${what} to run it: `, requirement.kind === 'word' && requirement.secret));
  return { text: answer.trim(), by: { by: 'person' } };
}

/** The line that opens a step on stderr: before its question, or as it starts. */
function stepHeader(step: Step): string {
  return `── ${step.id}: ${step.title}${step.destructive ? ' [destructive]' : ''}`;
}

/** Asks one question on the terminal; `hidden` echoes nothing (for secrets). */
function ask(io: HeadlessIo, question: string, hidden: boolean): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: io.stdin, output: io.stderr, terminal: Boolean(io.stdin.isTTY) });
    if (hidden) {
      const writer = rl as unknown as { _writeToOutput: (text: string) => void };
      let asked = false;
      writer._writeToOutput = (text: string) => {
        // Show the question once, then nothing of what is typed.
        if (!asked) io.stderr.write(text);
        asked = true;
      };
    }
    rl.question(question, (answer) => {
      if (hidden) io.stderr.write('\n');
      rl.close();
      resolve(answer);
    });
  });
}

/** Why a step cannot be confirmed, with the CLI's remedy: a param without a value is given with --param. */
function blockedReason(requirement: Extract<ConfirmationRequirement, { kind: 'blocked' }>): string {
  return requirement.param ? `${requirement.reason} Give it a value with --param ${requirement.param}=… (or a --profile that sets it).` : requirement.reason;
}

/**
 * The flag that answers a step's confirmation in advance (--yes for an
 * ordinary step, --yes-destructive for a destructive one, which answers
 * ordinary ones too), and the one of them given on this command line.
 */
function answeringFlag(step: Step, options: RunOptions): { needed: string; given: string | null } {
  if (step.destructive) return { needed: '--yes-destructive', given: options.yesDestructive ? '--yes-destructive' : null };
  return { needed: '--yes', given: options.yes ? '--yes' : options.yesDestructive ? '--yes-destructive' : null };
}

/** What a run would ask before the step (as obtainConfirmation asks it), and which flag answers it. */
function describeConfirmation(requirement: ConfirmationRequirement, step: Step, options: RunOptions): string {
  if (requirement.kind === 'none') return 'none';
  if (requirement.kind === 'blocked') return `cannot run: ${blockedReason(requirement)}`;
  const question =
    requirement.kind === 'click'
      ? step.destructive
        ? 'type "yes"'
        : 'asks for a yes [y/N]'
      : `type ${requirement.param ? `the value of ${requirement.param} (${requirement.word})` : `"${requirement.word}"`}`;
  const { needed, given } = answeringFlag(step, options);
  return given ? `answered in advance by ${given} (would ${question.replace(/^asks/, 'ask')})` : `${question}; ${needed} answers it in advance`;
}
