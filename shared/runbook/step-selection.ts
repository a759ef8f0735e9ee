import type { Step } from '../model/runbook';

/** Whether a `--step` handle names this step: its id, or its Runme name. */
export function stepMatchesHandle(step: Step, handle: string): boolean {
  return step.id === handle || step.name === handle;
}

/** What Run all runs: steps that end on their own and are not excluded. */
export function runsInRunAll(step: Step): boolean {
  return !step.interactive && !step.excludeFromRunAll;
}

/**
 * The steps a headless run picks, in document order: those named by id or
 * Runme name (interactive ones refused), else those Run all would run,
 * narrowed to the given categories (Runme's `category`/`tag`, as
 * `runme run --category`). A string is the reason nothing can run.
 */
export function selectSteps(title: string, steps: readonly Step[], choice: { handles: readonly string[]; categories: readonly string[] }): Step[] | string {
  const { handles, categories } = choice;
  if (handles.length === 0) {
    const chosen = steps.filter((step) => runsInRunAll(step) && (categories.length === 0 || step.categories.some((category) => categories.includes(category))));
    if (chosen.length) return chosen;
    if (categories.length) {
      const known = [...new Set(steps.flatMap((step) => step.categories))];
      return `"${title}" has no step in ${categories.length === 1 ? 'category' : 'categories'} ${categories.join(', ')} that Run all would run. Categories: ${known.length ? known.join(', ') : '(none)'}.`;
    }
    return `"${title}" has no step that Run all would run; name steps with --step.`;
  }
  for (const handle of handles) {
    const step = steps.find((candidate) => stepMatchesHandle(candidate, handle));
    if (!step) return `"${title}" has no step "${handle}". Steps: ${steps.map((candidate) => (candidate.name && candidate.name !== candidate.id ? `${candidate.id} (${candidate.name})` : candidate.id)).join(', ')}.`;
    if (step.interactive) return `Step "${handle}" is interactive (it does not end on its own); run it in the app's terminal instead.`;
  }
  return steps.filter((step) => handles.some((handle) => stepMatchesHandle(step, handle)) && (categories.length === 0 || step.categories.some((category) => categories.includes(category))));
}
