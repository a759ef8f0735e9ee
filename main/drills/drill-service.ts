import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDrillInjects, type DrillInject } from '../../shared/drills/drill-injects';
import { renderDrillReport, type DrillReportFormat } from '../../shared/drills/drill-report';
import { isLabScenarioId, LAB_SCENARIO_IDS, LAB_SCENARIOS, type LabScenarioId } from '../../shared/drills/lab-scenarios';
import { scoreDrill, type DrillOutcome, type DrillScore } from '../../shared/drills/score-drill';
import type { DrillStatus } from '../../shared/model/drill-status';
import { Conflict, InvalidInput, NotFound, Unavailable } from '../../shared/model/domain-errors';
import type { Runbook } from '../../shared/model/runbook';
import { isEventOfKind, type EventOfKind, type TimelineEvent } from '../../shared/model/timeline';
import { parseDuration } from '../../shared/runbook/duration';
import { resolveParams } from '../../shared/runbook/params';
import { planRun } from '../../shared/runbook/run-plan';
import type { IncidentService } from '../incidents/incident-service';
import type { EventHub } from '../services/event-hub';
import type { EventEntry, TimelineRecorder } from '../services/timeline-recorder';
import type { StepRunStatus } from '../../shared/model/step-run';
import { confirmEverything, runPlanInOrder } from '../steps/plan-runner';
import type { StepRunner } from '../steps/step-runner';
import { DrillRecords } from '../store/drill-records';
import type { EventStore } from '../store/event-store';
import type { TerminalService } from '../terminal/terminal-service';
import { closeDrillShell, drillShellParams, enterLab } from './drill-shell';
import { removeLabDir } from './lab-dir';
import { LabPortInUseError } from './lab-errors';
import { LabManager, type RunningLab } from './lab-manager';
import { assertPortsFree } from './lab-ports';
import { processesUsingDir } from './testing/lab-leftovers';

/** How often the lab's health is checked during a drill (ms): the banner is live, and T+ figures are to the second. */
export const HEALTH_POLL_MS = 1_000;
/** Name of the runbook profile a drill runs with. */
export const DRILL_PROFILE = 'drill';
/** Actor of the events the drill itself records (as opposed to the responder). */
const DRILL_ACTOR = 'firebreak-drill';

/** Where the drill service gets runbooks. */
export interface DrillRunbookSource {
  get(id: string): Runbook;
}

/** What the drill service works with: the app's own services. */
export interface DrillServiceParts {
  runbooks: DrillRunbookSource;
  terminals: TerminalService;
  steps: StepRunner;
  recorder: TimelineRecorder;
  incidents: IncidentService;
  /** The event store, to record drill events on the drill's own incident and read earlier scores. */
  events: EventStore;
  hub: EventHub;
  labs?: LabManager;
  healthPollMs?: number;
  log?: (message: string) => void;
}

/** Options of one drill start. */
export interface StartDrillOptions {
  /** Injects on top of the runbook's front matter `drill.injects` (a drill file's, or the facilitator's). */
  injects?: unknown[];
  cols?: number;
  rows?: number;
}

interface ActiveDrill {
  status: DrillStatus;
  runbook: Runbook;
  scenario: LabScenarioId | null;
  lab: RunningLab | null;
  previousActiveId: string | null;
  timers: Array<ReturnType<typeof setTimeout>>;
  polling: boolean;
  ending: boolean;
  /** Set when end() is called while the lab is still starting: start() abandons at its next step. */
  abandonWhileStarting: boolean;
  /** Settles when start() is over (in either direction). */
  startDone: Promise<void>;
}

/**
 * Drill mode: a runbook started as a drill against its lab. One call
 * declares the drill, starts the lab, opens a shell in it, injects the fault
 * (T+0) and schedules the facilitator's injects; the lab's health is polled
 * and the drill becomes "mitigated" when it passes again. end() scores the
 * drill ('drill.scored') and tears the lab down; so does dispose() (the app
 * quits). A drill left unfinished by a crash is closed as abandoned on the
 * next start. One drill at a time.
 */
export class DrillService {
  readonly labs: LabManager;
  private current: ActiveDrill | null = null;
  private last: DrillStatus | null = null;
  private readonly log: (message: string) => void;
  private readonly records: DrillRecords;

