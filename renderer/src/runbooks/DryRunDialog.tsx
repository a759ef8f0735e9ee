import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';
import { effectiveProfile, paramOverrides } from '../store/run-context-slice';
import { EnvTable } from './EnvTable';

type DryRun = ResponseOf<'step:dryRun'>;

/** Exactly what Run would send and with which environment (secrets masked), without running anything. */
export function DryRunDialog() {
  const step = useAppStore((state) => state.dryRunStep);
  return step ? <DryRunView key={step.id} stepId={step.id} /> : null;
}

function DryRunView({ stepId }: { stepId: string }) {
  const runbook = useAppStore((state) => state.selectedRunbook);
  const close = useAppStore((state) => state.showDryRun);
  const reportError = useAppStore((state) => state.reportError);
  const profileByRunbook = useAppStore((state) => state.profileByRunbook);
  const overridesByRunbook = useAppStore((state) => state.overridesByRunbook);
  const incident = useAppStore((state) => state.incident);
  const sessionId = useAppStore((state) => state.activeSessionId);
  const [result, setResult] = useState<DryRun | null>(null);
  useEffect(() => {
    if (!runbook) return;
    let live = true;
    call('step:dryRun', {
      runbookId: runbook.id,
      stepId,
      // For the open session: the exact line a run there types.
      ...(sessionId ? { sessionId } : {}),
      profile: effectiveProfile({ profileByRunbook, incident }, runbook),
      params: paramOverrides({ overridesByRunbook, incident }, runbook.id),
    })
      .then((value) => live && setResult(value))
      .catch((error) => {
        reportError(error);
        close(null);
      });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stepId]);
  return (
    <div className="modal-backdrop" role="presentation" onMouseDown={() => close(null)}>
      <div
        className="modal wide"
        role="dialog"
        aria-modal="true"
        aria-label="Dry run"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.key === 'Escape' && close(null)}
      >
        <h2>Dry run — nothing is sent</h2>
        {!result ? (
          <p className="muted">Preparing…</p>
        ) : (
          <>
            {Object.values(result.paramErrors).map((problem) => (
              <p key={problem} className="production-warning">
                {problem}
              </p>
            ))}
            <h3>Typed into the shell</h3>
            <pre className="step-code">
              <code>{result.sentLine}</code>
            </pre>
            <h3>Which sources this file</h3>
            <pre className="step-code" data-testid="dry-run-script">
              <code>{result.script}</code>
            </pre>
            <h3>Environment{result.cwd ? ` · in ${result.cwd}` : ''}</h3>
            <EnvTable env={result.env} />
          </>
        )}
        <div className="modal-actions">
          <button type="button" className="button" onClick={() => close(null)} autoFocus>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
