import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Step } from '../../../shared/model/runbook';
import { lastLines, stepRunLines } from '../../../shared/terminal/output-tail';
import { stepHeaderLines } from '../../../shared/terminal/step-header';
import { describeStepOutcome, formatElapsed, toneMark, type EventTone } from '../../../shared/timeline/describe-event';
import { call } from '../ipc/bridge';
import type { StepRunStatus } from '../store/step-runs-slice';

/** Lines shown under a card before "Show all output". */
export const TAIL_LINES = 5;
/** Bytes read for the tail: far more than five lines need, and little to send every second while a step runs. */
const TAIL_BYTES = 64 * 1024;
/** Bytes read for "Show all output" (the channel's default; the output viewer reads as much). */
const FULL_BYTES = 1_048_576;
/** How often a running step's tail is read again, at most. */
const LIVE_REFRESH_MS = 1000;
/**
 * A read costs main more the more the run has printed (the record is read
 * newest first, but a run's rows are sorted whole: about a second for 50 MB).
 * The next read waits this many times as long as the last one took, so the
 * live tail of a very noisy step keeps main at most a tenth busy.
 */
const LIVE_COST_FACTOR = 10;
/**
 * Output is written to the record in batches (every 100 ms, on a worker
 * thread), so a read at the very moment a step finishes can miss its last
 * lines: one more read this long after the finish settles it.
 */
const SETTLE_MS = 600;

const VERDICT_WORDS: Record<EventTone, string> = {
  passed: 'passed',
  'passed-allowed': 'passed (allowed exit)',
  failed: 'failed',
  cancelled: 'cancelled',
  running: 'running',
  unknown: 'exit unknown',
  neutral: 'sent',
  warning: 'warning',
};

interface ReadOutput {
  data: string;
  truncated: boolean;
  /** Read for "Show all output" (up to FULL_BYTES), not only for the tail. */
  full: boolean;
}

/**
 * Under a step card, its latest run in this incident: the verdict, exit code
 * and duration, and the last lines of what it printed, expandable to all of
 * it. Output beside the step, as in a notebook, so the responder reads the
 * result where they ran it instead of scrolling the terminal.
 *
 * Mounted per run (keyed by run id): a new run never shows the previous
 * run's lines, even for the moment before its own output is read.
 */
