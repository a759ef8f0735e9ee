import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IncidentStore } from '../../store/incident-store';
import { databasePathIn } from '../../platform/app-paths';
import { EventStore } from '../../store/event-store';
import { openDatabase } from '../../store/open-database';
import { openDatabaseSafely } from '../../store/open-database-safely';
import { buildProgram } from '../program';

let root: string;
let stdout: string;
let stderr: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-cli-incidents-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
});

afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  process.exitCode = undefined;
});

async function firebreak(dataDir: string, ...args: string[]): Promise<number> {
  stdout = '';
  stderr = '';
  process.exitCode = undefined;
  await buildProgram((program) => program.exitOverride()).parseAsync(['--data-dir', dataDir, ...args], { from: 'user' });
  return Number(process.exitCode ?? 0);
}

const TOKEN = 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';

/** A data folder holding one real incident (with a secret in a note) and one drill. */
function seeded(name = 'data'): { dataDir: string; incidentId: string } {
  const dataDir = path.join(root, name);
  const events = new EventStore(openDatabase(databasePathIn(dataDir)), 'ana');
  const incidents = new IncidentStore(events);
  const { incident } = incidents.declare({ title: 'Payments down', kind: 'incident', severity: 'SEV1', commander: 'ana' });
  incidents.addNote(incident.id, `Slack bot token was ${TOKEN}`);
  incidents.declare({ title: 'Game day', kind: 'drill' });
  events.close();
  return { dataDir, incidentId: incident.id };
}

describe('firebreak incidents / export / import / backup / recover', () => {
  it('lists real incidents by default, drills apart, and as JSON', async () => {
    const { dataDir, incidentId } = seeded();
    expect(await firebreak(dataDir, 'incidents')).toBe(0);
    expect(stdout).toContain('Payments down');
    expect(stdout).not.toContain('Game day');
    await firebreak(dataDir, 'incidents', '--drills');
    expect(stdout).toContain('Game day');
    await firebreak(dataDir, 'incidents', '--json');
    expect((JSON.parse(stdout) as { id: string }[]).map((incident) => incident.id)).toEqual([incidentId]);
  });

  it('exports the latest incident as a Markdown postmortem to stdout, secrets masked', async () => {
    const { dataDir } = seeded();
    expect(await firebreak(dataDir, 'export', 'latest', '--format', 'md')).toBe(0);
    expect(stdout).toContain('Payments down');
    expect(stdout).not.toContain(TOKEN);
    expect(stdout).toContain('[REDACTED:');
  });

  it('exports JSON to a file and imports it into another data folder', async () => {
    const { dataDir, incidentId } = seeded();
    const out = path.join(root, 'exports', 'incident.json');
    expect(await firebreak(dataDir, 'export', incidentId, '--format', 'json', '--out', out)).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).not.toContain(TOKEN);
    const other = path.join(root, 'other');
    expect(await firebreak(other, 'import', out)).toBe(0);
    expect(stdout).toMatch(/Imported "Payments down"/);
    await firebreak(other, 'incidents', '--json');
    expect((JSON.parse(stdout) as { title: string }[]).map((incident) => incident.title)).toEqual(['Payments down']);
  });

  it('refuses a foreign, a wrong-version and a truncated import with a clear error, importing nothing', async () => {
    const { dataDir, incidentId } = seeded();
    const out = path.join(root, 'incident.json');
    await firebreak(dataDir, 'export', incidentId, '--format', 'json', '--out', out);
    const good = fs.readFileSync(out, 'utf8');
    const other = path.join(root, 'other');
    const cases: [string, RegExp][] = [
      ['{"format":"someone-else","version":1}', /not a Firebreak incident export/],
      [good.replace('"version": 2', '"version": 7'), /version/],
      [good.slice(0, good.length - 200), /truncated|ends early/],
    ];
    for (const [text, error] of cases) {
      const file = path.join(root, 'bad.json');
      fs.writeFileSync(file, text);
      expect(await firebreak(other, 'import', file)).toBe(1);
      expect(stderr).toMatch(error);
    }
    await firebreak(other, 'incidents', '--all', '--json');
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it('names an unwritable export path and an unknown incident', async () => {
    const { dataDir, incidentId } = seeded();
    const blocker = path.join(root, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    expect(await firebreak(dataDir, 'export', incidentId, '--format', 'html', '--out', path.join(blocker, 'x.html'))).toBe(1);
    expect(stderr).toMatch(/Cannot write the export to .*not-a-folder/);
    expect(await firebreak(dataDir, 'export', 'no-such-id', '--format', 'md')).toBe(1);
    expect(stderr).toMatch(/no incident "no-such-id"/);
  });

  it('backs up now, and recovers incidents from a database that was moved aside', async () => {
    const { dataDir } = seeded();
    expect(await firebreak(dataDir, 'backup')).toBe(0);
    const backupPath = /Backed up to (.+) \(/.exec(stdout)![1]!;
    expect(fs.existsSync(backupPath)).toBe(true);

    // Damage the live file's header: the app moves it aside at start-up and starts fresh.
    const file = databasePathIn(dataDir);
    const bytes = fs.readFileSync(file);
    bytes.write('NOT SQLITE AT ALL', 0, 'latin1');
    fs.writeFileSync(file, bytes);
    const opened = openDatabaseSafely(file);
    opened.db.close();
    expect(await firebreak(dataDir, 'incidents', '--all', '--json')).toBe(0);
    expect(JSON.parse(stdout)).toEqual([]);
    // The garbage file cannot be recovered, and says so; the backup can.
    expect(await firebreak(dataDir, 'recover', opened.movedAside[0]!)).toBe(1);
    expect(stderr).toMatch(/Nothing can be recovered|No incident could be recovered/);
    expect(await firebreak(dataDir, 'recover', backupPath)).toBe(0);
    expect(stdout).toMatch(/Recovered "Payments down"/);
    await firebreak(dataDir, 'incidents', '--all', '--json');
    expect((JSON.parse(stdout) as { title: string }[]).map((incident) => incident.title).sort()).toEqual(['Game day', 'Payments down']);
  });
});
