import { ContractFailure } from '../../shared/ipc/envelope';
import type { Runbook } from '../../shared/model/runbook';

/**
 * Decides whether any step of a runbook may run at all. The library's trust
 * store implements it (user-added runbooks need a trust decision bound to
 * their content hash); the step runner asks it before every run, so no path
 * into the shell skips it.
 */
export interface RunbookGate {
  /** Throws a ContractFailure ('forbidden') that says why, when the runbook may not run. */
  assertRunnable(runbook: Runbook): void;
}

/** Until the trust store is wired: bundled runbooks run, user runbooks are refused with the reason. */
export const allowBundledOnly: RunbookGate = {
  assertRunnable(runbook) {
    if (runbook.origin !== 'bundled') {
      throw new ContractFailure('forbidden', `Runbook "${runbook.title}" is not bundled and no trust store is configured, so its steps cannot run.`);
    }
  },
};
