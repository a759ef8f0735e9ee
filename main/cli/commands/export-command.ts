import type { Command } from 'commander';
import { EXPORT_FORMATS, exportIncident, writeExportedFiles, type ExportFormat } from '../../incidents/incident-exporter';
import type { IncidentStore } from '../../store/incident-store';
import { failCommand, withIncidentDatabase } from './incident-database';

/** `latest`: the newest real incident, or the newest of any kind when there is none. */
export function resolveIncidentId(incidents: IncidentStore, idOrLatest: string): string {
  if (idOrLatest !== 'latest') return incidents.require(idOrLatest).id;
  const newest = incidents.list({ kinds: ['incident'], limit: 1 })[0] ?? incidents.list({ limit: 1 })[0];
  if (!newest) throw new Error('There are no incidents in this database yet.');
  return newest.id;
}

/**
 * `firebreak export <incident-id|latest> --format md|json|html|cast [--out PATH] [--secret VALUE]...`:
 * secrets masked (detected ones, plus each --secret). Without --out the
 * export goes to stdout (cast: only when there is one session).
 */
export function register(program: Command): void {
  program
    .command('export')
    .description('export an incident: Markdown postmortem, JSON, HTML or asciicast; secrets are masked')
    .argument('<incident>', 'incident id, or "latest"')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .option('--out <path>', 'file to write (a folder for several asciicasts); default stdout')
    .option('--secret <value...>', 'a value to mask wherever it appears (e.g. a secret param)')
    .action((idOrLatest: string, options: { format: string; out?: string; secret?: string[] }, command: Command) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) {
        failCommand(`Unknown format "${options.format}"; use one of ${EXPORT_FORMATS.join(', ')}.`);
        return;
      }
      return withIncidentDatabase(command, (db) => {
        const incidentId = resolveIncidentId(db.incidents, idOrLatest);
        const files = exportIncident(db.events, db.incidents, incidentId, options.format as ExportFormat, { secretValues: options.secret ?? [] });
        if (options.out) {
          for (const written of writeExportedFiles(files, options.out)) process.stderr.write(`Wrote ${written}\n`);
          return;
        }
        if (files.length !== 1) {
          failCommand(
            files.length === 0
              ? 'This incident has no terminal sessions to export as asciicast.'
              : `This incident has ${files.length} terminal sessions; give a folder with --out to write one .cast file each.`,
          );
          return;
        }
        process.stdout.write(files[0]!.content);
      });
    });
}
