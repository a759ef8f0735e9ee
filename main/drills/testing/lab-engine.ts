/**
 * Test support: runs a bundled runbook against a running lab through the
 * product's engine, so a lab test proves the runbook as a responder would run
 * it: the app's composition root (AppServices), its StepRunner and
 * TerminalService on a real pty (a login bash), recording into a real SQLite
 * file, the session moved into the lab as a drill moves it (enterLab), the
 * drill profile, every confirmation given (it is a lab), and the one batch
 * runner (main/steps/plan-runner.ts).
 */
import type { Runbook } from '../../../shared/model/runbook';
import type { StepRunStatus } from '../../../shared/model/step-run';
import { isEventOfKind, type EventOfKind } from '../../../shared/model/timeline';
import { resolveParams } from '../../../shared/runbook/params';
import { planRun, type RunPlanChoice } from '../../../shared/runbook/run-plan';
import { bundledRunbooksDir } from '../../platform/app-root';
import { AppServices } from '../../services/app-services';
import { confirmEverything, runPlanInOrder, type PlanRunResult } from '../../steps/plan-runner';
import { DRILL_PROFILE } from '../drill-service';
import { drillShellParams, enterLab } from '../drill-shell';
import type { RunningLab } from '../lab-manager';
import { createDrillTestEnv, type DrillTestEnv } from './drill-test-env';

export class LabEngine {
  private constructor(
    readonly services: AppServices,
    readonly runbook: Runbook,
    readonly sessionId: string,
    private readonly env: DrillTestEnv,
  ) {}

  /** Opens the engine on a fresh data folder and a shell in `lab`; fails if the runbook's drill profile does not resolve. */
  static async open(lab: RunningLab, runbookId: string): Promise<LabEngine> {
    const env = createDrillTestEnv();
    const services = new AppServices({
      dataDir: env.dataDir,
      runbookFolders: [{ dir: bundledRunbooksDir(), origin: 'bundled' }],
      host: 'browser',
      version: 'lab-test',
      watchRunbooks: false,
      // Nobody draws this terminal: acknowledge output at once so the shell is never paused (as `firebreak drill`).
      terminal: { acknowledge: 'auto', ...env.terminal },
      log: () => {},
    });
    try {
      const runbook = services.library.get(runbookId);
      const resolved = resolveParams(runbook, DRILL_PROFILE);
      if (resolved.profileError || Object.keys(resolved.errors).length > 0) {
        throw new Error(`The drill profile of ${runbookId} does not resolve: ${resolved.profileError ?? JSON.stringify(resolved.errors)}`);
      }
      const session = services.terminals.open(120, 30);
      // As DrillService.start: the shell gets the lab's folder and variables and the non-secret params for hand-typed commands.
      await enterLab(services.terminals, session.id, lab.dir, { ...drillShellParams(runbook, resolved), ...lab.env });
      return new LabEngine(services, runbook, session.id, env);
    } catch (error) {
      await services.shutdown();
      env.remove();
      throw error;
    }
  }

  /** Runs the plan for `choice` (by default: what Run all runs) in order, as `firebreak drill --auto` does. */
  run(choice: RunPlanChoice = {}): Promise<PlanRunResult> {
    return runPlanInOrder(this.services.steps, {
      runbook: this.runbook,
      steps: planRun(this.runbook, choice).steps,
      sessionId: this.sessionId,
      profile: DRILL_PROFILE,
      confirm: confirmEverything,
    });
  }

  /** The steps the record says finished, in order: what the timeline and a drill score see. */
  finishedSteps(): string[] {
    const incidentId = this.services.recorder.incidentForAction().id;
    return this.services.recorder
      .list(incidentId, 0, 10_000)
      .filter((event) => isEventOfKind(event, 'step.finished'))
      .map((event) => (event as EventOfKind<'step.finished'>).data.stepId);
  }

  /** A short account of the runs for assertion messages, with the recorded transcript of each that did not pass. */
  describe(runs: readonly StepRunStatus[]): string {
    const incidentId = this.services.recorder.incidentForAction().id;
    const transcripts = new Map<string, string>();
    for (const event of this.services.recorder.list(incidentId, 0, 10_000)) {
      if (isEventOfKind(event, 'step.finished')) transcripts.set(event.data.runId, event.data.transcript?.text ?? '');
    }
    return runs
      .map((run) => {
        const ok = run.state === 'passed';
        return `${ok ? 'ok  ' : 'FAIL'} ${run.stepId} (${run.state}, exit ${run.exitCode})${ok ? '' : `: ${run.message ?? ''}\n${(transcripts.get(run.runId) ?? '').slice(-1500)}`}`;
      })
      .join('\n');
  }

  /** Ends the shell (it works in the lab folder, so before the lab's leftovers are checked) and removes the data folder. */
  async close(): Promise<void> {
    try {
      await this.services.shutdown();
    } finally {
      this.env.remove();
    }
  }
}
