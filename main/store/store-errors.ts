import { Unavailable } from '../../shared/model/domain-errors';

/** SQLite result codes that mean "the disk (or the database's size limit) is full". */
const FULL_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR_WRITE']);

/** True when `error` is SQLite saying there is no room left for the write. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && FULL_CODES.has(code);
}

/**
 * The plain-words message a responder sees when a timeline write fails
 * because the disk is full. The terminal keeps working; only the record stops.
 */
export function diskFullMessage(databasePath: string): string {
  return `The disk holding the incident record is full, so the last action was NOT recorded (${databasePath}). The terminal keeps working; free some space and the record resumes. Until then, note what you do by hand.`;
}

/** The error a caller gets when a write to the record failed for lack of space (the router answers `unavailable`). */
export function diskFullFailure(databasePath: string): Unavailable {
  return new Unavailable(diskFullMessage(databasePath));
}

/**
 * The same, naming what was lost: a responder must know which step's result
 * or how much output is missing from the record, not only that something is.
 */
export function diskFullLossMessage(databasePath: string, lost: string): string {
  return `The disk holding the incident record is full (${databasePath}): NOT recorded: ${lost}. The terminal keeps working; free some space and the record resumes (it will note this gap). Until then, note what you do by hand.`;
}
