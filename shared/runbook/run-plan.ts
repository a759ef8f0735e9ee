import type { Runbook, Step } from '../model/runbook';

/**
 * Which steps a batch runs, and in which order: the one rule behind the app's
 * Run all (step:plan, step:runAll), `firebreak run`, `firebreak drill --auto`,
 * drill scores and the lab tests. Pure, so each of them gives the same answer
 * for the same runbook and choice.
 */

/** What the caller chose. Nothing chosen: every step Run all runs. */
export interface RunPlanChoice {
  /** Steps named by id or Runme name (the app's chosen steps, `--step`); they run in document order. */
  only?: readonly string[];
  /** Runme `category`/`tag` values (`--category`): only steps in one of them. */
  categories?: readonly string[];
  /** Steps (id or Runme name) left out on purpose (a drill proving its lab stays broken without its fixing steps). */
  skip?: readonly string[];
}

/** A step the plan leaves out, and why in words (the Run all dialog shows it). */
export interface SkippedStep {
  step: Step;
  reason: string;
}

export interface RunPlan {
  /** What runs, in order. */
  steps: Step[];
  /** Chosen (or, with no choice, present) steps that do not run, in document order. */
  skipped: SkippedStep[];
  /** Why the plan runs nothing (an unknown step named, nothing left to run), in words; null when it runs something. */
  problem: string | null;
  /** Handles in `only` that name no step. */
  unknown: string[];
}

/** Whether a handle (`--step`, a chosen step) names this step: its id, or its Runme name. */
export function stepMatchesHandle(step: Pick<Step, 'id' | 'name'>, handle: string): boolean {
  return step.id === handle || step.name === handle;
}

/**
 * Why a batch never runs this step, or null when it may. An interactive step
 * does not end on its own, so a batch would wait on it for ever, named or not;
 * a step excluded from Run all (a rollback, a one-off) runs only when named.
 */
export function runAllExclusion(step: Pick<Step, 'interactive' | 'excludeFromRunAll'>, named: boolean): string | null {
  if (step.interactive) return 'interactive: it does not end on its own, so Run all never runs it';
  if (step.excludeFromRunAll && !named) return 'excluded from Run all (excludeFromRunAll)';
  return null;
}

/** What Run all runs when nothing is chosen: steps that end on their own and are not excluded. */
export function runsInRunAll(step: Pick<Step, 'interactive' | 'excludeFromRunAll'>): boolean {
  return runAllExclusion(step, false) === null;
}

/** The plan for `runbook` under `choice`. */
export function planRun(runbook: Pick<Runbook, 'title' | 'steps'>, choice: RunPlanChoice = {}): RunPlan {
  const only = choice.only ?? [];
  const categories = choice.categories ?? [];
  const skip = choice.skip ?? [];
  const unknown = only.filter((handle) => !runbook.steps.some((step) => stepMatchesHandle(step, handle)));
  if (unknown.length) {
    const names = runbook.steps.map((step) => (step.name && step.name !== step.id ? `${step.id} (${step.name})` : step.id)).join(', ');
    return { steps: [], skipped: [], unknown, problem: `"${runbook.title}" has no step "${unknown[0]}". Steps: ${names}.` };
  }
  const steps: Step[] = [];
  const skipped: SkippedStep[] = [];
  for (const step of runbook.steps) {
    const named = only.some((handle) => stepMatchesHandle(step, handle));
    if (only.length && !named) continue;
    if (categories.length && !step.categories.some((category) => categories.includes(category))) continue;
    const reason = skip.some((handle) => stepMatchesHandle(step, handle)) ? 'left out by choice' : runAllExclusion(step, named);
    if (reason) skipped.push({ step, reason });
    else steps.push(step);
  }
  return { steps, skipped, unknown, problem: steps.length ? null : nothingToRun(runbook, choice) };
}

function nothingToRun(runbook: Pick<Runbook, 'title' | 'steps'>, choice: RunPlanChoice): string {
  const categories = choice.categories ?? [];
  if (categories.length && !choice.only?.length) {
    const known = [...new Set(runbook.steps.flatMap((step) => step.categories))];
    return `"${runbook.title}" has no step in ${categories.length === 1 ? 'category' : 'categories'} ${categories.join(', ')} that Run all would run. Categories: ${known.length ? known.join(', ') : '(none)'}.`;
  }
  return `"${runbook.title}" has nothing to run: every chosen step is interactive, excluded from Run all or left out.`;
}
