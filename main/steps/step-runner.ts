import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { StepRunState, StepRunStatus } from '../../shared/model/step-run';
import { Conflict, DomainError, INCIDENT_RESOLVED, InvalidInput, NotFound, Refused } from '../../shared/model/domain-errors';
import type { Runbook, Step } from '../../shared/model/runbook';
import { paramProblems, resolveParams, type ResolvedParams } from '../../shared/runbook/params';
import type { CommandTrackerEvent } from '../../shared/terminal/command-tracker';
import type { EventHub } from '../services/event-hub';
import type { EventEntry, TimelineRecorder } from '../services/timeline-recorder';
import type { KnownSecretValues } from '../store/known-secret-values';
import { describeSurvivors } from '../terminal/process-group';
import type { TerminalService } from '../terminal/terminal-service';
import { StepTranscript, type Transcript } from '../terminal/transcript';
import type { RunbookGate } from './runbook-gate';
import { publicRequirement } from '../../shared/runbook/confirmation';
import { planRun } from '../../shared/runbook/run-plan';
import { confirmationsGivenUpFront, runPlanInOrder, type ConfirmedBy } from './plan-runner';
import { assertConfirmed, confirmationFor, type Confirmation } from './step-confirmation';
import { evaluateExpect, type ExpectVerdict } from './step-expect-check';
import { SECRET_MASK, sourceLine, StepFiles, stepHeaderLines, stepHeaderOutput, stepScriptFor, typedStepText, type ExportedParam } from './step-script';

/** Where runbooks come from: the library in the app, one file in the headless CLI. */

export interface RunbookSource {
  get(id: string): Runbook;
}

/** Tuning for {@link StepRunner}. */
export interface StepRunnerOptions {
  /**
   * The runs the durable record holds (shared/model/runs-from-record.ts):
   * after a restart they are the only source of what ran, so step:list
   * answers from them for every run this process did not run itself.
   */
  recorded?: () => readonly StepRunStatus[];
  /** After SIGINT, how long a cancelled step may take to stop before its job is killed. */
  cancelGraceMs?: number;
  /** How long a run waits for a session that is starting or drawing its prompt. */
  readyWaitMs?: number;
  now?: () => number;
  /**
   * Where each secret param value a step is given is registered before the
   * step is sent, so the output sink masks it in stored output and exports
   * mask it (main/store/known-secret-values.ts).
   */
  secrets?: KnownSecretValues;
}

/** 3 s: long enough for a program to clean up on SIGINT (ssh, psql), short enough for an impatient responder. */
export const CANCEL_GRACE_MS = 3_000;
/** After a cancel ended every process, how long the shell has to report the command's end before Ctrl-C is typed into it. */
const BUILTIN_SETTLE_MS = 500;
/** Waits out a shell's start-up (login files) and the prompt being drawn after a command. */
export const READY_WAIT_MS = 8_000;
/** How long a step file for a shell without integration may wait to be read before it is removed. */
const UNTRACKED_FILE_LIFETIME_MS = 30_000;
/** Runs kept for step:list after they finished. */
const RECENT_RUNS = 200;

/** The choices a run is made with. */
export interface RunRequest {
  runbookId: string;
  stepId: string;
  sessionId: string;
  /** The content hash of the runbook text the responder saw (or Run all planned): refused when the runbook changed since. */
  seenContentHash?: string;
  profile?: string | null;
  params?: Record<string, string>;
  confirmation?: string;
  intoRunningProgram?: boolean;
  /** Record into the incident even though it is resolved (the responder was asked and chose to). */
  afterResolved?: boolean;
  /**
   * The incident the run records into, as the responder saw it when they
   * acted; by default the active incident at this moment. Fixed for the
   * whole run: switching incidents or starting a drill mid-run does not
   * split it.
   */
  incidentId?: string;
}

interface ActiveRun {
  status: StepRunStatus;
  incidentId: string;
  runbook: Runbook;
  step: Step;
  sentLine: string;
  tracked: boolean;
  started: boolean;
  transcript: StepTranscript | null;
  secrets: string[];
  cancelReason: 'user' | 'timeout' | null;
  timers: Array<ReturnType<typeof setTimeout>>;
  file: string | null;
  /** What is left to see of the header the step file prints first: shown on the terminal, not part of the step's output. */
  headerLeft: string;
  /** A cancel ending the step's process tree; resolves to words on what survived, if anything. */
  ending: Promise<string | null> | null;
  finishing: boolean;
  done: Promise<StepRunStatus>;
  resolve: (status: StepRunStatus) => void;
}

