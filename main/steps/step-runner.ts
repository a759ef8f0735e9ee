import { randomUUID } from 'node:crypto';
import { ContractFailure } from '../../shared/ipc/envelope';
import type { RunbookLibrary } from '../runbooks/runbook-library';
import type { TimelineRecorder } from '../services/timeline-recorder';
import type { TerminalService } from '../terminal/terminal-service';

/**
 * Sends a runbook step into a shell session. The `step.started` event is
 * committed before a single byte reaches the shell, so there is never a
 * command on the terminal that is missing from the record.
 */
export class StepRunner {
  constructor(
    private readonly library: RunbookLibrary,
    private readonly terminals: TerminalService,
    private readonly recorder: TimelineRecorder,
  ) {}

  run(runbookId: string, stepId: string, sessionId: string): { runId: string } {
    const runbook = this.library.get(runbookId);
    const step = runbook.steps.find((candidate) => candidate.id === stepId);
    if (!step) throw new ContractFailure('not_found', `Runbook "${runbook.title}" has no step "${stepId}".`);
    const session = this.terminals.get(sessionId);
    if (session.state !== 'running') {
      throw new ContractFailure('conflict', 'The shell in this session has exited; restart it before running a step.');
    }
    const runId = randomUUID();
    this.recorder.record('step.started', {
      runId,
      runbookId: runbook.id,
      runbookTitle: runbook.title,
      contentHash: runbook.contentHash,
      stepId: step.id,
      title: step.title,
      command: step.code,
      sessionId,
    });
    // Each line is typed into the shell as the responder would type it.
    this.terminals.write(sessionId, `${step.code.replace(/\r?\n/g, '\r')}\r`);
    return { runId };
  }
}
