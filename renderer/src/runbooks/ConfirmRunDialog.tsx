import { useEffect, useMemo, useRef, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { CLICK_ANSWER } from '../../../shared/runbook/confirmation';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';
import type { PendingRun } from '../store/execution-slice';
import { currentParams, effectiveProfile, paramOverrides, stepConfirmation } from '../store/run-context-slice';
import { EnvTable } from './EnvTable';
import { blockedReasonText } from './blocked-reason';

/**
 * The gate before a step that asks for confirmation: shows exactly what will
 * be sent, and for a required word, enables Run only once it is typed.
 */
export function ConfirmRunDialog() {
  const pending = useAppStore((state) => state.pendingConfirmation);
  // Keyed by step, so a new request starts with an empty confirmation field.
  return pending ? <ConfirmRunForm key={`${pending.mode}:${pending.step.id}:${pending.step.lineStart}`} pending={pending} /> : null;
}

function ConfirmRunForm({ pending }: { pending: PendingRun }) {
  const confirm = useAppStore((state) => state.confirmPendingRun);
  const cancel = useAppStore((state) => state.cancelPendingRun);
  const runbook = useAppStore((state) => state.selectedRunbook);
  const profileByRunbook = useAppStore((state) => state.profileByRunbook);
  const overridesByRunbook = useAppStore((state) => state.overridesByRunbook);
  const formProblemsByRunbook = useAppStore((state) => state.formProblemsByRunbook);
  const incident = useAppStore((state) => state.incident);
  const choice = { profileByRunbook, overridesByRunbook, formProblemsByRunbook, incident };
  const params = useMemo(
    () => (runbook ? currentParams({ profileByRunbook, overridesByRunbook, formProblemsByRunbook, incident }, runbook) : null),
    [runbook, profileByRunbook, overridesByRunbook, formProblemsByRunbook, incident],
  );
  const target = pending.mode === 'rollback' ? (runbook?.steps.find((s) => s.id === pending.step.rollback) ?? pending.step) : pending.step;
  const confirmation = runbook ? stepConfirmation(choice, runbook, target) : null;
  const requirement = confirmation?.requirement ?? ({ kind: 'blocked', param: null, reason: 'The runbook is no longer open.' } as const);
  const sessionId = useAppStore((state) => state.activeSessionId);
  const [sent, setSent] = useState<ResponseOf<'step:dryRun'> | null>(null);
  const [typed, setTyped] = useState('');
  // What main will send, as main works it out: the exact line, and the values (secrets masked).
  useEffect(() => {
    if (!runbook) return;
    let live = true;
    call('step:dryRun', {
      runbookId: runbook.id,
      stepId: target.id,
      ...(sessionId ? { sessionId } : {}),
      profile: effectiveProfile({ profileByRunbook, incident }, runbook),
      params: paramOverrides({ overridesByRunbook, incident }, runbook.id),
    })
      .then((value) => live && setSent(value))
      .catch(() => live && setSent(null));
    return () => {
      live = false;
    };
  }, [runbook, target.id, sessionId, profileByRunbook, overridesByRunbook, incident]);
  const inputRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    (requirement.kind === 'word' ? inputRef.current : confirmRef.current)?.focus();
  }, [requirement.kind]);

  // A secret word is masked in `word`; the dialog compares with the value the run will use.
  const ready = requirement.kind === 'click' || (requirement.kind === 'word' && typed === confirmation?.expected);
  return (
    <div className="modal-backdrop" role="presentation" onMouseDown={cancel}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={`Confirm step ${target.title}`}
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') cancel();
        }}
      >
        <h2>
          {pending.mode === 'rollback' ? 'Roll back' : 'Run'} “{target.title}”?
        </h2>
        {pending.mode === 'rollback' && <p>This undoes “{pending.step.title}”.</p>}
        {params?.production && <p className="production-warning">Production profile: this acts on live systems.</p>}
        {sent && Object.keys(sent.env).length > 0 && (
          <>
            <p>With these values{sent.cwd ? `, in ${sent.cwd}` : ''}:</p>
            <EnvTable env={sent.env} label="Values it uses" />
          </>
        )}
        <p>It types exactly this line into the terminal:</p>
        <pre className="step-code" data-testid="sent-line">
          <code>{sent?.sentLine ?? '…'}</code>
        </pre>
        <p>That line sources a private file that {sent && Object.keys(sent.env).length ? 'exports the values above, ' : ''}prints the step’s title and commands, and runs:</p>
        <pre className="step-code">
          <code>{target.code}</code>
        </pre>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (ready) void confirm(requirement.kind === 'word' ? typed : CLICK_ANSWER);
          }}
        >
          {requirement.kind === 'blocked' && (
            <p className="confirm-blocked" role="alert">
              {blockedReasonText(requirement)}
            </p>
          )}
          {requirement.kind === 'word' && (
            <label className="confirm-word">
              {requirement.secret ? (
                <span>
                  Type the value of <strong>{requirement.param}</strong> to run it
                </span>
              ) : (
                <span>
                  Type <strong>{requirement.word}</strong> to run it
                </span>
              )}
              <input
                ref={inputRef}
                type={requirement.secret ? 'password' : 'text'}
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
                spellCheck={false}
                autoComplete="off"
                aria-label="Confirmation word"
              />
            </label>
          )}
          <div className="modal-actions">
            <button type="button" className="button" onClick={cancel}>
              Cancel
            </button>
            <button ref={confirmRef} type="submit" className="button danger" disabled={!ready}>
              {pending.mode === 'rollback' ? 'Roll back' : 'Run step'}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
