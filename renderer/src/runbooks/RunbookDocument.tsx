import { countLabel } from '../timeline/count-label';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { TimelineEvent } from '../../../shared/model/timeline';
import { useAppStore } from '../store/app-store';
import { renderRunbookBody } from './render-markdown';
import { ChecklistBox } from './ChecklistBox';
import { ParamsPanel } from './ParamsPanel';
import { RunbookNotices } from './RunbookNotices';
import { RunAllProgress } from './RunAllProgress';
import { WelcomePanel } from './WelcomePanel';
import { isRunnableByTrust } from '../store/runbooks-slice';
import { latestRunByStep } from '../store/step-runs-slice';
import { StepCard } from './StepCard';
import { TableOfContents } from './TableOfContents';

/** The selected runbook as a readable document, with its steps as runnable cards. */
export function RunbookDocument() {
  const runbook = useAppStore((state) => state.selectedRunbook);
  const focusedStepIndex = useAppStore((state) => state.focusedStepIndex);
  const focusStep = useAppStore((state) => state.focusStep);
  const requestRun = useAppStore((state) => state.requestRun);
  const cancelRun = useAppStore((state) => state.cancelRun);
  const showDryRun = useAppStore((state) => state.showDryRun);
  const setRunAllOpen = useAppStore((state) => state.setRunAllOpen);
  const runs = useAppStore((state) => state.runs);
  const events = useAppStore((state) => state.events);
  const hasSession = useAppStore((state) => state.activeSessionId !== null);
  const containerRef = useRef<HTMLDivElement | null>(null);
  const articleRef = useRef<HTMLElement | null>(null);
  /** The runbook and step the document last scrolled for. */
  const scrolledFor = useRef<{ id: string; index: number } | null>(null);
  const [slots, setSlots] = useState<Map<number, Element>>(new Map());
  const [checkSlots, setCheckSlots] = useState<Map<number, Element>>(new Map());
  // The container is keyed by the HTML, so this runs once per rendered document, after its slots exist.
  const attachContainer = useCallback((node: HTMLDivElement | null) => {
    containerRef.current = node;
    if (!node) return;
    const found = new Map<number, Element>();
    node.querySelectorAll('.step-slot').forEach((slot) => found.set(Number(slot.getAttribute('data-step-line')), slot));
    setSlots(found);
    const checks = new Map<number, Element>();
    node.querySelectorAll('.check-slot').forEach((slot) => checks.set(Number(slot.getAttribute('data-check-line')), slot));
    setCheckSlots(checks);
  }, []);

  const { html } = useMemo(
    () => (runbook ? renderRunbookBody(runbook) : { html: '' }),
    [runbook],
  );

  const incidentId = useAppStore((state) => state.incident?.id);
  const latestRuns = useMemo(() => latestRunByStep(runs, runbook?.id, incidentId), [runs, runbook?.id, incidentId]);
  const ticked = useMemo(() => tickedItems(events, runbook?.id), [events, runbook?.id]);

  useLayoutEffect(() => {
    if (!runbook) return;
    // Opening a runbook lands on its title, profile and params; only moving between steps scrolls to a step.
    if (scrolledFor.current?.id !== runbook.id) {
      scrolledFor.current = { id: runbook.id, index: focusedStepIndex };
      if (articleRef.current) articleRef.current.scrollTop = 0;
      return;
    }
    if (scrolledFor.current.index === focusedStepIndex) return;
    scrolledFor.current = { id: runbook.id, index: focusedStepIndex };
    const step = runbook.steps[focusedStepIndex];
    if (!step) return;
    containerRef.current?.querySelector(`[data-step-id="${CSS.escape(step.id)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focusedStepIndex, runbook, slots]);

  if (!runbook) return <WelcomePanel />;
  const hasErrors = runbook.diagnostics.some((d) => d.severity === 'error');
  const blockedReason = !hasSession
    ? 'No shell session yet'
    : !isRunnableByTrust(runbook)
      ? 'Review and trust this runbook first'
      : hasErrors
        ? 'This runbook has errors'
        : null;
  const canRun = blockedReason === null;
  const errors = runbook.diagnostics.filter((d) => d.severity === 'error');
  return (
    <article className="document" id="runbook-document" tabIndex={-1} aria-label={`Runbook ${runbook.title}`} ref={articleRef}>
      <RunAllProgress runbookId={runbook.id} steps={runbook.steps} />
      <header className="document-header">
        <h1>{runbook.title}</h1>
        {runbook.summary && <p className="summary">{runbook.summary}</p>}
        <div className="meta">
          {runbook.severity && <span className="badge">{runbook.severity}</span>}
          {runbook.services.map((service) => (
            <span key={service} className="badge subtle">
              {service}
            </span>
          ))}
          <span className="muted">{countLabel(runbook.steps.length, 'step')}</span>
          <span className="spacer" />
          <button
            type="button"
            className="button"
            disabled={!canRun || runbook.steps.length === 0}
            title={blockedReason ?? 'Review and run every step in order (Ctrl+Shift+Enter)'}
            onClick={() => setRunAllOpen(true)}
          >
            Run all…
          </button>
        </div>
        {runbook.diagnostics.length > 0 && (
          <ul className={`diagnostics${errors.length ? ' has-errors' : ''}`} aria-label="Problems in this runbook">
            {runbook.diagnostics.map((d, i) => (
              <li key={i} className={d.severity}>
                line {d.line}:{d.column} {d.severity}: {d.message} <span className="muted">({d.rule})</span>
              </li>
            ))}
          </ul>
        )}
        <TableOfContents headings={runbook.headings} />
      </header>
      <RunbookNotices runbook={runbook} />
      <ParamsPanel runbook={runbook} />
      <div key={html} ref={attachContainer} className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
      {runbook.checklist.map((item) => {
        const slot = checkSlots.get(item.line);
        return slot
          ? createPortal(<ChecklistBox runbookId={runbook.id} item={item} checked={ticked.get(item.id) ?? item.checkedInSource} />, slot, item.id)
          : null;
      })}
      {runbook.steps.map((step, index) => {
        const slot = slots.get(step.lineStart);
        if (!slot) return null;
        return createPortal(
          <StepCard
            step={step}
            index={index}
            focused={index === focusedStepIndex}
            run={latestRuns.get(step.id)}
            canRun={canRun}
            blockedReason={blockedReason}
            onRun={requestRun}
            onRollback={(target) => requestRun(target, 'rollback')}
            onCancel={(runId) => void cancelRun(runId)}
            onDryRun={showDryRun}
            onFocus={focusStep}
          />,
          slot,
          step.id,
        );
      })}
    </article>
  );
}

/** Each checklist item's latest ticked state in this incident's timeline. */
function tickedItems(events: TimelineEvent[], runbookId: string | undefined): Map<string, boolean> {
  const state = new Map<string, boolean>();
  for (const event of events) {
    if (event.kind === 'checklist.ticked' && event.data.runbookId === runbookId && typeof event.data.itemId === 'string') {
      state.set(event.data.itemId, event.data.checked === true);
    }
  }
  return state;
}
