import { useEffect, useMemo, useRef, useState } from 'react';
import type { Step } from '../../../shared/model/runbook';
import { useAppStore } from '../store/app-store';
import { confirmRequirement } from '../store/execution-slice';
import { currentParams } from '../store/run-context-slice';

/**
 * The gate before a step that asks for confirmation: shows exactly what will
 * be sent, and for a required word, enables Run only once it is typed.
 */
export function ConfirmRunDialog() {
  const step = useAppStore((state) => state.pendingConfirmation);
  // Keyed by step, so a new request starts with an empty confirmation field.
  return step ? <ConfirmRunForm key={`${step.id}:${step.lineStart}`} step={step} /> : null;
}

function ConfirmRunForm({ step }: { step: Step }) {
  const confirm = useAppStore((state) => state.confirmPendingRun);
  const cancel = useAppStore((state) => state.cancelPendingRun);
  const runbook = useAppStore((state) => state.selectedRunbook);
  const profileByRunbook = useAppStore((state) => state.profileByRunbook);
  const overridesByRunbook = useAppStore((state) => state.overridesByRunbook);
  const params = useMemo(
    () => (runbook ? currentParams({ profileByRunbook, overridesByRunbook }, runbook) : null),
    [runbook, profileByRunbook, overridesByRunbook],
  );
  const [typed, setTyped] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    (confirmRequirement(step, paramValues(params)).kind === 'word' ? inputRef.current : confirmRef.current)?.focus();
  }, [step, params]);

  const requirement = confirmRequirement(step, paramValues(params));
  const ready = requirement.kind !== 'word' || typed === requirement.word;
  return (
    <div className="modal-backdrop" role="presentation" onMouseDown={cancel}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={`Confirm step ${step.title}`}
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') cancel();
        }}
      >
        <h2>Run “{step.title}”?</h2>
        {params?.production && (
          <p className="production-warning">Production profile: this acts on live systems.</p>
        )}
        <p>It will send exactly this to the terminal{params && Object.keys(params.values).length ? ', with the runbook parameters exported first' : ''}:</p>
        <pre className="step-code">
          <code>{step.code}</code>
        </pre>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (ready) void confirm();
          }}
        >
          {requirement.kind === 'word' && (
            <label className="confirm-word">
              Type <strong>{requirement.word}</strong> to run it
              <input
                ref={inputRef}
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
              Run step
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

function paramValues(params: { values: Record<string, string> } | null): Record<string, string> {
  return params?.values ?? {};
}
