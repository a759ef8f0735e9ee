import type { Runbook } from '../../shared/model/runbook';

/**
 * Decides whether any step of a runbook may run at all. The library's trust
 * store implements it (user-added runbooks need a trust decision bound to
 * their content hash); the step runner asks it before every run, so no path
 * into the shell skips it.
 */
export interface RunbookGate {
  /** Throws a Refused (shared/model/domain-errors) that says why, when the runbook may not run. */
  assertRunnable(runbook: Runbook): void;
}
