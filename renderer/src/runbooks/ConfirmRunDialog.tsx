import { useEffect, useRef, useState } from 'react';
import type { Step } from '../../../shared/model/runbook';
import { useAppStore } from '../store/app-store';
import { confirmRequirement } from '../store/execution-slice';

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
  const [typed, setTyped] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    (confirmRequirement(step).kind === 'word' ? inputRef.current : confirmRef.current)?.focus();
  }, [step]);

  const requirement = confirmRequirement(step);
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
        <p>This step asks for confirmation. It will send exactly this to the terminal:</p>
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
