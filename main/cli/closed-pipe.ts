/**
 * `firebreak lint … | head -1`: when the reader of stdout (or stderr) goes
 * away, writing fails with EPIPE, which Node reports as an unhandled
 * 'error' event and a stack trace. Standard Unix tools just stop (SIGPIPE);
 * so does the CLI: nothing more is wanted, so it exits at once, keeping an
 * exit code already decided (0 otherwise).
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => never = process.exit): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    // Any other write failure is a real problem: raise it as Node would have.
    throw error;
  });
}
