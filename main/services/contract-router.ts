import {
  isRequestChannel,
  requestChannels,
  type ParsedRequestOf,
  type RequestChannel,
  type ResponseOf,
} from '../../shared/ipc/contract';
import { ContractFailure, type ContractErrorCode, type Envelope } from '../../shared/ipc/envelope';
import { DomainError, type DomainErrorKind } from '../../shared/model/domain-errors';

/** The one mapping from the domain's errors to the contract's codes (`satisfies` makes a new kind fail to compile until it is mapped). */
const CODE_FOR_KIND = {
  'invalid-input': 'bad_request',
  refused: 'forbidden',
  'not-found': 'not_found',
  conflict: 'conflict',
  unavailable: 'unavailable',
} as const satisfies Record<DomainErrorKind, ContractErrorCode>;

/**
 * The envelope for an error the domain (or a handler) raised on purpose, or
 * null for anything else (a bug, reported as internal by the caller).
 */
export function failureEnvelope(error: unknown): Envelope<never> | null {
  if (error instanceof DomainError) {
    return { ok: false, error: { code: CODE_FOR_KIND[error.kind], message: error.message, ...(error.details ? { details: [...error.details] } : {}) } };
  }
  // Handlers (the contract's own layer) may still choose a code directly.
  if (error instanceof ContractFailure) {
    return { ok: false, error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
  }
  return null;
}

/** Who is calling: used for logging and per-client state, never for trust (trust is decided before dispatch). */
export interface CallContext {
  transport: 'electron' | 'browser';
  clientId: string;
}

export type ContractHandlers = {
  [C in RequestChannel]: (request: ParsedRequestOf<C>, context: CallContext) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

/** The handlers for one domain's channels (e.g. `HandlersFor<typeof terminalRequests>`). */
export type HandlersFor<Channels> = { [C in keyof Channels & RequestChannel]: ContractHandlers[C] };

/**
 * Validates a request against the contract and runs its handler. Both the
 * Electron IPC glue and the browser host call `dispatch`, so validation and
 * error mapping live in exactly one place. It never throws.
 */
export class ContractRouter {
  constructor(
    private readonly handlers: ContractHandlers,
    private readonly reportInternalError: (channel: string, error: unknown) => void = () => {},
  ) {}

  async dispatch(channel: unknown, payload: unknown, context: CallContext): Promise<Envelope<unknown>> {
    if (!isRequestChannel(channel)) {
      return { ok: false, error: { code: 'bad_request', message: `Unknown channel "${String(channel).slice(0, 80)}".` } };
    }
    const parsed = requestChannels[channel].request.safeParse(payload ?? {});
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
      return {
        ok: false,
        error: { code: 'bad_request', message: `Invalid request for ${channel}: ${details.join('; ')}`, details },
      };
    }
    try {
      const handler = this.handlers[channel] as (request: unknown, context: CallContext) => unknown;
      const value = await handler(parsed.data, context);
      return { ok: true, value };
    } catch (error) {
      const known = failureEnvelope(error);
      if (known) return known;
      this.reportInternalError(channel, error);
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'internal', message: `${channel} failed: ${message}` } };
    }
  }
}
