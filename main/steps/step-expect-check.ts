import type { StepExpect } from '../../shared/model/runbook';

/** The verdict on a finished step. `passed` is null when it cannot be known (no exit code). */
export interface ExpectVerdict {
  passed: boolean | null;
  /** What was expected and what happened, in words, for the step card and the timeline. */
  description: string;
}

/** The expectation in words, e.g. `exit code 0 and output matching /ok/i`. */
export function describeExpect(expect: StepExpect | undefined): string {
  const exit = expect ? (expect.exitCode === null ? null : expect.exitCode) : 0;
  const parts: string[] = [];
  if (exit !== null) parts.push(`exit code ${exit}`);
  if (expect?.output) parts.push(`output matching /${expect.output.source}/${expect.output.flags}`);
  return parts.length ? parts.join(' and ') : 'anything';
}

/**
 * Applies a step's `expect` (default: exit code 0) to its exit code and its
 * clean transcript (escape sequences resolved).
 */
export function evaluateExpect(expect: StepExpect | undefined, exitCode: number | null, output: string): ExpectVerdict {
  const wanted = describeExpect(expect);
  const expectedExit = expect ? expect.exitCode : 0;
  const problems: string[] = [];
  if (expectedExit !== null) {
    if (exitCode === null) return { passed: null, description: `expected ${wanted}; the exit code is unknown` };
    if (exitCode !== expectedExit) problems.push(`exit code was ${exitCode}`);
  }
  if (expect?.output) {
    let regex: RegExp;
    try {
      regex = new RegExp(expect.output.source, expect.output.flags);
    } catch (error) {
      return { passed: false, description: `the output pattern does not compile: ${(error as Error).message}` };
    }
    if (!regex.test(output)) problems.push('the output did not match');
  }
  return problems.length ? { passed: false, description: `expected ${wanted}; ${problems.join(' and ')}` } : { passed: true, description: `${wanted}: as expected` };
}
