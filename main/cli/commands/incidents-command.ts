import type { Command } from 'commander';
import { incidentDurations } from '../../../shared/model/incident-durations';
import { withIncidentDatabase } from './incident-database';
import { listTeamIncidents } from './team-command';

/**
 * `firebreak incidents [--json] [--drills|--all]`: lists incidents, newest
 * first (real incidents by default; drills and practice sessions apart).
 */
export function register(program: Command): void {
  program
    .command('incidents')
    .description('list incidents, newest first (real incidents unless --drills or --all)')
    .option('--json', 'print them as JSON')
    .option('--drills', 'list drills and practice sessions instead')
    .option('--all', 'list everything')
    .option('--team [query]', "list your team's incidents from the team database, those matching the words when given (full-text search)")
    .action((options: { json?: boolean; drills?: boolean; all?: boolean; team?: string | boolean }, command: Command) =>
      options.team !== undefined ? listTeamIncidents(command, options.team === true ? '' : String(options.team), options.json) : withIncidentDatabase(command, (db) => {
        const kinds = options.all ? undefined : options.drills ? (['drill', 'practice'] as const) : (['incident'] as const);
        const list = db.incidents.list({ kinds: kinds ? [...kinds] : undefined });
        const activeId = list.length ? db.incidents.activeId() : null;
        const now = new Date().toISOString();
        if (options.json) {
          const rows = list.map((incident) => ({ ...incident, active: incident.id === activeId, durations: incidentDurations(incident.keyMoments, now) }));
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (list.length === 0) {
          process.stdout.write(options.drills ? 'No drills yet.\n' : 'No incidents yet. (Drills: firebreak incidents --drills)\n');
          return;
        }
        for (const incident of list) {
          const mark = incident.id === activeId ? '*' : ' ';
          process.stdout.write(
            `${mark} ${incident.id}  ${incident.createdAt.slice(0, 16).replace('T', ' ')}Z  ${incident.severity}  ${incident.status.padEnd(13)}  ${incident.kind === 'incident' ? '' : `[${incident.kind}] `}${incident.title}\n`,
          );
        }
      }),
    );
}
