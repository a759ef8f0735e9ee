import fs from 'node:fs';
import type { Command } from 'commander';
import { parseSeverityMap, type IncidentSeverity } from '../../../shared/alerts/alert-incident';
import { AlertPayloadError, MAX_ALERT_PAYLOAD_BYTES, parseAlertPayloadText } from '../../../shared/alerts/parse-alert';
import { runbookLink } from '../../../shared/alerts/runbook-link';
import { pageIncident, type PageResult } from '../../alerts/alert-pager';
import { RunbookLibrary } from '../../runbooks/runbook-library';
import { SEVERITY_MAP_PREFERENCE } from '../../services/handlers/alert-handlers';
import { SettingsStore } from '../../settings/settings-store';
import { resolveDataDir } from '../data-dir';
import { failCommand, withIncidentDatabase } from './incident-database';
import { commandLineFolders, libraryFolders } from '../../runbooks/user-folders';


function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Reads at most 1 MiB (+1 byte, to tell "too big") from a file or stdin;
 * a bigger payload is refused before it is parsed.
 */
export function readPayloadSource(source: string): string {
  const fd = source === '-' ? 0 : fs.openSync(source, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      let read: number;
      try {
        read = fs.readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((error as NodeJS.ErrnoException).code === 'EOF') break;
        throw error;
      }
      if (read === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, read)));
      total += read;
      if (total > MAX_ALERT_PAYLOAD_BYTES) {
        throw new AlertPayloadError(`The alert payload is over ${MAX_ALERT_PAYLOAD_BYTES} bytes (1 MiB); it was not read further. Send one alert group at a time.`);
      }
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    if (fd !== 0) fs.closeSync(fd);
  }
}

/** What `firebreak page --json` prints. */
export function pageResultJson(result: PageResult) {
  return {
    action: result.action,
    incidentId: result.incident?.id ?? null,
    incident: result.incident && { id: result.incident.id, title: result.incident.title, severity: result.incident.severity, status: result.incident.status, services: result.incident.services, detectedAt: result.incident.keyMoments.detected },
    message: result.message,
    suggestions: result.suggestions.map((suggestion) => ({
      runbookId: suggestion.runbookId,
      title: suggestion.title,
      match: suggestion.match,
      reasons: suggestion.reasons,
      params: suggestion.params.values,
      paramSources: suggestion.params.sources,
      paramErrors: suggestion.params.errors,
    })),
    suggestedMitigatedAt: result.suggestedMitigatedAt,
    warnings: result.warnings,
  };
}

/**
 * `firebreak page FILE|-`: an alert payload (Alertmanager webhook v4,
 * `amtool alert query -o json`, or one alert object) declares an incident
 * or joins the open one, and prints the runbooks that answer it with their
 * params filled from the labels. Runs nothing.
 */
export function register(program: Command): void {
  program
    .command('page')
    .description('declare (or join) an incident from an alert payload: Alertmanager webhook JSON, amtool -o json, or one alert; "-" reads stdin')
    .argument('<file>', 'the payload file, or - for stdin')
    .option('--runbooks <dir>', 'a runbook folder to suggest from instead of the bundled one (repeatable)', collect, [] as string[])
    .option('--severity-map <map>', 'severity label to incident severity, e.g. "critical=SEV1,warning=SEV3" (default: settings, then the built-in mapping)')
    .option('--json', 'print the incident id, suggested runbooks with reasons and filled params as JSON')
    .action(async (file: string, options: { runbooks: string[]; severityMap?: string; json?: boolean }, command: Command) => {
      let text: string;
      let severityMap: Record<string, IncidentSeverity>;
      const settings = new SettingsStore(resolveDataDir(command));
      try {
        const fromSettings = settings.getPreference(SEVERITY_MAP_PREFERENCE);
        severityMap = {
          ...(typeof fromSettings === 'string' ? parseSeverityMap(fromSettings) : {}),
          ...(options.severityMap ? parseSeverityMap(options.severityMap) : {}),
        };
        text = readPayloadSource(file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        failCommand(code === 'ENOENT' ? `Cannot read ${file}: no such file.` : (error as Error).message);
        return;
      }
      let payload;
      try {
        payload = parseAlertPayloadText(text);
      } catch (error) {
        failCommand(error instanceof AlertPayloadError ? error.message : `The alert payload could not be read: ${(error as Error).message}`);
        return;
      }
      const library = new RunbookLibrary(libraryFolders(commandLineFolders(options.runbooks), settings));
      await withIncidentDatabase(command, (db) => {
        const result = pageIncident(db.events, db.incidents, payload, { severityMap, runbooks: library.all() });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(pageResultJson(result), null, 2)}\n`);
          return;
        }
        for (const warning of result.warnings) process.stderr.write(`firebreak: warning: ${warning}\n`);
        process.stdout.write(`${result.message}\n`);
        if (result.suggestedMitigatedAt) process.stdout.write(`The alert resolved at ${result.suggestedMitigatedAt}: if the impact ended then, set that as the mitigation time.\n`);
        if (result.suggestions.length === 0) {
          process.stdout.write('No runbook declares this alert; search the library: firebreak library\n');
          return;
        }
        process.stdout.write('Suggested runbooks:\n');
        result.suggestions.forEach((suggestion, index) => {
          process.stdout.write(`  ${index + 1}. ${suggestion.runbookId} — ${suggestion.title}\n`);
          for (const reason of suggestion.reasons) process.stdout.write(`       why: ${reason}\n`);
          for (const [name, value] of Object.entries(suggestion.params.values)) {
            process.stdout.write(`       ${name}=${JSON.stringify(value)} (from label ${suggestion.params.sources[name]})\n`);
          }
          for (const [name, problem] of Object.entries(suggestion.params.errors)) process.stdout.write(`       ${name}: not filled — ${problem}\n`);
        });
        const best = result.suggestions[0]!;
        process.stdout.write(`Open it: firebreak open ${JSON.stringify(runbookLink(best.runbookId, best.params.values))}\n`);
        process.stdout.write('Nothing was run: each step waits for you.\n');
      });
    });
}
