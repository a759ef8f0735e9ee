import { z } from 'zod';
import { CONTRACT_ERROR_CODES } from './envelope';
import { RunbookOriginSchema } from '../model/runbook';

/**
 * The engine host protocol: how the process that owns the window (Electron
 * main, or `firebreak serve`) talks to the engine host process that owns
 * AppServices (ptys, recorders, SQLite). It only carries the IPC contract
 * (calls and events, validated by the ContractRouter on the far side) plus
 * the few things the contract cannot say: start, readiness, the viewer
 * count, link hand-off, questions only the parent can answer (the OS
 * keychain lives in Electron main) and an orderly stop.
 *
 * Every message is checked on arrival on both sides: a port carries
 * structured clones, not types.
 */

const id = z.number().int().min(0);

export const ContractErrorSchema = z.object({
  code: z.enum(CONTRACT_ERROR_CODES),
  message: z.string(),
  details: z.array(z.string()).optional(),
});

export const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }).strict(),
  z.object({ ok: z.literal(false), error: ContractErrorSchema }).strict(),
]);

/** What the engine host needs to build AppServices; plain data, so it crosses a port. */
export const EngineStartOptionsSchema = z
  .object({
    dataDir: z.string().min(1),
    runbookFolders: z.array(z.object({ dir: z.string().min(1), origin: RunbookOriginSchema })),
    host: z.enum(['electron', 'browser']),
    version: z.string(),
    /** Shell for terminals (serve --shell); default $SHELL. */
    shell: z.string().optional(),
    watchRunbooks: z.boolean().optional(),
    /** The parent keeps the team password in the OS keychain: the host asks it (Electron safeStorage is main-process only). */
    keychain: z.boolean().optional(),
    /**
     * Who starts drill lab processes: the host spawns them with its own Node
     * (absent, 'spawn': serve and the CLI), or the parent forks them
     * ('parent': Electron main with utilityProcess.fork, since the packaged
     * app's Electron cannot be run as Node) on `labFork`.
     */
    labs: z.enum(['spawn', 'parent']).optional(),
  })
  .strict();
export type EngineStartOptions = z.infer<typeof EngineStartOptionsSchema>;

export const CallContextSchema = z.object({ transport: z.enum(['electron', 'browser']), clientId: z.string() }).strict();

const pid = z.number().int().min(1);
/** An absolute path (POSIX or Windows), as a lab's scripts, folder and logs are named. */
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value), 'must be an absolute path');
const labEnv = z.record(z.string(), z.string());
const labArgs = z.array(z.string().max(64 * 1024)).max(256);
const exitSignal = z.string().regex(/^SIG[A-Z0-9]+$/).nullable();

/** What the engine host asks its parent to fork: one lab process (main/drills/lab-launcher.ts). */
const LabForkFields = {
  name: z.string().min(1).max(100),
  script: absolutePath,
  args: labArgs,
  cwd: absolutePath,
  env: labEnv,
  logFile: absolutePath,
};

/** The engine's labFork without the name: the parent names a child after the lab process that asked. */
const { name: _name, ...LabChildForkFields } = LabForkFields;

/**
 * A lab process forked by the parent asks it to fork a Node child of its own
 * (scripts/lab-node-child.cjs over process.parentPort), and the parent's
 * answers: the same fork, one level down, so no lab script runs Electron as Node.
 */
export const LabScriptMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('labChildFork'), id, ...LabChildForkFields }).strict(),
]);
export type LabScriptMessage = z.infer<typeof LabScriptMessageSchema>;

export const LabScriptReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('labChildForked'), id, pid }).strict(),
  z.object({ type: z.literal('labChildForkFailed'), id, message: z.string() }).strict(),
  z.object({ type: z.literal('labChildExit'), id, code: z.number().int().nullable(), signal: exitSignal }).strict(),
]);
export type LabScriptReply = z.infer<typeof LabScriptReplySchema>;

/** A question the engine host asks its parent, and the parent's answer. */
export const EngineQuestionSchema = z.discriminatedUnion('question', [
  z.object({ question: z.literal('teamPassword') }).strict(),
  z.object({ question: z.literal('saveTeamPassword'), password: z.string() }).strict(),
]);
export type EngineQuestion = z.infer<typeof EngineQuestionSchema>;

/** Parent → engine host. */
export const ParentMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), options: EngineStartOptionsSchema }).strict(),
  z.object({ type: z.literal('call'), id, channel: z.string().max(100), payload: z.unknown(), context: CallContextSchema }).strict(),
  /** Windows/tabs showing terminals now (TerminalService.setViewerCount). */
  z.object({ type: z.literal('viewers'), count: z.number().int().min(0) }).strict(),
  /** A firebreak:// link handed to the app: checked against the library and delivered to the page; answered by a result. */
  z.object({ type: z.literal('openLink'), id, url: z.string().max(64 * 1024) }).strict(),
  /** The answer to an `ask`. */
  z.object({ type: z.literal('answer'), id, ok: z.boolean(), value: z.string().optional(), error: z.string().optional() }).strict(),
  /** Finish runs as cancelled, end shells (session.ended recorded), close the store, then exit. */
  z.object({ type: z.literal('shutdown') }).strict(),
  /** The lab process of a `labFork` runs as `pid`. */
  z.object({ type: z.literal('labForked'), id, pid }).strict(),
  /** The lab process of a `labFork` could not be started. */
  z.object({ type: z.literal('labForkFailed'), id, message: z.string() }).strict(),
  /** The lab process of a `labFork` ended, and so did every Node child the parent forked for it. */
  z.object({ type: z.literal('labExit'), id, code: z.number().int().nullable(), signal: exitSignal }).strict(),
]);
export type ParentMessage = z.infer<typeof ParentMessageSchema>;

/** Engine host → parent. */
export const HostMessageSchema = z.discriminatedUnion('type', [
  /** AppServices is built; calls are answered from now on. Warnings and library problems for the parent to print. */
  z.object({ type: z.literal('ready'), warnings: z.array(z.string()), problems: z.array(z.string()) }).strict(),
  /** AppServices could not be built; the host exits after this. */
  z.object({ type: z.literal('startFailed'), message: z.string() }).strict(),
  /** The answer to a call or an openLink: the contract's own envelope. */
  z.object({ type: z.literal('result'), id, envelope: EnvelopeSchema }).strict(),
  z.object({ type: z.literal('event'), channel: z.string(), payload: z.unknown() }).strict(),
  z.object({ type: z.literal('ask'), id, ask: EngineQuestionSchema }).strict(),
  /** Shutdown finished: the record is complete and the store closed; the host exits next. */
  z.object({ type: z.literal('stopped') }).strict(),
  /** Fork a drill lab process (start option labs: 'parent'); answered by labForked or labForkFailed, then labExit. */
  z.object({ type: z.literal('labFork'), id, ...LabForkFields }).strict(),
]);
export type LabForkMessage = Extract<HostMessage, { type: 'labFork' }>;
export type LabForkReplyMessage = Extract<ParentMessage, { type: 'labForked' | 'labForkFailed' | 'labExit' }>;
export type HostMessage = z.infer<typeof HostMessageSchema>;