interface Batch {
  batchId: string;
  cancelled: boolean;
  /** The run of the step the batch is at, once it was sent. */
  currentRunId: string | null;
}

/**
 * Runs runbook steps in shell sessions. Every gate is enforced here, in main,
 * whatever the UI does: a runbook with errors or one the trust gate refuses
 * never runs, params must be valid, and a confirmation must come with the
 * request. `step.started` is committed before a byte reaches the shell, so
 * there is never a command on the terminal that is missing from the record.
 */
export class StepRunner {
  private readonly active = new Map<string, ActiveRun>();
  private readonly bySession = new Map<string, ActiveRun>();
  private readonly batches = new Map<string, Batch>();
  private readonly recent: StepRunStatus[] = [];
  private readonly exported = new Map<string, Map<string, string>>();
  private readonly files = new StepFiles();
  private readonly now: () => number;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly runbooks: RunbookSource,
    private readonly terminals: TerminalService,
    private readonly recorder: TimelineRecorder,
    private readonly hub: EventHub,
    private readonly gate: RunbookGate,
    private readonly options: StepRunnerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.unsubscribe = terminals.addListener({
      onTrackerEvent: (sessionId, event) => this.onTrackerEvent(sessionId, event),
      onCommandOutput: (sessionId, command, text) => {
        const run = command.runId ? this.active.get(command.runId) : undefined;
        if (!run || run.status.sessionId !== sessionId) return;
        // Output in the same read as the C mark arrives before the tracker reports the start.
        run.transcript ??= new StepTranscript({ cols: this.terminals.get(sessionId).cols });
        run.transcript.write(withoutHeader(run, text));
      },
      onSessionExit: (sessionId) => {
        const run = this.bySession.get(sessionId);
        if (run && !run.started) void this.finish(run, null, 'failed', 'The shell exited before the step started.');
      },
    });
  }

  /** Run one step; resolves once it was sent. `batchId`: the step is part of that Run all (plan-runner.ts). */
  async run(request: RunRequest, context: { batchId: string | null; confirmedBy?: ConfirmedBy } = { batchId: null }): Promise<{ runId: string; state: StepRunState }> {
    const run = await this.start(request, { batchId: context.batchId, rollbackOf: null, ...(context.confirmedBy ? { confirmedBy: context.confirmedBy } : {}) });
    return { runId: run.status.runId, state: run.status.state };
  }

  /** Runs the rollback of `request.stepId`. */
  async rollback(request: RunRequest): Promise<{ runId: string; state: StepRunState; rollbackStepId: string }> {
    const runbook = this.runnable(request.runbookId, request.seenContentHash);
    const step = findStep(runbook, request.stepId);
    if (!step.rollback) throw new NotFound(`Step "${step.title}" has no rollback.`);
    const target = findStep(runbook, step.rollback);
    const run = await this.start({ ...request, stepId: target.id }, { batchId: null, rollbackOf: step.id });
    return { runId: run.status.runId, state: run.status.state, rollbackStepId: target.id };
  }

  /** What Run all would run for these choices, in order, and what it leaves out (shared/runbook/run-plan.ts). */
  plan(runbookId: string, choice: { stepIds?: string[]; profile?: string | null; params?: Record<string, string> } = {}) {
    const runbook = this.runbooks.get(runbookId);
    const { resolved, paramErrors, planned } = planFor(runbook, choice);
    const steps = planned.steps.map((step) => ({
      stepId: step.id,
      title: step.title,
      command: step.code,
      destructive: step.destructive,
      confirmation: publicRequirement(this.requirement(runbook, step, resolved, choice.profile ?? null).requirement),
      timeoutMs: step.timeoutMs,
      continueOnError: step.continueOnError,
    }));
    const skipped = planned.skipped.map(({ step, reason }) => ({ stepId: step.id, title: step.title, reason }));
    return { steps, skipped, paramErrors, production: resolved.production };
  }

  /**
   * Run all: checks every confirmation and the params first, so a batch is
   * refused whole rather than stopping halfway for a missing word; then runs
   * the plan in order in the background (plan-runner.ts, with the
   * confirmations the responder gave up front).
   */
  async runAll(request: {
    runbookId: string;
    sessionId: string;
    stepIds?: string[];
    profile?: string | null;
    params?: Record<string, string>;
    confirmations?: Record<string, string>;
    incidentId?: string;
    afterResolved?: boolean;
    seenContentHash?: string;
  }): Promise<{ batchId: string; stepIds: string[] }> {
    const runbook = this.runnable(request.runbookId, request.seenContentHash);
    const { resolved, paramErrors, planned: plan } = planFor(runbook, request);
    if (Object.keys(paramErrors).length) throw paramFailure(paramErrors);
    if (plan.problem !== null) throw new InvalidInput(`Run all has nothing to run: ${plan.problem}`);
    for (const step of plan.steps) {
      assertConfirmed(step, this.requirement(runbook, step, resolved, request.profile ?? null), request.confirmations?.[step.id]);
    }
    this.terminals.get(request.sessionId);
    if (this.bySession.has(request.sessionId)) throw busy();
    // The whole batch records into the incident the responder was in when they pressed Run all.
    const incidentId = request.incidentId ?? this.terminals.get(request.sessionId).incidentId ?? this.recorder.incidentForAction().id;
    assertOpenOrChosen(this.recorder, incidentId, request.afterResolved);
    const batch: Batch = { batchId: randomUUID(), cancelled: false, currentRunId: null };
    this.batches.set(batch.batchId, batch);
    const stepIds = plan.steps.map((step) => step.id);
    const emitBatch = (state: 'running' | 'passed' | 'stopped' | 'cancelled', currentStepId: string | null, message: string | null) =>
      this.hub.emit('step:batch', { batchId: batch.batchId, runbookId: runbook.id, sessionId: request.sessionId, stepIds, state, currentStepId, message });
    for (const stepId of stepIds) {
      this.publish({
        runId: `${batch.batchId}:${stepId}`,
        incidentId,
        batchId: batch.batchId,
        runbookId: runbook.id,
        stepId,
        sessionId: request.sessionId,
        state: 'queued',
        exitCode: null,
        startedAt: null,
        durationMs: null,
        expect: null,
        message: null,
        rollbackOf: null,
        recordProblem: null,
      });
    }
    emitBatch('running', stepIds[0] ?? null, null);
    void runPlanInOrder(this, {
      runbook,
      steps: plan.steps,
      sessionId: request.sessionId,
      profile: request.profile ?? null,
      ...(request.params ? { params: request.params } : {}),
      confirm: confirmationsGivenUpFront(request.confirmations),
      incidentId,
      afterResolved: true,
      batchId: batch.batchId,
      stopped: () => batch.cancelled,
      onStep: (step) => emitBatch('running', step.id, null),
      onSent: (_step, runId) => (batch.currentRunId = runId),
      onDone: () => (batch.currentRunId = null),
    }).then(({ end }) => {
      this.batches.delete(batch.batchId);
      if (end.state === 'passed') emitBatch(batch.cancelled ? 'cancelled' : 'passed', null, null);
      else if (end.state === 'cancelled') emitBatch('cancelled', end.step?.id ?? null, 'Run all was cancelled.');
      else if (end.state === 'stopped') emitBatch('stopped', end.step.id, `Stopped at "${end.step.title}": ${end.status.message ?? end.status.state}.`);
      else emitBatch('stopped', end.step.id, `Step "${end.step.title}" could not start: ${end.error.message}`);
    });
    return { batchId: batch.batchId, stepIds };
  }

  /** What Run would send, without sending it. */
  dryRun(request: { runbookId: string; stepId: string; sessionId?: string; profile?: string | null; params?: Record<string, string> }) {
    const runbook = this.runbooks.get(request.runbookId);
    const step = findStep(runbook, request.stepId);
    const resolved = resolveParams(runbook, request.profile, request.params);
    const params = exportedParams(runbook, resolved);
    // For a session: the exact file, and so the exact line, a run of the step there sends.
    const file = request.sessionId
      ? this.files.pathFor(step.id, request.sessionId, this.terminals.get(request.sessionId).shellKind === 'powershell' ? 'ps1' : 'sh')
      : this.files.previewPathFor(step.id, 'dry-run0');
    const env: Record<string, string> = {};
    for (const param of params) env[param.name] = param.secret && param.value !== '' ? SECRET_MASK : param.value;
    return {
      stepId: step.id,
      command: step.code,
      sentLine: sourceLine(file),
      script: stepScriptFor(step, { file, params, documentDir: path.dirname(runbook.path), shellKind: 'bash', mask: true }),
      env,
      cwd: step.cwd ?? null,
      confirmation: publicRequirement(this.requirement(runbook, step, resolved, request.profile ?? null).requirement),
      paramErrors: paramProblems(resolved),
    };
  }

  /** Cancels a run or a whole batch. */
  cancel(target: { runId?: string; batchId?: string }): boolean {
    if (target.batchId) {
      const batch = this.batches.get(target.batchId);
      if (!batch) return false;
      batch.cancelled = true;
      const current = batch.currentRunId ? this.active.get(batch.currentRunId) : undefined;
      if (current) this.cancelRun(current, 'user');
      return true;
    }
    const run = target.runId ? this.active.get(target.runId) : undefined;
    if (!run) return false;
    this.cancelRun(run, 'user');
    return true;
  }

  /** Running and recent runs, newest last: this process's own, after those only the record knows (earlier runs, before a restart). */
  list(): StepRunStatus[] {
    const own = [...this.recent, ...[...this.active.values()].map((run) => ({ ...run.status }))];
    const ownIds = new Set(own.map((run) => run.runId));
    // This process's view of its own runs wins: it knows a run is still going, and a result the full disk kept out of the record.
    const recorded = (this.options.recorded?.() ?? []).filter((run) => !ownIds.has(run.runId));
    return [...recorded, ...own];
  }

  /** Resolves when a run is over (tests, the headless CLI). */
  whenDone(runId: string): Promise<StepRunStatus> {
    const run = this.active.get(runId);
    if (run) return run.done;
    const status = this.recent.find((candidate) => candidate.runId === runId);
    if (status) return Promise.resolve(status);
    return Promise.reject(new NotFound(`No step run ${runId}.`));
  }

  /**
   * The app quits: every active run is recorded as cancelled for `reason`
   * and finished now, before its shell is ended (which would otherwise leave
   * it running in the record, or call it a shell exit). Then disposes.
   */
  async shutdown(reason = 'app quit'): Promise<void> {
    for (const batch of this.batches.values()) batch.cancelled = true;
    const runs = [...this.active.values()];
    for (const run of runs) {
      try {
        this.recorder.record(run.incidentId, 'step.cancelled', { runId: run.status.runId, runbookId: run.runbook.id, stepId: run.step.id, title: run.step.title, sessionId: run.status.sessionId, reason });
      } catch {
        // The database is gone; step.finished below is attempted anyway.
      }
    }
    await Promise.all(runs.map((run) => this.finish(run, null, 'cancelled', `Cancelled: Firebreak quit while the step was running (${reason}).`)));
    this.dispose();
  }

  dispose(): void {
    this.unsubscribe();
    for (const run of this.active.values()) for (const timer of run.timers) clearTimeout(timer);
    this.files.dispose();
  }

  private runnable(runbookId: string, seenContentHash?: string): Runbook {
    const runbook = this.runbooks.get(runbookId);
    if (seenContentHash !== undefined && seenContentHash !== runbook.contentHash) {
      throw new Refused(`Runbook "${runbook.title}" changed on disk since you saw it, so nothing was run. Look at it again, then run it.`);
    }
    if (runbook.errorCount > 0) {
      throw new Refused(`Runbook "${runbook.title}" has ${runbook.errorCount} error${runbook.errorCount === 1 ? '' : 's'}; fix ${runbook.errorCount === 1 ? 'it' : 'them'} (firebreak lint) before running its steps.`);
    }
    try {
      this.gate.assertRunnable(runbook);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new Refused((error as Error).message);
    }
    return runbook;
  }

  /** The one rule (shared/runbook/confirmation.ts); a blocked step is shown by a plan or dry run and refused when run. */
  private requirement(runbook: Runbook, step: Step, resolved: ResolvedParams, profile: string | null): Confirmation {
    return confirmationFor(step, { params: runbook.params, values: resolved.values, profile, production: resolved.production });
  }

  /**
   * `context.confirmedBy`: who gave the confirmation, set by the engine's own
   * callers (the CLI's flags, drills); never taken from a contract payload,
   * so a step:run from a window is always a person's.
   */
  private async start(request: RunRequest, context: { batchId: string | null; rollbackOf: string | null; confirmedBy?: ConfirmedBy }): Promise<ActiveRun> {
    const runbook = this.runnable(request.runbookId, request.seenContentHash);
    const step = findStep(runbook, request.stepId);
    const resolved = resolveParams(runbook, request.profile, request.params);
    const problems = paramProblems(resolved);
    if (Object.keys(problems).length) throw paramFailure(problems);
    const confirmation = this.requirement(runbook, step, resolved, request.profile ?? null);
    assertConfirmed(step, confirmation, request.confirmation);
    const requirement = confirmation.requirement;
    if (this.bySession.has(request.sessionId)) throw busy();
    await this.waitUntilReady(request.sessionId, request.intoRunningProgram ?? false);
    if (this.bySession.has(request.sessionId)) throw busy();

    const session = this.terminals.get(request.sessionId);
    // The run records where its session records; a session that has recorded nothing yet joins the incident the responder acts in.
    const incidentId = request.incidentId ?? session.incidentId ?? this.recorder.incidentForAction().id;
    assertOpenOrChosen(this.recorder, incidentId, request.afterResolved);
    this.terminals.adoptIncident(request.sessionId, incidentId);
    const params = exportedParams(runbook, resolved);
    const tracked = this.terminals.canTrack(request.sessionId);
    // A shell that cannot report commands but is our own local shell still sources a file; a
    // program in the foreground (ssh) gets the text typed, since our file is not on its host.
    const typed = session.integration === 'active' && !tracked;
    const runId = randomUUID();
    let file: string | null = null;
    let input: string;
    let sentLine: string;
    if (typed) {
      try {
        input = typedStepText({ code: step.code, params, ...(step.cwd ? { cwd: step.cwd } : {}) });
      } catch (error) {
        throw new Conflict((error as Error).message);
      }
      sentLine = input.trimEnd();
      input = input.replace(/\n/g, '\r');
    } else {
      const powershell = session.shellKind === 'powershell';
      file = this.files.pathFor(step.id, request.sessionId, powershell ? 'ps1' : 'sh');
      // PowerShell dot-sources with the same syntax; its quoting differs, and sourceLine's '…' is valid there too.
      sentLine = sourceLine(file);
      input = `${sentLine}\r`;
    }

    // Everything is decided: commit the record (one transaction: the runbook text followed,
    // the confirmation, the params exported, step.started), then write the file, then send.
    const entries: EventEntry[] = [];
    // (A blocked step never gets here: assertConfirmed refused it above.)
    if (requirement.kind === 'click' || requirement.kind === 'word') {
      entries.push({
        kind: 'confirmation.given',
        data: {
          runId,
          runbookId: runbook.id,
          stepId: step.id,
          title: step.title,
          sessionId: request.sessionId,
          kind: requirement.kind,
          ...(requirement.kind === 'word' ? { word: requirement.word, param: requirement.param } : {}),
          profile: request.profile ?? null,
          production: resolved.production,
          ...(context.confirmedBy ?? { by: 'person' }),
        },
      });
    }
    const changedParams = this.changedParams(request.sessionId, params);
    for (const param of changedParams) {
      entries.push({
        kind: 'param.set',
        data: { sessionId: request.sessionId, runId, runbookId: runbook.id, name: param.name, value: param.secret && param.value !== '' ? SECRET_MASK : param.value, secret: param.secret, profile: request.profile ?? null },
      });
    }
    entries.push({
      kind: 'step.started',
      data: {
        runId,
        batchId: context.batchId,
        runbookId: runbook.id,
        runbookTitle: runbook.title,
        contentHash: runbook.contentHash,
        stepId: step.id,
        title: step.title,
        command: step.code,
        sessionId: request.sessionId,
        profile: request.profile ?? null,
        production: resolved.production,
        rollbackOf: context.rollbackOf,
        sentAs: typed ? 'typed' : 'script',
        tracked: tracked,
      },
    });
    this.recorder.recordTogether(incidentId, entries, runbook);
    this.rememberParams(request.sessionId, changedParams);
    if (file) {
      this.files.write(file, stepScriptFor(step, { file, params, documentDir: path.dirname(runbook.path), shellKind: session.shellKind, runId }));
    }
    let resolveDone!: (status: StepRunStatus) => void;
    const run: ActiveRun = {
      incidentId,
      status: {
        runId,
        incidentId,
        batchId: context.batchId,
        runbookId: runbook.id,
        stepId: step.id,
        sessionId: request.sessionId,
        state: 'running',
        exitCode: null,
        startedAt: this.now(),
        durationMs: null,
        expect: null,
        message: null,
        rollbackOf: context.rollbackOf,
        recordProblem: null,
      },
      runbook,
      step,
      sentLine,
      tracked: false,
      started: false,
      transcript: null,
      secrets: params.filter((param) => param.secret && param.value.length >= 4).map((param) => param.value),
      cancelReason: null,
      timers: [],
      file,
      headerLeft: file && session.shellKind !== 'powershell' ? stepHeaderOutput(stepHeaderLines({ stepId: step.id, title: step.title, code: step.code })) : '',
      ending: null,
      finishing: false,
      done: new Promise((resolve) => (resolveDone = resolve)),
      resolve: (status) => resolveDone(status),
    };
    // Before a byte reaches the shell: the step may print the value at once.
    this.options.secrets?.add(run.secrets);
    this.active.set(runId, run);
    this.bySession.set(request.sessionId, run);
    let outcome: 'tracked' | 'untracked';
    try {
      outcome = this.terminals.sendCommand(request.sessionId, runId, sentLine, input);
    } catch (error) {
      await this.finish(run, null, 'failed', `Could not send the step: ${(error as Error).message}`);
      throw error;
    }
    run.tracked = outcome === 'tracked';
    this.publish({ ...run.status });
    if (!run.tracked) {
      await this.finish(run, null, 'unknown', session.integrationNote ?? 'Sent to a program that does not report commands; exit code unknown.');
      return run;
    }
    if (step.timeoutMs) {
      run.timers.push(setTimeout(() => this.cancelRun(run, 'timeout'), step.timeoutMs));
    }
    return run;
  }

  /** Waits for a starting shell's first prompt, or the prompt after the last command. */
  private async waitUntilReady(sessionId: string, intoRunningProgram: boolean): Promise<void> {
    const limit = this.now() + (this.options.readyWaitMs ?? READY_WAIT_MS);
    for (;;) {
      const session = this.terminals.get(sessionId);
      if (session.state !== 'running') throw new Conflict('The shell in this session has ended; restart it before running a step.');
      if (session.integration === 'unavailable') return;
      if (session.integration === 'active') {
        if (this.terminals.canTrack(sessionId)) return;
        if (session.busy) {
          if (intoRunningProgram) return;
          const current = this.terminals.currentCommand(sessionId);
          throw new Conflict(
            `The session is running ${current?.commandLine ? `"${current.commandLine}"` : 'a command'}; wait for it or stop it first (or send the step into the running program, e.g. an ssh session, with exit code unknown).`,
          );
        }
      }
      if (this.now() > limit) {
        if (intoRunningProgram) return;
        throw new Conflict('The shell has not shown its prompt yet; try again in a moment.');
      }
      // Woken by the session's next change (its prompt, its integration, its exit), or at the limit.
      await this.terminals.nextChange(sessionId, limit - this.now() + 1);
    }
  }

  private onTrackerEvent(sessionId: string, event: CommandTrackerEvent): void {
    const run = this.bySession.get(sessionId);
    if (!run) return;
    if (event.type === 'commandStarted' && event.command.runId === run.status.runId) {
      run.started = true;
      run.transcript ??= new StepTranscript({ cols: this.terminals.get(sessionId).cols });
    } else if (event.type === 'commandFinished' && event.command.runId === run.status.runId) {
      const exitCode = event.command.exitCode;
      if (event.command.state === 'sessionEnded') void this.finish(run, null, 'failed', 'The shell exited while the step was running.');
      else void this.finish(run, exitCode, null, null);
    } else if (event.type === 'promptReady' && !run.started && run.tracked) {
      // A new prompt while our command never started: the shell refused the line (e.g. a syntax error).
      this.terminals.cancelExpectation(sessionId, run.status.runId);
      void this.finish(run, null, run.cancelReason ? 'cancelled' : 'failed', run.cancelReason ? 'Cancelled before it started.' : 'The shell did not run the step (see the terminal for its message).');
    }
  }

  private cancelRun(run: ActiveRun, reason: 'user' | 'timeout'): void {
    if (run.cancelReason || !this.active.has(run.status.runId)) return;
    run.cancelReason = reason;
    const sessionId = run.status.sessionId;
    try {
      this.recorder.record(run.incidentId, 'step.cancelled', {
        runId: run.status.runId,
        runbookId: run.runbook.id,
        stepId: run.step.id,
        title: run.step.title,
        sessionId,
        reason,
        ...(reason === 'timeout' ? { timeoutMs: run.step.timeoutMs } : {}),
      });
    } catch {
      // A full disk: the recorder already said what was lost and notes it in the gap. The cancel still
      // happens (this may run from a timer or Ctrl-C, where a throw would end the process).
    }
    try {
      // SIGINT, SIGTERM, SIGKILL to every process the step started; finish() waits for it.
      // Also before its start mark was read: the shell may be running it already.
      run.ending = this.terminals.endCommandProcesses(sessionId, this.options.cancelGraceMs ?? CANCEL_GRACE_MS).then(
        async (survivors) => {
          // Every process is gone; the shell reports the end of the command soon after. If it does
          // not, only the shell itself is left running it (a builtin loop): Ctrl-C typed into it stops that.
          for (let waited = 0; !run.finishing && waited < BUILTIN_SETTLE_MS; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
          try {
            if (!run.finishing && this.active.has(run.status.runId)) this.terminals.interrupt(sessionId);
          } catch {
            // The session ended meanwhile: its exit finishes the run.
          }
          return describeSurvivors(survivors) || null;
        },
        () => null,
      );
      if (!run.started) {
        // Its start mark may still be unread though the shell ran the line a moment ago: "before it
        // started" is decided once the tree is ended, when a start would have been read.
        void run.ending.then(() => {
          if (!run.started && !run.finishing && this.terminals.cancelExpectation(sessionId, run.status.runId)) void this.finish(run, null, 'cancelled', 'Cancelled before it started.');
        });
      }
    } catch {
      // The session ended: its exit finishes the run.
      return;
    }
  }

  private async finish(run: ActiveRun, exitCode: number | null, forced: StepRunState | null, message: string | null): Promise<void> {
    if (!this.active.has(run.status.runId) || run.finishing) return;
    run.finishing = true;
    // A cancelled step is over only when its processes are gone (or named as left running).
    const leftRunning = run.ending ? await run.ending : null;
    this.active.delete(run.status.runId);
    if (this.bySession.get(run.status.sessionId) === run) this.bySession.delete(run.status.sessionId);
    for (const timer of run.timers) clearTimeout(timer);
    if (run.file && !run.started) {
      const file = run.file;
      // An untracked shell reads the file whenever it gets to it; give it time, then make sure no secret stays on disk.
      if (run.tracked) this.files.discard(file);
      else {
        const generation = this.files.generationOf(file);
        setTimeout(() => this.files.discard(file, generation), UNTRACKED_FILE_LIFETIME_MS).unref();
      }
    }
    const durationMs = run.status.startedAt === null ? null : this.now() - run.status.startedAt;
    let transcript: Transcript = { text: '', totalBytes: 0, omittedBytes: 0 };
    if (run.transcript) {
      try {
        transcript = await run.transcript.finish();
      } catch (error) {
        transcript = { text: `[the transcript could not be rendered: ${(error as Error).message}]`, totalBytes: 0, omittedBytes: 0 };
      }
    }
    const text = maskSecrets(transcript.text, run.secrets);
    let state: StepRunState;
    let verdict: ExpectVerdict;
    if (run.cancelReason === 'timeout') {
      state = 'failed';
      verdict = { passed: false, description: `timed out after ${formatMs(run.step.timeoutMs ?? 0)}` };
      message = `Timed out after ${formatMs(run.step.timeoutMs ?? 0)} and was stopped.`;
    } else if (run.cancelReason === 'user') {
      state = 'cancelled';
      verdict = { passed: false, description: 'cancelled' };
      message ??= 'Cancelled.';
    } else if (forced) {
      state = forced;
      verdict = forced === 'unknown' ? { passed: null, description: 'exit code unknown' } : { passed: false, description: message ?? forced };
    } else {
      verdict = evaluateExpect(run.step.expect, exitCode, text);
      state = verdict.passed === null ? 'unknown' : verdict.passed ? 'passed' : 'failed';
      if (!verdict.passed) message = verdict.description;
    }
    if (leftRunning) message = message ? `${message} ${leftRunning}` : leftRunning;
    run.status = { ...run.status, state, exitCode, durationMs, expect: verdict, message };
    try {
      this.recorder.record(run.incidentId, 'step.finished', {
        runId: run.status.runId,
        batchId: run.status.batchId,
        runbookId: run.runbook.id,
        stepId: run.step.id,
        title: run.step.title,
        command: run.step.code,
        sessionId: run.status.sessionId,
        status: state,
        exitCode,
        durationMs,
        expect: verdict,
        message,
        rollbackOf: run.status.rollbackOf,
        transcript: { text, totalBytes: transcript.totalBytes, omittedBytes: transcript.omittedBytes, truncated: transcript.omittedBytes > 0 },
      });
    } catch (error) {
      // The database went away or the disk is full: the live state still reaches the UI, saying the record lacks it.
      run.status = { ...run.status, recordProblem: `step.finished was not recorded: ${(error as Error).message}` };
    }
    this.recent.push({ ...run.status });
    if (this.recent.length > RECENT_RUNS) this.recent.shift();
    this.publish({ ...run.status });
    run.resolve({ ...run.status });
  }

  /** The params whose value differs from what this session was last given (all of them for a new session). */
  private changedParams(sessionId: string, params: ExportedParam[]): ExportedParam[] {
    const previous = this.exported.get(sessionId);
    return params.filter((param) => previous?.get(param.name) !== param.value);
  }

  private rememberParams(sessionId: string, params: ExportedParam[]): void {
    const previous = this.exported.get(sessionId) ?? new Map<string, string>();
    for (const param of params) previous.set(param.name, param.value);
    this.exported.set(sessionId, previous);
  }

  private publish(status: StepRunStatus): void {
    this.hub.emit('step:state', status);
  }
}

