import { useMemo, useState } from 'react';
import type { Step } from '../../../shared/model/runbook';
import type { TimelineEvent } from '../../../shared/model/timeline';
import { highlightCode } from './highlight-code';

export interface StepCardProps {
  step: Step;
  index: number;
  focused: boolean;
  lastRun: TimelineEvent | undefined;
  lastFinish: TimelineEvent | undefined;
  canRun: boolean;
  onRun(step: Step): void;
  onFocus(index: number): void;
}

/** One runnable step: its command, its last result, and Run / Copy. */
export function StepCard({ step, index, focused, lastRun, lastFinish, canRun, onRun, onFocus }: StepCardProps) {
  const [copied, setCopied] = useState(false);
  const exitCode = lastFinish?.data.exitCode;
  const status = lastFinish
    ? exitCode === 0
      ? 'passed'
      : typeof exitCode === 'number'
        ? 'failed'
        : 'finished'
    : lastRun
      ? 'sent'
      : 'idle';
  const destructive = step.destructive;
  const highlighted = useMemo(() => highlightCode(step.code, step.language), [step.code, step.language]);
  return (
    <section
      className={`step-card${focused ? ' focused' : ''}${destructive ? ' destructive' : ''}`}
      data-step-id={step.id}
      data-status={status}
      aria-label={`Step ${index + 1}: ${step.title}`}
      onClick={() => onFocus(index)}
    >
      <header className="step-header">
        <span className="step-number">{index + 1}</span>
        <span className="step-title">{step.title}</span>
        <StepBadges step={step} />
        <span className={`step-status status-${status}`} data-testid="step-status">
          {status === 'idle' && 'not run'}
          {status === 'sent' && `sent ${timeOf(lastRun!)}`}
          {(status === 'passed' || status === 'failed' || status === 'finished') &&
            `exit ${typeof exitCode === 'number' ? exitCode : '?'} · ${formatDuration(lastFinish!.data.durationMs)}`}
        </span>
        <button
          type="button"
          className="button"
          onClick={(event) => {
            event.stopPropagation();
            void navigator.clipboard?.writeText(step.code).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1200);
            });
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={!canRun}
          title="Run this step in the terminal (Ctrl+Enter)"
          onClick={(event) => {
            event.stopPropagation();
            onRun(step);
          }}
        >
          Run
        </button>
      </header>
      <pre className="step-code">
        <code dangerouslySetInnerHTML={{ __html: highlighted }} />
      </pre>
    </section>
  );
}

function timeOf(event: TimelineEvent): string {
  return event.ts.slice(11, 19) + 'Z';
}

function formatDuration(value: unknown): string {
  if (typeof value !== 'number') return 'duration unknown';
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}

/** What the step will ask or do beyond running, at a glance. */
function StepBadges({ step }: { step: Step }) {
  return (
    <span className="step-badges">
      {step.destructive && <span className="badge danger">destructive</span>}
      {step.confirm !== false && (
        <span className="badge warn" title="Asks before it runs">
          {typeof step.confirm === 'string' ? `type ${step.confirm}` : 'confirm'}
        </span>
      )}
      {step.interactive && <span className="badge subtle" title="Does not end on its own; never part of Run all">interactive</span>}
      {step.excludeFromRunAll && !step.interactive && <span className="badge subtle">not in Run all</span>}
      {step.timeoutMs !== null && <span className="badge subtle">timeout {Math.round(step.timeoutMs / 1000)} s</span>}
      {step.expect && <span className="badge subtle" title="How the step is judged">expects {describeExpect(step)}</span>}
      {step.rollback && <span className="badge subtle" title="The step that undoes this one">undo: {step.rollback}</span>}
    </span>
  );
}

function describeExpect(step: Step): string {
  const parts: string[] = [];
  if (step.expect?.exitCode !== null && step.expect?.exitCode !== undefined) parts.push(`exit ${step.expect.exitCode}`);
  if (step.expect?.output) parts.push(`/${step.expect.output.source}/`);
  return parts.join(' + ') || 'any exit';
}
