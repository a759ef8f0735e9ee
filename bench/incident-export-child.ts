/**
 * Child of incident-export.bench.ts: exports one incident and prints the
 * time taken and this process's peak RSS as JSON, so the figure covers the
 * export alone, not the set-up.
 */
import { exportIncident, type ExportFormat } from '../main/incidents/incident-exporter';
import { IncidentStore } from '../main/store/incident-store';
import { EventStore } from '../main/store/event-store';
import { openDatabase } from '../main/store/open-database';

const [file, incidentId, format] = process.argv.slice(2) as [string, string, ExportFormat];
const events = new EventStore(openDatabase(file), 'bench');
const started = performance.now();
const files = exportIncident(events, new IncidentStore(events), incidentId, format, { generatedAt: '2024-01-01T00:00:00.000Z' });
const ms = performance.now() - started;
const bytes = files.reduce((sum, item) => sum + item.content.length, 0);
events.close();
process.stdout.write(JSON.stringify({ ms, bytes, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
