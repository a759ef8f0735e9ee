import { setTimeout as delay } from 'node:timers/promises';

/** A promise that resolves after `ms` milliseconds (for the labs' polling loops). */
export { delay };

/**
 * Polls `check` until it returns a value other than undefined, or fails after
 * `timeoutMs` with `describeFailure()` (an Error is thrown as is, a string
 * becomes an Error's message).
 */
export async function waitUntil<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  describeFailure: () => string | Error | Promise<string | Error>,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      const failure = await describeFailure();
      throw failure instanceof Error ? failure : new Error(failure);
    }
    await delay(intervalMs);
  }
}