  constructor(private readonly parts: DrillServiceParts) {
    this.labs = parts.labs ?? new LabManager();
    this.log = parts.log ?? (() => {});
    this.records = new DrillRecords(parts.events);
    try {
      this.closeInterruptedDrills();
    } catch (error) {
      this.log(`firebreak: could not close drills interrupted by a crash: ${(error as Error).message}`);
    }
  }

  /** Runbooks the library has a lab for. */
  scenarios() {
    return LAB_SCENARIO_IDS.filter((id) => this.hasRunbook(LAB_SCENARIOS[id].runbookId)).map((id) => {
      const scenario = LAB_SCENARIOS[id];
      return { scenario: id, runbookId: scenario.runbookId, title: scenario.title, fault: scenario.fault, actions: { ...scenario.actions } };
    });
  }

  /** The running drill, or the last one of this run. */
  status(): DrillStatus | null {
    return this.current ? { ...this.current.status } : this.last;
  }

  /** Starts `runbookId` as a drill; resolves once the fault is injected (T+0) and the shell is in the lab. */
  async start(runbookId: string, options: StartDrillOptions = {}): Promise<DrillStatus> {
    if (this.current) {
      throw new Conflict(`A drill is already running ("${this.current.status.title}"); end it before starting another.`);
    }
    const runbook = this.parts.runbooks.get(runbookId);
    const scenario = isLabScenarioId(runbook.id) ? runbook.id : null;
    const profile = runbook.profiles.some((candidate) => candidate.name === DRILL_PROFILE) ? DRILL_PROFILE : null;
    if (scenario && !profile) throw new InvalidInput(`Runbook "${runbook.title}" has a lab but no "${DRILL_PROFILE}" profile to point its steps at it.`);
    const resolved = resolveParams(runbook, profile);
    if (Object.keys(resolved.errors).length) {
      throw new InvalidInput(`The ${profile ?? 'default'} params of "${runbook.title}" are not valid: ${Object.values(resolved.errors).join(' ')}`);
    }
    const fromFrontMatter = parseDrillInjects(runbook.frontMatter.drill, 'drill');
    const extra = parseDrillInjects({ injects: options.injects ?? [] }, 'injects');
    const problems = [...fromFrontMatter.problems, ...extra.problems];
    const injects = [...fromFrontMatter.injects, ...extra.injects].sort((a, b) => a.atMs - b.atMs);
    for (const inject of injects) {
      if (!inject.action) continue;
      const available = scenario ? LAB_SCENARIOS[scenario].actions : {};
      if (!(inject.action in available)) {
        problems.push(`Inject at ${inject.at} names the lab action "${inject.action}", which ${scenario ? `the ${scenario} lab does not offer (it offers: ${Object.keys(available).join(', ') || 'none'})` : 'needs a lab, and this runbook has none'}.`);
      }
    }
    if (problems.length) throw new InvalidInput(`The drill's injects are not valid: ${problems.join(' ')}`, problems);
    // A taken port is refused before anything is recorded: there is no drill to keep yet.
    if (scenario) {
      try {
        await assertPortsFree(LAB_SCENARIOS[scenario].ports);
      } catch (error) {
        if (error instanceof LabPortInUseError) throw new Conflict(error.message);
        throw error;
      }
    }

    const previousActiveId = this.parts.recorder.activeIncidentId() ?? null;
    // The kind says it is a drill; every view adds its own "DRILL" mark, so the title is the runbook's alone.
    const declared = this.parts.incidents.declare({ title: runbook.title, kind: 'drill', services: runbook.services });
    const drill: ActiveDrill = {
      status: {
        incidentId: declared.id,
        title: declared.title,
        runbookId: runbook.id,
        runbookTitle: runbook.title,
        scenario,
        phase: 'starting',
        sessionId: null,
        labDir: null,
        startedAt: declared.createdAt,
        faultAt: null,
        health: null,
        healthyAt: null,
        injects: injects.map((inject) => ({ ...inject, firedAt: null, result: null })),
        problems: [],
        message: null,
        score: null,
        revision: 0,
      },
      runbook,
      scenario,
      lab: null,
      previousActiveId,
      timers: [],
      polling: false,
      ending: false,
      abandonWhileStarting: false,
      startDone: Promise.resolve(),
    };
    let startSettled!: () => void;
    drill.startDone = new Promise((resolve) => (startSettled = resolve));
    this.current = drill;
    this.record(drill, { kind: 'drill.started', data: { runbookId: runbook.id, runbookTitle: runbook.title, scenario, profile, ownerPid: process.pid } });
    this.publish(drill);

    try {
      let labEnv: Record<string, string> = {};
      if (scenario) {
        this.record(drill, { kind: 'drill.lab', data: { state: 'starting', scenario, detail: LAB_SCENARIOS[scenario].title } });
        drill.lab = await this.labs.start(scenario, { onProblem: (message) => this.onLabProblem(drill, message) });
        if (drill.abandonWhileStarting) throw new Error('the drill was abandoned while its lab started');
        drill.status.labDir = drill.lab.dir;
        labEnv = drill.lab.env;
        this.record(drill, { kind: 'drill.lab', data: { state: 'started', scenario, detail: `in ${drill.lab.dir}`, labDir: drill.lab.dir } });
      }
      const session = this.parts.terminals.open(options.cols ?? 120, options.rows ?? 30);
      drill.status.sessionId = session.id;
      if (drill.lab) {
        await enterLab(this.parts.terminals, session.id, drill.lab.dir, { ...drillShellParams(runbook, resolved), ...labEnv });
      }
      if (drill.abandonWhileStarting) throw new Error('the drill was abandoned while its lab started');
      if (drill.lab) await drill.lab.inject();
      // end() may have been called while the fault went in: the drill must not start running after all.
      if (drill.abandonWhileStarting) throw new Error('the drill was abandoned while its lab started');
      const faultAt = new Date().toISOString();
      drill.status.faultAt = faultAt;
      drill.status.phase = 'running';
      this.record(drill, { kind: 'drill.fault', data: { scenario, fault: scenario ? LAB_SCENARIOS[scenario].fault : 'none: the scenario is played from the runbook' } });
      this.parts.incidents.setMoment(drill.status.incidentId, 'detected', faultAt);
      for (const inject of injects) drill.timers.push(setTimeout(() => void this.fireInject(drill, inject), inject.atMs));
      if (drill.lab) void this.pollHealth(drill);
      this.publish(drill);
      return { ...drill.status };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.finish(drill, 'abandoned', drill.abandonWhileStarting ? 'The drill was abandoned while its lab started.' : `The drill could not start: ${reason}`);
      const message = `The drill could not start: ${reason}`;
      throw error instanceof LabPortInUseError ? new Conflict(message) : new Unavailable(message);
    } finally {
      startSettled();
    }
  }

