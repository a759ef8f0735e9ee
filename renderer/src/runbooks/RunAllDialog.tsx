import { countLabel } from '../timeline/count-label';
import { useEffect, useState } from 'react';
import { CLICK_ANSWER } from '../../../shared/runbook/confirmation';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';
import { isSeenText, seenText } from '../store/execution-slice';
import { currentParams, effectiveProfile, paramOverrides } from '../store/run-context-slice';
import type { RunPlan } from '../store/step-runs-slice';
import { blockedReasonText } from './blocked-reason';

/**
 * Run all, reviewed first: every command it will run, in order, what it
 * leaves out and why, and every confirmation given up front. Nothing runs
 * until the responder presses Run.
 */
export function RunAllDialog() {
  const open = useAppStore((state) => state.runAllOpen);
  return open ? <RunAllReview /> : null;
}

function RunAllReview() {
  const runbook = useAppStore((state) => state.selectedRunbook);
  const sessionId = useAppStore((state) => state.activeSessionId);
  const setOpen = useAppStore((state) => state.setRunAllOpen);
  const reportError = useAppStore((state) => state.reportError);
  const notify = useAppStore((state) => state.notify);
  // The runbook text this review was opened on; the plan below is fetched once, for it.
  const [openedFrom] = useState(() => (runbook ? seenText(runbook) : null));
  const profileByRunbook = useAppStore((state) => state.profileByRunbook);
  const overridesByRunbook = useAppStore((state) => state.overridesByRunbook);
  const [plan, setPlan] = useState<RunPlan | null>(null);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const incident = useAppStore((state) => state.incident);
  const profile = runbook ? effectiveProfile({ profileByRunbook, incident }, runbook) : null;
  const overrides = runbook ? paramOverrides({ overridesByRunbook, incident }, runbook.id) : {};
  const formProblemsByRunbook = useAppStore((state) => state.formProblemsByRunbook);
  const form = runbook ? currentParams({ profileByRunbook, overridesByRunbook, formProblemsByRunbook, incident }, runbook) : null;
  // What the params form holds back and main cannot know of (a link's unknown param or refused secret): fixed or dismissed there first.
  const formOnly = [form?.profileError, ...Object.entries(form?.errors ?? {}).filter(([name]) => !plan || !(name in plan.paramErrors)).map(([, problem]) => problem)].filter(
    (problem): problem is string => Boolean(problem),
  );

  useEffect(() => {
    if (!runbook) return;
    let live = true;
    call('step:plan', { runbookId: runbook.id, profile, params: overrides })
      .then((result) => live && setPlan(result))
      .catch((error) => {
        reportError(error);
        setOpen(false);
      });
    return () => {
      live = false;
    };
    // The plan is fetched once per opening, for the params as they are now.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!runbook) return null;
  const close = () => setOpen(false);
  const missing = plan?.steps.filter((step) => {
    if (step.confirmation.kind === 'blocked') return true;
    // A secret's word is masked: main checks the value typed.
    if (step.confirmation.kind === 'word') return step.confirmation.secret ? !typed[step.stepId] : typed[step.stepId] !== step.confirmation.word || !step.confirmation.word;
    return false;
  });
  const blocked = !plan || !sessionId || Object.keys(plan.paramErrors).length > 0 || formOnly.length > 0 || (missing?.length ?? 0) > 0 || plan.steps.length === 0;
  const start = async () => {
    if (!plan || !sessionId) return;
    // The plan shown is of the runbook as it was when this opened; another text (edited, or another runbook opened by a
    // link) would run commands nobody reviewed here.
    if (!openedFrom || !isSeenText(runbook, openedFrom)) {
      notify('The runbook changed while Run all was open, so nothing was run. Open Run all again to review it.', 'error');
      close();
      return;
    }
    const confirmations: Record<string, string> = {};
    for (const step of plan.steps) {
      if (step.confirmation.kind === 'click') confirmations[step.stepId] = CLICK_ANSWER;
      if (step.confirmation.kind === 'word') confirmations[step.stepId] = typed[step.stepId] ?? '';
    }
    try {
      await call('step:runAll', { runbookId: runbook.id, sessionId, profile, params: overrides, confirmations, seenContentHash: openedFrom.contentHash });
      close();
    } catch (error) {
      reportError(error);
    }
  };
  return (
    <div className="modal-backdrop" role="presentation" onMouseDown={close}>
      <div
        className="modal wide"
        role="dialog"
        aria-modal="true"
        aria-label="Run all steps"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.key === 'Escape' && close()}
      >
        <h2>Run all of “{runbook.title}”</h2>
        {!plan ? (
          <p className="muted">Working out the plan…</p>
        ) : (
          <>
            {plan.production && <p className="production-warning">Production profile: these commands act on live systems.</p>}
            {Object.entries(plan.paramErrors).map(([name, problem]) => (
              <p key={name} className="production-warning">
                {problem}
              </p>
            ))}
            {formOnly.map((problem) => (
              <p key={problem} className="production-warning">
                {problem} Fix or dismiss it in the parameters.
              </p>
            ))}
            <p>
              {plan.steps.length === 1 ? 'This step runs' : `These ${plan.steps.length} steps run in order`} in the current session, stopping at the first one that does not pass
              (unless it may continue on error):
            </p>
            <ol className="review-commands" aria-label="Planned steps">
              {plan.steps.map((step) => (
                <li key={step.stepId}>
                  <div className="review-command-header">
                    <span>{step.title}</span>
                    <span className="muted">
                      {step.destructive ? 'destructive · ' : ''}
                      {step.continueOnError ? 'continues on error · ' : ''}
                      {step.timeoutMs ? `timeout ${Math.round(step.timeoutMs / 1000)} s` : ''}
                    </span>
                  </div>
                  <pre className="step-code">
                    <code>{step.command}</code>
                  </pre>
                  {step.confirmation.kind === 'word' && (
                    <label className="confirm-word">
                      {step.confirmation.secret ? `Type the value of ${step.confirmation.param}` : `Type ${step.confirmation.word} to include it`}
                      <input
                        type={step.confirmation.secret ? 'password' : 'text'}
                        aria-label={`Confirmation for ${step.title}`}
                        value={typed[step.stepId] ?? ''}
                        onChange={(event) => setTyped({ ...typed, [step.stepId]: event.target.value })}
                        spellCheck={false}
                        autoComplete="off"
                      />
                    </label>
                  )}
                  {step.confirmation.kind === 'click' && <p className="muted">Asks for confirmation: pressing Run confirms it.</p>}
                  {step.confirmation.kind === 'blocked' && (
                    <p className="confirm-blocked" role="alert">
                      {blockedReasonText(step.confirmation)}
                    </p>
                  )}
                </li>
              ))}
            </ol>
            {plan.skipped.length > 0 && (
              <details>
                <summary>{countLabel(plan.skipped.length, 'step')} left out</summary>
                <ul>
                  {plan.skipped.map((step) => (
                    <li key={step.stepId}>
                      {step.title}: <span className="muted">{step.reason}</span>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </>
        )}
        <div className="modal-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="button" className="button danger" disabled={blocked} onClick={() => void start()}>
            Run {plan ? countLabel(plan.steps.length, 'step') : 'steps'}
          </button>
        </div>
      </div>
    </div>
  );
}