/** The step's output with the header its file printed first taken off (it may arrive split across reads). */
function withoutHeader(run: ActiveRun, text: string): string {
  if (!run.headerLeft) return text;
  const length = Math.min(run.headerLeft.length, text.length);
  if (text.slice(0, length) !== run.headerLeft.slice(0, length)) {
    // Not the header after all (the shell printed something first): keep everything.
    run.headerLeft = '';
    return text;
  }
  run.headerLeft = run.headerLeft.slice(length);
  return text.slice(length);
}

/**
 * A resolved incident's record is closed for ordinary work: a step run into it
 * is refused (the app asks: reopen, declare a follow-up, or record into it
 * anyway) rather than logged without a word.
 */
function assertOpenOrChosen(recorder: TimelineRecorder, incidentId: string, afterResolved: boolean | undefined): void {
  if (afterResolved || recorder.incidentStatus(incidentId) !== 'resolved') return;
  throw new Conflict(
    'This incident is resolved: reopen it, or declare a follow-up incident, before running more steps (or choose to record into it anyway).',
    [INCIDENT_RESOLVED],
  );
}

function findStep(runbook: Runbook, stepId: string): Step {
  const step = runbook.steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new NotFound(`Runbook "${runbook.title}" has no step "${stepId}".`);
  return step;
}

