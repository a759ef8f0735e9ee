import { exitQuietlyOnClosedPipe } from './closed-pipe';
import { buildProgram } from './program';

exitQuietlyOnClosedPipe(process.stdout);
exitQuietlyOnClosedPipe(process.stderr);

/** Entry point of the `firebreak` bin (out/main/cli.js). */
buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`firebreak: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
