import net from 'node:net';
import { LabPortInUseError } from './lab-errors';

/**
 * Fails with a LabPortInUseError naming the first port on 127.0.0.1 that
 * something already listens on. The ports are fixed by the runbooks' drill
 * profiles, so a lab cannot move to another one.
 */
export async function assertPortsFree(ports: readonly number[]): Promise<void> {
  for (const port of ports) {
    const problem = await tryListen(port);
    if (problem) throw new LabPortInUseError(port, problem);
  }
}

function tryListen(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(null)));
  });
}