  /**
   * Runs the runbook's Run-all plan in the drill's shell, one step after the
   * other, with every confirmation given (it is a lab; a word is typed as the
   * drill profile resolves it). `skipStepIds` are left out (to prove a lab
   * stays broken without its fixing steps). Stops at a failed step unless it
   * may fail (continueOnError). Resolves with each run's outcome.
   */
  async runPlan(options: { skipStepIds?: readonly string[]; onStep?: (stepId: string, title: string) => void } = {}): Promise<StepRunStatus[]> {
    const drill = this.current;
    if (!drill || drill.status.phase !== 'running' || !drill.status.sessionId) throw new Conflict('No drill is running.');
    const profile = drill.runbook.profiles.some((candidate) => candidate.name === DRILL_PROFILE) ? DRILL_PROFILE : null;
    const plan = planRun(drill.runbook, { skip: options.skipStepIds ?? [] });
    const { runs, end } = await runPlanInOrder(this.parts.steps, {
      runbook: drill.runbook,
      steps: plan.steps,
      sessionId: drill.status.sessionId,
      profile,
      confirm: confirmEverything,
      stopped: () => this.current !== drill || drill.ending,
      onStep: (step) => options.onStep?.(step.id, step.title),
    });
    // A step the engine refused to send (the shell gone, a gate) is the caller's error to report, not a failed step.
    if (end.state === 'not-started' || end.state === 'unconfirmed') throw end.error;
    return runs;
  }

