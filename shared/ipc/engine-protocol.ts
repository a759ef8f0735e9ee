import { z } from 'zod';
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
  code: z.enum(['bad_request', 'forbidden', 'not_found', 'conflict', 'unavailable', 'internal']),
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
  })
  .strict();
export type EngineStartOptions = z.infer<typeof EngineStartOptionsSchema>;

export const CallContextSchema = z.object({ transport: z.enum(['electron', 'browser']), clientId: z.string() }).strict();

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
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;