export function StepOutput({ run, step, index }: { run: StepRunStatus; step: Step; index: number }) {
  const [expanded, setExpanded] = useState(false);
  const [output, setOutput] = useState<ReadOutput | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const textRef = useRef<HTMLPreElement>(null);
  /** Whether the expanded view was scrolled to its end: only then does new output scroll it. */
  const atEnd = useRef(true);
  const textId = useId();
  const running = run.state === 'running';

  /** Whether this run was seen running here: only then can its last lines still be on their way to the record. */
  const sawRunning = useRef(false);
  useEffect(() => {
    let current = true;
    let liveTimer: ReturnType<typeof setTimeout> | undefined;
    let settleTimer: ReturnType<typeof setTimeout> | undefined;
    // The settle read may overlap the first one; only a newer answer replaces an older one.
    let issued = 0;
    let shown = 0;
    const read = async (): Promise<void> => {
      const ticket = ++issued;
      const started = performance.now();
      try {
        const answer = await call('timeline:output', { runId: run.runId, maxBytes: expanded ? FULL_BYTES : TAIL_BYTES });
        if (current && ticket > shown) {
          shown = ticket;
          setOutput({ ...answer, full: expanded });
          setProblem(null);
        }
      } catch (error) {
        if (current) setProblem(error instanceof Error ? error.message : String(error));
      }
      // One read at a time while it runs: the next is scheduled when this one is done.
      if (current && running) liveTimer = setTimeout(() => void read(), Math.max(LIVE_REFRESH_MS, LIVE_COST_FACTOR * (performance.now() - started)));
    };
    void read();
    if (running) sawRunning.current = true;
    else if (sawRunning.current) settleTimer = setTimeout(() => void read(), SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(liveTimer);
      clearTimeout(settleTimer);
    };
  }, [run.runId, running, expanded]);

  const header = useMemo(() => stepHeaderLines({ stepId: step.id, title: step.title, code: step.code }), [step.id, step.title, step.code]);
  const lines = useMemo(
    () => (output ? stepRunLines(output.data, { header, stepId: step.id, cutAtStart: output.truncated }) : []),
    [output, header, step.id],
  );
  const tail = lastLines(lines, TAIL_LINES);
  const cutLines = tail.lines.some((line, i) => line !== lines[tail.hidden + i]);
  const canExpand = expanded || tail.hidden > 0 || cutLines || output?.truncated === true;
  const shown = expanded ? lines : tail.lines;

  useLayoutEffect(() => {
    const text = textRef.current;
    if (expanded && text && atEnd.current) text.scrollTop = text.scrollHeight;
  }, [expanded, lines]);

  // Expanding grows the card downwards, often past the fold: bring what was asked for into view.
  const expandedLines = expanded && output?.full === true;
  useEffect(() => {
    if (expandedLines) textRef.current?.scrollIntoView({ block: 'nearest' });
  }, [expandedLines]);

  const outcome = running
    ? { tone: 'running' as const }
    : describeStepOutcome({ status: run.state, exitCode: run.exitCode, durationMs: run.durationMs, expect: run.expect, message: run.message });
  const count = !output
    ? null
    : lines.length === 0
      ? running
        ? 'no output yet'
        : 'no output'
      : expanded
        ? output.truncated
          ? 'the last 1 MiB'
          : `all ${lines.length} ${lines.length === 1 ? 'line' : 'lines'}`
        : output.truncated
          ? `last ${tail.lines.length} lines`
          : tail.hidden > 0
            ? `last ${tail.lines.length} of ${lines.length} lines`
            : `${lines.length} ${lines.length === 1 ? 'line' : 'lines'}`;

  return (
    <div className="step-output" data-testid="step-output" data-run-id={run.runId} data-tone={outcome.tone} role="group" aria-label={`Output of step ${index + 1}, latest run`}>
      <div className="step-output-bar">
        <span className="state-chip" data-tone={outcome.tone} data-testid="step-output-verdict">
          <span aria-hidden="true">{toneMark(outcome.tone)}</span> {VERDICT_WORDS[outcome.tone]}
        </span>
        {run.exitCode !== null && (
          <span className="mono" data-testid="step-output-exit">
            exit {run.exitCode}
          </span>
        )}
        {run.durationMs !== null && <span className="mono muted">{formatElapsed(run.durationMs)}</span>}
        {count && <span className="muted">{count}</span>}
        {problem && <span className="warn-text">output could not be read: {problem}</span>}
        <span className="spacer" />
        {canExpand && (
          <button
            type="button"
            className="button ghost small"
            aria-expanded={expanded}
            aria-controls={textId}
            onClick={(event) => {
              event.stopPropagation();
              atEnd.current = true;
              setExpanded(!expanded);
            }}
          >
            {expanded ? 'Show last lines' : 'Show all output'}
          </button>
        )}
      </div>
      {shown.length > 0 && (
        <pre
          id={textId}
          ref={textRef}
          className={`step-output-text${expanded ? ' expanded' : ''}`}
          data-testid="step-output-text"
          // Scrollable only when expanded: then it takes focus, so the keyboard can scroll it.
          tabIndex={expanded ? 0 : undefined}
          aria-label={expanded ? `All output of step ${index + 1}` : undefined}
          onScroll={(event) => {
            const text = event.currentTarget;
            atEnd.current = text.scrollHeight - text.scrollTop - text.clientHeight < 24;
          }}
        >
          {shown.join('\n')}
        </pre>
      )}
    </div>
  );
}
