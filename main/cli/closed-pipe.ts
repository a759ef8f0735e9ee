/**
 * `firebreak lint … | head -1`: when the reader of stdout (or stderr) goes
 * away, writing fails with EPIPE, which Node reports as an unhandled
 * 'error' event and a stack trace. Standard Unix tools just stop (SIGPIPE);
 * so does the CLI: nothing more is wanted, so it exits at once, keeping an
 * exit code already decided (0 otherwise).
 *
 * A command that cannot just vanish (`run`: a step is running in a shell
 * and the record must say how it ended) takes the closed pipe over with
 * whenPipeCloses, stops in order and sets its own exit code.
 */
const takeovers = new Map<NodeJS.WritableStream, () => void>();

/** Exit code of a command stopped because its output was closed: what a shell reports for a SIGPIPE death (128 + 13). */
export const EXIT_OUTPUT_CLOSED = 141;

export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => never = process.exit): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      const takeover = takeovers.get(stream);
      if (takeover) {
        takeover();
        return;
      }
      exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    }
    // Any other write failure is a real problem: raise it as Node would have.
    throw error;
  });
}

/**
 * Until the returned function is called, a closed `stream` calls `handler`
 * (at most once) instead of exiting: the command stops itself in order.
 */
export function whenPipeCloses(stream: NodeJS.WritableStream, handler: () => void): () => void {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    handler();
  };
  takeovers.set(stream, once);
  return () => {
    if (takeovers.get(stream) === once) takeovers.delete(stream);
  };
}
