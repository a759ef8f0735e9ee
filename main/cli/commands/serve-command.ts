import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { BROWSER_HOST_FILE, writeInstanceFile } from '../../alerts/running-instances';
import { startBrowserHost } from '../../host/browser-host';
import { rendererDir } from '../../platform/app-root';
import { readPackageVersion } from '../../platform/package-version';
import { commandLineFolders } from '../../runbooks/user-folders';
import { EngineClient } from '../../engine/engine-client';
import { engineHostEntry } from '../../engine/engine-entry';
import { forkNodeEngine } from '../../engine/node-engine-port';
import { resolveDataDir } from '../data-dir';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  return port;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `firebreak serve`: the app in a browser, on 127.0.0.1 only, guarded by a per-run token. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve Firebreak to a browser on 127.0.0.1 (use an SSH tunnel to reach it from elsewhere)')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .option('--runbooks <dir>', 'a runbook folder to use instead of the bundled one, as an added folder: its runbooks run once reviewed with "firebreak trust DIR" (repeatable)', collect, [] as string[])
    .option('--shell <path>', 'shell to start in terminals (default: $SHELL)')
    .action(async (options: { port: number; runbooks: string[]; shell?: string }, command: Command) => {
      const renderer = rendererDir();
      if (!fs.existsSync(path.join(renderer, 'index.html'))) {
        process.stderr.write(`firebreak: the app is not built (${renderer} is missing). Run "npm run build" first.\n`);
        process.exitCode = 2;
        return;
      }
      // Named folders are added folders: untrusted until reviewed (firebreak trust DIR).
      const folders = commandLineFolders(options.runbooks);
      // The engine (ptys, recorders, SQLite) runs in its own process, the same engine host the desktop app forks:
      // a slow disk or a long render there never holds up the page's socket here.
      const { entry, execArgv } = engineHostEntry();
      const engine = new EngineClient(
        forkNodeEngine(entry, { execArgv }),
        { dataDir: resolveDataDir(command), runbookFolders: folders, host: 'browser', version: readPackageVersion(), ...(options.shell ? { shell: options.shell } : {}) },
        { log: (message) => process.stderr.write(`${message}\n`) },
      );
      let ready;
      try {
        ready = await engine.ready;
      } catch (error) {
        process.stderr.write(`firebreak: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
        return;
      }
      for (const warning of ready.warnings) process.stderr.write(`firebreak: warning: ${warning}\n`);
      for (const problem of ready.problems) process.stderr.write(`firebreak: warning: ${problem}\n`);
      const host = await startBrowserHost({ engine, rendererDir: renderer, port: options.port });
      process.stdout.write(`Firebreak is serving on 127.0.0.1 only. Open:\n  ${host.url}\n`);
      // So `firebreak open URL` can hand a runbook link to this host.
      const forgetInstance = writeInstanceFile(resolveDataDir(command), BROWSER_HOST_FILE, { pid: process.pid, port: Number(new URL(host.url).port), token: host.token });
      // Every signal after the first is absorbed: Ctrl-C reaches the whole foreground group (and can be pressed twice),
      // and a closing terminal sends SIGHUP; none of them may cut the shutdown short before the record is complete.
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        forgetInstance();
        void host
          .close()
          .then(() => engine.shutdown())
          .catch((error: unknown) => process.stderr.write(`firebreak: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`))
          .finally(() => process.exit(0));
      };
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
      // An engine that dies on its own leaves nothing to serve: say why and end, so the page says to open the new URL.
      engine.onExit((message, expected) => {
        if (expected || stopping) return;
        stopping = true;
        process.stderr.write(`firebreak: ${message}\n`);
        forgetInstance();
        void host.close().finally(() => process.exit(1));
      });
    });
}