  /** Resolves with the lab's health once it is healthy again, or after `timeoutMs` with its health then. */
  async waitForRecovery(timeoutMs: number): Promise<{ healthy: boolean; detail: string }> {
    const drill = this.current;
    if (!drill?.lab) throw new Conflict('No drill with a lab is running.');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const health = await drill.lab.health();
      if (health.healthy || Date.now() > deadline || this.current !== drill) return health;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Ends the running drill: scores it ('drill.scored'), tears the lab down, closes its shell. */
  async end(outcome: DrillOutcome = 'resolved'): Promise<DrillStatus> {
    const drill = this.current;
    if (!drill) throw new Conflict('No drill is running.');
    if (drill.ending) throw new Conflict('The drill is already ending.');
    if (drill.status.phase === 'starting') {
      drill.abandonWhileStarting = true;
      await drill.startDone;
      // start() abandons at its next check; should it have got past every check, the drill is ended here.
      if (this.current === drill && !drill.ending) await this.finish(drill, 'abandoned', 'The drill was abandoned while its lab started.');
      return { ...drill.status };
    }
    await this.finish(drill, outcome, outcome === 'abandoned' ? 'The drill was abandoned.' : null);
    return { ...drill.status };
  }

  /** The score of a drill incident, from its 'drill.scored' event. */
  score(incidentId: string): DrillScore | null {
    return this.records.latestScore(incidentId);
  }

  /** A drill's report file. */
  report(incidentId: string, format: DrillReportFormat): { fileName: string; content: string } {
    const score = this.score(incidentId);
    if (!score) throw new NotFound(`Drill ${incidentId} has no score: it is still running, or it is not a drill.`);
    return renderDrillReport(score, format);
  }

  /** The app quits: the running drill is abandoned and scored at once, and every lab process is killed. Synchronous. */
  dispose(): void {
    const drill = this.current;
    if (drill) {
      this.stopTimers(drill);
      try {
        this.record(drill, { kind: 'drill.ended', data: { outcome: 'abandoned', message: 'Firebreak quit during the drill; the drill was abandoned and its lab stopped.' } });
        this.scoreNow(drill, 'abandoned', drill.status.health?.healthy ?? null);
      } catch (error) {
        this.log(`firebreak: the drill could not be scored on quit: ${(error as Error).message}`);
      }
      this.current = null;
    }
    this.labs.killAllNow();
  }

  private async finish(drill: ActiveDrill, outcome: DrillOutcome, message: string | null): Promise<void> {
    drill.ending = true;
    this.stopTimers(drill);
    drill.status.message = message;
    let healthyAtEnd: boolean | null = null;
    if (drill.lab) {
      const health = await drill.lab.health();
      healthyAtEnd = health.healthy;
      drill.status.health = { ...health, checkedAt: new Date().toISOString() };
      if (health.healthy && drill.status.faultAt && !drill.status.healthyAt) this.markHealthy(drill, drill.status.health.checkedAt, health.detail);
    }
    try {
      if (outcome === 'resolved' && drill.status.faultAt) this.parts.incidents.setStatus(drill.status.incidentId, 'resolved');
      this.record(drill, {
        kind: 'drill.ended',
        data: { outcome, message: message ?? `Drill ended (${outcome})${drill.lab ? `; the lab was ${healthyAtEnd ? 'healthy' : 'still broken'}` : ''}.` },
      });
      this.scoreNow(drill, outcome, healthyAtEnd);
    } catch (error) {
      this.log(`firebreak: the drill could not be scored: ${(error as Error).message}`);
      drill.status.problems.push(`The drill could not be scored: ${(error as Error).message}`);
    }
    await this.tearDown(drill);
  }

  private scoreNow(drill: ActiveDrill, outcome: DrillOutcome, healthyAtEnd: boolean | null): void {
    const incident = this.parts.incidents.get(drill.status.incidentId);
    const endedAt = new Date().toISOString();
    const score = scoreDrill({
      incidentId: incident.id,
      title: incident.title,
      runbook: { id: drill.runbook.id, title: drill.runbook.title, rtoMs: parseDuration(drill.runbook.frontMatter.rto) ?? null },
      scenario: drill.scenario,
      faultAt: drill.status.faultAt ?? drill.status.startedAt,
      keyMoments: incident.keyMoments,
      labHealthyAt: drill.status.healthyAt,
      labHealthyAtEnd: healthyAtEnd,
      endedAt,
      outcome,
      plannedStepIds: planRun(drill.runbook).steps.map((step) => step.id),
      events: this.allEvents(incident.id),
      earlier: this.earlierScores(drill.runbook.id),
    });
    this.appendTo(drill.status.incidentId, { kind: 'drill.scored', data: { ...score } });
    drill.status.score = score;
  }

  private async tearDown(drill: ActiveDrill): Promise<void> {
    if (drill.lab) {
      try {
        await drill.lab.stop();
      } catch (error) {
        drill.status.problems.push(`The lab did not stop cleanly: ${(error as Error).message}`);
      }
    }
    if (drill.status.sessionId) await closeDrillShell(this.parts.terminals, drill.status.sessionId);
    try {
      // New events go back to what was active before the drill, unless someone switched meanwhile.
      if (this.parts.recorder.activeIncidentId() === drill.status.incidentId && drill.previousActiveId !== null && drill.previousActiveId !== drill.status.incidentId) {
        this.parts.incidents.switchActive(drill.previousActiveId);
      }
    } catch {
      // The previous incident is gone; the drill stays active.
    }
    drill.status.phase = 'ended';
    this.current = null;
    this.last = { ...drill.status };
    this.publish(drill);
  }

  private async pollHealth(drill: ActiveDrill): Promise<void> {
    if (drill.polling) return;
    drill.polling = true;
    let lastHealthy: boolean | null = null;
    while (this.current === drill && !drill.ending && drill.lab) {
      const checkedAt = new Date().toISOString();
      const health = await drill.lab.health();
      if (this.current !== drill || drill.ending) break;
      const changed = drill.status.health?.healthy !== health.healthy || drill.status.health?.detail !== health.detail;
      drill.status.health = { ...health, checkedAt };
      if (lastHealthy !== null && lastHealthy !== health.healthy) {
        if (health.healthy) this.markHealthy(drill, checkedAt, health.detail);
        else this.record(drill, { kind: 'drill.lab', data: { state: 'broken', scenario: drill.scenario, detail: health.detail } });
      } else if (lastHealthy === null && health.healthy) {
        this.markHealthy(drill, checkedAt, health.detail);
      }
      lastHealthy = health.healthy;
      if (changed) this.publish(drill);
      await new Promise((resolve) => drill.timers.push(setTimeout(resolve, this.parts.healthPollMs ?? HEALTH_POLL_MS)));
    }
    drill.polling = false;
  }

  /** The lab passes its health check: record it; the first time, the drill is mitigated at that moment. */
  private markHealthy(drill: ActiveDrill, at: string, detail: string): void {
    this.record(drill, { kind: 'drill.lab', data: { state: 'healthy', scenario: drill.scenario, detail } });
    if (drill.status.healthyAt) return;
    drill.status.healthyAt = at;
    const id = drill.status.incidentId;
    const incident = this.parts.incidents.get(id);
    // One status change that sets the moment at the health check's time (not a second, corrected moment a few ms later).
    if (incident.status === 'investigating' || incident.status === 'identified') this.parts.incidents.setStatus(id, 'mitigated', at);
    if (this.parts.incidents.get(id).keyMoments.mitigated !== at) this.parts.incidents.setMoment(id, 'mitigated', at);
    this.publish(drill);
  }

  private async fireInject(drill: ActiveDrill, inject: DrillInject): Promise<void> {
    if (this.current !== drill || drill.ending) return;
    const state = drill.status.injects.find((candidate) => candidate.at === inject.at && candidate.message === inject.message && candidate.firedAt === null);
    let result: string | null = null;
    if (inject.action && drill.lab) {
      try {
        result = await drill.lab.act(inject.action);
      } catch (error) {
        result = `The lab action "${inject.action}" failed: ${(error as Error).message}`;
        drill.status.problems.push(result);
      }
    }
    if (this.current !== drill || drill.ending) return;
    if (state) {
      state.firedAt = new Date().toISOString();
      state.result = result;
    }
    this.record(drill, { kind: 'drill.inject', data: { at: inject.at, message: inject.message, action: inject.action ?? null, result } });
    this.publish(drill);
  }

  private onLabProblem(drill: ActiveDrill, message: string): void {
    if (this.current !== drill || drill.ending) return;
    drill.status.problems.push(message);
    try {
      this.record(drill, { kind: 'drill.problem', data: { message } });
    } catch {
      // The record is unavailable; the banner still shows the problem.
    }
    this.publish(drill);
  }

  private stopTimers(drill: ActiveDrill): void {
    for (const timer of drill.timers) clearTimeout(timer);
    drill.timers = [];
  }

  /** Records one of the drill's own events (lab, fault, injects, end) on the drill's incident. */
  private record(drill: ActiveDrill, entry: EventEntry): TimelineEvent {
    return this.appendTo(drill.status.incidentId, entry);
  }

  private appendTo(incidentId: string, entry: EventEntry): TimelineEvent {
    return this.parts.recorder.record(incidentId, entry.kind, entry.data as never, DRILL_ACTOR);
  }

  private allEvents(incidentId: string): TimelineEvent[] {
    const events: TimelineEvent[] = [];
    for (let after = 0; ; ) {
      const page = this.parts.recorder.list(incidentId, after, 1000);
      events.push(...page);
      if (page.length < 1000) return events;
      after = page[page.length - 1]!.seq;
    }
  }

  private earlierScores(runbookId: string): DrillScore[] {
    return this.records.scoresOfRunbook(runbookId);
  }

  private publish(drill: ActiveDrill): void {
    drill.status.revision++;
    this.parts.hub.emit('drill:state', { ...drill.status, injects: drill.status.injects.map((inject) => ({ ...inject })), problems: [...drill.status.problems] });
  }

  private hasRunbook(id: string): boolean {
    try {
      this.parts.runbooks.get(id);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Drills whose Firebreak was killed: their fault was injected (or their
   * lab started) but they were never scored. Each gets an 'ended' event and
   * an abandoned score, and a lab directory the crash left behind is removed
   * once nothing uses it (the lab processes exit on their own when their
   * parent dies).
   */
  private closeInterruptedDrills(): void {
    for (const id of this.records.unscoredDrillIds()) {
      const events = this.allEvents(id);
      const labStarted = events.find((event) => isEventOfKind(event, 'drill.lab') && event.data.state === 'started') as EventOfKind<'drill.lab'> | undefined;
      const fault = events.find((event) => event.kind === 'drill.fault');
      const healthy = events.find((event) => isEventOfKind(event, 'drill.lab') && event.data.state === 'healthy');
      const started = events.find((event): event is EventOfKind<'drill.started'> => event.kind === 'drill.started');
      const ownerPid = started?.data.ownerPid ?? null;
      // A drill another Firebreak process (the app, or `firebreak drill`) is running right now is not interrupted.
      if (ownerPid !== null && ownerPid !== process.pid && isAlive(ownerPid)) continue;
      const runbookId = started?.data.runbookId ?? null;
      const labDir = labStarted?.data.labDir ?? null;
      if (labDir) this.removeOrphanLabDir(labDir);
      this.appendTo(id, { kind: 'drill.ended', data: { outcome: 'abandoned', message: 'Firebreak stopped during this drill (it crashed or was killed); the drill was abandoned. Its lab processes ended with it.' } });
      const incident = this.parts.incidents.get(id);
      let runbook: Runbook | null = null;
      try {
        runbook = runbookId ? this.parts.runbooks.get(runbookId) : null;
      } catch {
        runbook = null;
      }
      const scenario = runbookId && isLabScenarioId(runbookId) ? runbookId : null;
      const score = scoreDrill({
        incidentId: id,
        title: incident.title,
        runbook: { id: runbookId ?? 'unknown', title: runbook?.title ?? incident.title.replace(/^Drill: /, ''), rtoMs: runbook ? (parseDuration(runbook.frontMatter.rto) ?? null) : null },
        scenario,
        faultAt: fault?.ts ?? incident.createdAt,
        keyMoments: incident.keyMoments,
        labHealthyAt: healthy?.ts ?? null,
        labHealthyAtEnd: null,
        endedAt: events.at(-1)?.ts ?? incident.createdAt,
        outcome: 'abandoned',
        plannedStepIds: runbook ? planRun(runbook).steps.map((step) => step.id) : [],
        events,
        earlier: runbookId ? this.earlierScores(runbookId) : [],
      });
      this.appendTo(id, { kind: 'drill.scored', data: { ...score } });
    }
  }

  private removeOrphanLabDir(dir: string): void {
    // Only a lab directory Firebreak made (fb-<scenario>- under the temp folder), and only once nothing uses it.
    if (path.dirname(dir) !== os.tmpdir() || !path.basename(dir).startsWith('fb-') || !fs.existsSync(dir)) return;
    if (processesUsingDir(dir).length > 0) return;
    removeLabDir(dir);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