function exportedParams(runbook: Runbook, resolved: ResolvedParams): ExportedParam[] {
  return runbook.params.map((param) => ({ name: param.name, value: resolved.values[param.name] ?? '', secret: param.secret }));
}

function paramFailure(errors: Record<string, string>): InvalidInput {
  const details = Object.entries(errors).map(([name, problem]) => `${name}: ${problem}`);
  return new InvalidInput(`The params are not valid: ${Object.values(errors).join(' ')}`, details);
}

function busy(): Conflict {
  return new Conflict('A step is already running in this session; wait for it or cancel it.');
}

function maskSecrets(text: string, secrets: string[]): string {
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join(SECRET_MASK);
  return masked;
}

function formatMs(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s`;
}

/** The steps a choice plans (checked to exist) and the params it resolves, with what stops them: plan() and runAll() alike. */
function planFor(runbook: Runbook, choice: { stepIds?: string[] | undefined; profile?: string | null | undefined; params?: Record<string, string> | undefined }) {
  for (const id of choice.stepIds ?? []) findStep(runbook, id);
  const resolved = resolveParams(runbook, choice.profile, choice.params);
  return { resolved, paramErrors: paramProblems(resolved), planned: planRun(runbook, choice.stepIds ? { only: choice.stepIds } : {}) };
}
