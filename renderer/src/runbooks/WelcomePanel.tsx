import { useState } from 'react';
import { focusRunbookFilter } from '../palette/commands';
import { useAppStore } from '../store/app-store';

/** The three ways in: declare a real incident, practise on a lab, or just read a runbook. */
function WelcomeActions() {
  const openDialog = useAppStore((state) => state.openRecordDialog);
  const scenarios = useAppStore((state) => state.drillScenarios);
  const selectRunbook = useAppStore((state) => state.selectRunbook);
  const startDrill = async () => {
    const scenario = scenarios[0];
    if (!scenario) return;
    // Drills start from their runbook: open it and put the keyboard on its Start drill button.
    await selectRunbook(scenario.runbookId);
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="start-drill"]')?.focus());
  };
  return (
    <div className="welcome-actions">
      <button type="button" className="button primary" onClick={() => openDialog('declare', { declareKind: 'incident' })} data-testid="welcome-declare">
        Declare incident
      </button>
      <button type="button" className="button" disabled={scenarios.length === 0} onClick={() => void startDrill()} data-testid="welcome-drill" title={scenarios.length ? 'Practise on a broken lab, with a clock and a score' : 'No runbook in the library has a drill lab'}>
        Start a drill…
      </button>
      <button type="button" className="button" onClick={focusRunbookFilter} data-testid="welcome-open">
        Open a runbook <kbd>/</kbd>
      </button>
    </div>
  );
}

/** Whether this looks like a first launch: a practice session where nothing has been run or written yet. */
function isFreshPractice(state: ReturnType<typeof useAppStore.getState>): boolean {
  if (state.incident?.kind !== 'practice') return false;
  return !state.events.some((event) => event.kind === 'step.started' || event.kind === 'note' || event.kind === 'incident.declared');
}

/**
 * First launch explains itself. With no runbook open it fills the document
 * area; in a fresh practice session it is a strip above the runbook that
 * says nothing is being recorded against a real incident, until dismissed.
 */
export function WelcomePanel({ strip = false }: { strip?: boolean }) {
  const fresh = useAppStore(isFreshPractice);
  const [dismissed, setDismissed] = useState(false);
  if (!strip) {
    return (
      <div className="document empty welcome" data-testid="welcome">
        <div>
          <h1>Firebreak</h1>
          <p className="muted">Executable runbooks, a real terminal and a timeline that writes itself.</p>
          <WelcomeActions />
        </div>
      </div>
    );
  }
  if (!fresh || dismissed) return null;
  return (
    <section className="welcome-strip" aria-label="Getting started" data-testid="welcome">
      <p>
        <strong>Practice session.</strong> <span className="muted">Nothing here is a real incident and no clock runs. Declare one when it is real.</span>
      </p>
      <WelcomeActions />
      <button type="button" className="icon-button" aria-label="Hide" title="Hide" onClick={() => setDismissed(true)}>
        ×
      </button>
    </section>
  );
}
