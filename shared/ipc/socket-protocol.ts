import { z } from 'zod';
import type { EventChannel } from './contract';
import type { Envelope } from './envelope';

/**
 * Frames of the browser host's WebSocket. The contract is the same as over
 * Electron IPC; these frames only carry it.
 */
export const ClientFrameSchema = z
  .object({
    type: z.literal('invoke'),
    id: z.number().int().min(0),
    channel: z.string().max(100),
    payload: z.unknown(),
  })
  .strict();
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export type ServerFrame =
  | { type: 'result'; id: number; envelope: Envelope<unknown> }
  | { type: 'event'; channel: EventChannel; payload: unknown };

/** The WebSocket path of the contract on the browser host. */
export const SOCKET_PATH = '/ipc';
/** Name of the cookie that carries the per-run token after the first page load. */
export const TOKEN_COOKIE = 'firebreak_token';
/**
 * Largest frame accepted from a client (terminal input is capped at 64 KiB;
 * a pasted alert payload at 1 MiB of text, which JSON escaping can double).
 */
export const MAX_CLIENT_FRAME_BYTES = 2 * 1024 * 1024 + 64 * 1024;
