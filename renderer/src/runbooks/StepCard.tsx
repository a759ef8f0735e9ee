import { useMemo, useState } from 'react';
import type { Step } from '../../../shared/model/runbook';
import type { StepRunStatus } from '../store/step-runs-slice';
import { highlightCode } from './highlight-code';
import { StepOutput } from './StepOutput';

export interface StepCardProps {
  step: Step;
  index: number;
  focused: boolean;
  run: StepRunStatus | undefined;
  canRun: boolean;
  /** Why Run is disabled, for its tooltip. */
  blockedReason: string | null;
  onRun(step: Step): void;
  onRollback(step: Step): void;
  onCancel(runId: string): void;
  onDryRun(step: Step): void;
  onFocus(index: number): void;
}

const STATE_LABEL: Record<StepRunStatus['state'], string> = {
  queued: 'queued',
  running: 'running',
  passed: 'passed',
  failed: 'failed',
  cancelled: 'cancelled',
  unknown: 'sent',
};

/** One runnable step: its command, its live state and last result, and its actions. */
export function StepCard({ step, index, focused, run, canRun, blockedReason, onRun, onRollback, onCancel, onDryRun, onFocus }: StepCardProps) {
  const [copied, setCopied] = useState(false);
  const highlighted = useMemo(() => highlightCode(step.code, step.language), [step.code, step.language]);
  const state = run?.state ?? 'idle';
  const active = state === 'queued' || state === 'running';
  return (
    <section
      className={`step-card${focused ? ' focused' : ''}${step.destructive ? ' destructive' : ''} state-${state}`}
      data-step-id={step.id}
      data-status={state}
      aria-label={`Step ${index + 1}: ${step.title}`}
      onClick={() => onFocus(index)}
    >
      <header className="step-header">
        <span className="step-number">{index + 1}</span>
        <span className="step-title" title={step.title}>
          {step.title}
        </span>
        <span className={`step-status status-${state}`} data-testid="step-status" title={run?.message ?? undefined}>
          {!run && 'not run'}
          {run && <RunSummary run={run} />}
        </span>
        <button
          type="button"
          className="button ghost small"
          title="Show exactly what would be sent, without running"
          onClick={(event) => {
            event.stopPropagation();
            onDryRun(step);
          }}
        >
          Dry run
        </button>
        <button
          type="button"
          className="button small"
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
        {step.rollback && run && !active && (
          <button
            type="button"
            className="button small"
            title={`Run ${step.rollback}, the step that undoes this one`}
            disabled={!canRun}
            onClick={(event) => {
              event.stopPropagation();
              onRollback(step);
            }}
          >
            Roll back
          </button>
        )}
        {active ? (
          <button
            type="button"
            className="button danger small"
            title="Interrupt (Ctrl+Shift+X); killed if it does not stop"
            onClick={(event) => {
              event.stopPropagation();
              onCancel(run!.runId);
            }}
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            disabled={!canRun}
            title={blockedReason ?? 'Run this step in the terminal (Ctrl+Enter)'}
            onClick={(event) => {
              event.stopPropagation();
              onRun(step);
            }}
          >
            {run ? 'Rerun' : 'Run'}
          </button>
        )}
      </header>
      <StepBadges step={step} />
      <pre className="step-code">
        <code dangerouslySetInnerHTML={{ __html: highlighted }} />
      </pre>
      {/* A queued run has printed nothing yet; keyed by run, so a rerun never shows the last run's lines. */}
      {run && run.state !== 'queued' && <StepOutput key={run.runId} run={run} step={step} index={index} />}
      {run?.message && !active && <p className={`step-message status-${state}`}>{run.message}</p>}
      {run?.recordProblem && (
        <p className="step-message status-failed" role="alert" data-testid="record-problem">
          Not on the record: {run.recordProblem}
        </p>
      )}
    </section>
  );
}

function RunSummary({ run }: { run: StepRunStatus }) {
  const parts = [STATE_LABEL[run.state]];
  if (run.exitCode !== null) parts.push(`exit ${run.exitCode}`);
  else if (run.state === 'unknown') parts.push('exit code unknown');
  if (run.durationMs !== null) parts.push(formatDuration(run.durationMs));
  if (run.rollbackOf) parts.push(`rolled back ${run.rollbackOf}`);
  return <>{parts.join(' · ')}</>;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** What the step will ask or do beyond running, at a glance. */
function StepBadges({ step }: { step: Step }) {
  const any = step.destructive || step.confirm !== false || step.interactive || step.excludeFromRunAll || step.timeoutMs !== null || step.expect || step.rollback;
  if (!any) return null;
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
