import { useState } from 'react';
import type { Step } from '../../../shared/model/runbook';
import type { TimelineEvent } from '../../../shared/model/timeline';

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
  const destructive = step.attributes.destructive === true || step.attributes.destructive === 'true';
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
        {destructive && <span className="badge danger">destructive</span>}
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
        <code>{step.code}</code>
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
