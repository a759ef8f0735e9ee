import { processSecretValues } from '../store/known-secret-values';
import { RedactingOutputSink } from '../store/redacting-output-sink';
import type { RunbookGate } from '../steps/runbook-gate';
import { StepRunner, type RunbookSource, type StepRunnerOptions } from '../steps/step-runner';
import { SECRET_MASK } from '../steps/step-script';
import { openDatabase } from '../store/open-database';
import { outputJournalDirFor } from '../terminal/output-journal';
import { OutputRecorder } from '../terminal/output-recorder';
import { TerminalService, type TerminalServiceOptions } from '../terminal/terminal-service';
import type { EventHub } from './event-hub';
import type { TimelineRecorder } from './timeline-recorder';

/**
 * The engine's wiring, shared by the app's composition root (AppServices)
 * and `firebreak run`, so a step run headless is recorded, redacted and
 * masked exactly as in the app: the shells (TerminalService) and the step
 * runner over them.
 */
export interface EngineOptions {
  hub: EventHub;
  recorder: TimelineRecorder;
  runbooks: RunbookSource;
  gate: RunbookGate;
  /** Where every byte of every session is recorded; null: not recorded (no database, a dry run). */
  output: OutputRecorder | null;
  /** Whether detected secrets are redacted as output is written (the incident setting); secret param values always are. */
  redactAtWrite: () => boolean;
  log: (message: string) => void;
  /** On top of the defaults: the shell, its start folder, acknowledge 'auto' for a terminal nobody draws, a fixed incident. */
  terminal?: Omit<TerminalServiceOptions, 'hub'>;
  /** The runs the durable record holds, for step:list after a restart (see StepRunnerOptions.recorded). */
  recorded?: StepRunnerOptions['recorded'];
}

export interface Engine {
  terminals: TerminalService;
  steps: StepRunner;
}

export function createEngine(options: EngineOptions): Engine {
  const { hub, recorder, log } = options;
  const terminals = new TerminalService({
    ...(options.output ? { output: new RedactingOutputSink(options.output, options.redactAtWrite, processSecretValues) } : {}),
    timeline: (incidentId, entry) => void recorder.record(incidentId, entry.kind, entry.data as never),
    incidentForSession: () => recorder.incidentForAction().id,
    maskSecrets: (text) => processSecretValues.mask(text, SECRET_MASK),
    log,
    ...options.terminal,
    hub,
  });
  const steps = new StepRunner(options.runbooks, terminals, recorder, hub, options.gate, { secrets: processSecretValues, ...(options.recorded ? { recorded: options.recorded } : {}) });
  return { terminals, steps };
}

/**
 * Output is written by a worker thread with its own connection to the same
 * file: its batches commit with synchronous=NORMAL (WAL keeps them
 * crash-safe) and never hold up the pty's data handler or the fsync that
 * each timeline event gets. What a session prints is journaled first, so a
 * kill of the process loses none of it (journals of crashed processes are
 * replayed here). Throws when the database cannot be opened.
 */
export function openOutputRecorder(databasePath: string, recorder: () => TimelineRecorder, log: (message: string) => void, flushIntervalMs?: number): OutputRecorder {
  return OutputRecorder.inWorker(openDatabase(databasePath), databasePath, {
    ownsDatabase: true,
    ...(flushIntervalMs === undefined ? {} : { flushIntervalMs }),
    // The recorder names the lost bytes in a persistent record:warning and notes them in the next record.gap.
    onError: (error, lostBytes) => recorder().outputLost(lostBytes, error),
    onWriterReplaced: (message) => log(`firebreak: ${message}`),
    journalDir: outputJournalDirFor(databasePath),
    onJournalError: (error) => log(`firebreak: the output journal could not be written (${error.message}); output is still recorded, but a crash now could lose its last tenth of a second.`),
  });
}
