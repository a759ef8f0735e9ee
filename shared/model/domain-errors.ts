/**
 * Why the engine refused, or could not do, what it was asked — said in the
 * domain's words. Services, the engine and the store throw these; the
 * contract router (main/services/contract-router.ts) is the one place that
 * turns them into the contract's error codes, so no service chooses a
 * transport code and the CLI can read the same errors without the contract.
 *
 * `details` are short machine-readable strings the caller may act on: a
 * field and its problem (`PGHOST: Required`) for InvalidInput, or a reason
 * such as INCIDENT_RESOLVED for Conflict.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    readonly details?: readonly string[],
  ) {
    super(message);
  }
}

export type DomainErrorKind = 'invalid-input' | 'refused' | 'not-found' | 'conflict' | 'unavailable';

/** What was asked for is malformed or not valid (a param, a path, a payload); `details` name the fields. */
export class InvalidInput extends DomainError {
  readonly kind = 'invalid-input';
  // string, not the literal: a domain's own error (TeamAccessError…) extends these under its own name.
  override readonly name: string = 'InvalidInput';
}

/** A rule forbids it whatever the timing: an untrusted runbook, a runbook with lint errors, a missing confirmation. */
export class Refused extends DomainError {
  readonly kind = 'refused';
  override readonly name: string = 'Refused';
}

/** The thing named (runbook, step, incident, session, run) does not exist. */
export class NotFound extends DomainError {
  readonly kind = 'not-found';
  override readonly name: string = 'NotFound';
}

/** The current state does not allow it (busy shell, ended session, drill running, resolved incident); it may succeed later. */
export class Conflict extends DomainError {
  readonly kind = 'conflict';
  override readonly name: string = 'Conflict';
}

/** Something it needs is not there: the database, a shell, a native module, disk space. */
export class Unavailable extends DomainError {
  readonly kind = 'unavailable';
  override readonly name: string = 'Unavailable';
}

/**
 * The detail on a Conflict when a step is run into a resolved incident: the
 * renderer reads it to ask "reopen, follow up, or record anyway?" instead of
 * showing the message.
 */
export const INCIDENT_RESOLVED = 'incident-resolved';
