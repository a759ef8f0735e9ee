/**
 * The shape every contract call resolves to, on every transport (Electron IPC
 * and the browser host's WebSocket). Handlers never throw across the boundary:
 * a failure is a value the renderer can show.
 */
export const CONTRACT_ERROR_CODES = ['bad_request', 'forbidden', 'not_found', 'conflict', 'unavailable', 'internal'] as const;
export type ContractErrorCode = (typeof CONTRACT_ERROR_CODES)[number];

export interface ContractError {
  code: ContractErrorCode;
  /** A sentence a responder can read at 3 a.m.: what went wrong and where. */
  message: string;
  /** Field-level detail for bad_request, e.g. `sessionId: Required`. */
  details?: string[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** Thrown by handlers to choose the error code; anything else maps to `internal`. */
export class ContractFailure extends Error {
  constructor(
    readonly code: ContractErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'ContractFailure';
  }
}

/** Thrown on the client side when a call comes back with `ok: false`. */
export class ContractCallError extends Error {
  constructor(
    readonly channel: string,
    readonly error: ContractError,
  ) {
    super(error.message);
    this.name = 'ContractCallError';
  }
}
