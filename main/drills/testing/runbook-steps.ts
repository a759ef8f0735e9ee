import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Runbook, Step } from '../../../shared/model/runbook';
import { resolveParams } from '../../../shared/runbook/params';
import { appRoot } from '../../platform/app-root';
import { loadRunbook } from '../../runbooks/runbook-library';

/** Limit for a step without its own timeout (ms), as a responder would wait. */
const DEFAULT_STEP_TIMEOUT_MS = 120_000;

/** A bundled runbook and the values of its `drill` profile. */
export interface DrillRunbook {
  runbook: Runbook;
  params: Record<string, string>;
}

/** Loads runbooks/<id>.md and resolves its drill profile; fails if the profile does not validate. */
export function loadDrillRunbook(id: string): DrillRunbook {
  const runbook = loadRunbook(path.join(appRoot(), 'runbooks', `${id}.md`), 'bundled');
  const resolved = resolveParams(runbook, 'drill');
  if (resolved.profileError || Object.keys(resolved.errors).length > 0) {
    throw new Error(`The drill profile of ${id} does not resolve: ${resolved.profileError ?? JSON.stringify(resolved.errors)}`);
  }
  return { runbook, params: resolved.values };
}

/** The steps "Run all" runs, in order: not excluded, not interactive. */
export function runAllSteps(runbook: Runbook): Step[] {
  return runbook.steps.filter((step) => !step.excludeFromRunAll && !step.interactive);
}

/** What one step did in bash. */
export interface StepRun {
  step: Step;
  exitCode: number | null;
  output: string;
  /** Whether the step's expect (exit code and output pattern) was met. */
  passed: boolean;
}

/**
 * Runs a step's code in a real, non-interactive bash with the params as
 * environment, in `cwd`, and judges it by its `expect` (exit 0 by default).
 */
export function runStep(step: Step, cwd: string, env: Record<string, string>): Promise<StepRun> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', step.code], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), step.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wantedExit = step.expect ? step.expect.exitCode : 0;
      const exitOk = wantedExit === null || code === wantedExit;
      const outputOk = !step.expect?.output || new RegExp(step.expect.output.source, step.expect.output.flags).test(output);
      resolve({ step, exitCode: code, output, passed: exitOk && outputOk });
    });
  });
}

/**
 * Runs the steps in order, as "Run all" would, and stops at the first step
 * that fails its expect unless it is continueOnError. Returns every run.
 */
export async function runSteps(steps: Step[], cwd: string, env: Record<string, string>): Promise<StepRun[]> {
  const runs: StepRun[] = [];
  for (const step of steps) {
    const run = await runStep(step, cwd, env);
    runs.push(run);
    if (!run.passed && !step.continueOnError) break;
  }
  return runs;
}

/** A short account of step runs for assertion messages. */
export function describeRuns(runs: StepRun[]): string {
  return runs.map((run) => `${run.passed ? 'ok  ' : 'FAIL'} ${run.step.id} (exit ${run.exitCode})${run.passed ? '' : `\n${run.output.slice(-1500)}`}`).join('\n');
}
