import path from 'node:path';
import type { Command } from 'commander';
import { DatabaseBackups } from '../../store/backups';
import { withIncidentDatabase } from './incident-database';

/** `firebreak backup [--keep N]`: an online backup of the database now (safe while the app runs). */
export function register(program: Command): void {
  program
    .command('backup')
    .description('back up the incident database now (into <data-dir>/backups, keeping the newest)')
    .option('--keep <n>', 'how many backups to keep', (value) => Number.parseInt(value, 10))
    .action((options: { keep?: number }, command: Command) =>
      withIncidentDatabase(command, async (db) => {
        const keep = options.keep && options.keep > 0 ? options.keep : undefined;
        const backups = new DatabaseBackups(db.events, path.join(db.dataDir, 'backups'), keep ? { keep } : {});
        const info = await backups.backupNow();
        process.stdout.write(`Backed up to ${info.path} (${info.bytes} bytes)\n`);
      }),
    );
}
