import fs from 'node:fs';
import type { Command } from 'commander';
import { importIncidentExport } from '../../store/incident-importer';
import { recoverDatabase } from '../../store/recover-database';
import { failCommand, withIncidentDatabase } from './incident-database';

/**
 * `firebreak import <file>`: adds an incident from a JSON export, all or
 * nothing. `firebreak recover <file>`: brings back what can be read from a
 * damaged or moved-aside database file (which is only read).
 */
export function register(program: Command): void {
  program
    .command('import')
    .description('import an incident from a Firebreak JSON export (all or nothing)')
    .argument('<file>', 'a JSON export (firebreak export --format json)')
    .action((file: string, _options: unknown, command: Command) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        failCommand(`Cannot read ${file}: ${(error as Error).message}`);
        return;
      }
      return withIncidentDatabase(command, (db) => {
        let result;
        try {
          result = importIncidentExport(db.events, text);
        } catch (error) {
          // Name the file: the importer's message says what is wrong inside it.
          throw new Error(`${file}: ${(error as Error).message}`);
        }
        process.stdout.write(
          `Imported "${result.title}" as ${result.incidentId}${result.renamed ? ' (its id was taken, so it got a new one)' : ''}: ${result.events} events, ${result.sessions} terminal sessions.\n`,
        );
      });
    });

  program
    .command('recover')
    .description('import what can still be read from a damaged or moved-aside database file (the file is only read)')
    .argument('<file>', 'the database file named in the start-up warning')
    .action((file: string, _options: unknown, command: Command) =>
      withIncidentDatabase(command, (db) => {
        const result = recoverDatabase(db.events, file);
        for (const item of result.imported) process.stdout.write(`Recovered "${item.title}" (${item.events} events) as ${item.incidentId}\n`);
        for (const problem of result.problems) process.stderr.write(`firebreak: ${problem}\n`);
        if (result.imported.length === 0) failCommand(`No incident could be recovered from ${file}.`);
      }),
    );
}
