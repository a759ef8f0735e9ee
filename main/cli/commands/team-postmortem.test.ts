import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IncidentStore } from '../../store/incident-store';
import { databasePathIn } from '../../platform/app-paths';
import { EventStore } from '../../store/event-store';
import { openDatabase } from '../../store/open-database';
import { startTestPostgres, type TestPostgres } from '../../team/testing/postgres-server';
import { buildProgram } from '../program';

let server: TestPostgres;
let root: string;
let stdout = '';
let stderr = '';
const savedEnv = { PGPASSFILE: process.env.PGPASSFILE, FIREBREAK_DATABASE_URL: process.env.FIREBREAK_DATABASE_URL };
const TEAM = ['alice', 'bob', 'dave'];

beforeAll(async () => {
  server = await startTestPostgres();
  await server.addTeam('red', TEAM);
}, 120_000);
afterAll(async () => server?.stop(), 60_000);

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-cli-postmortem-'));
  const pgpass = path.join(root, 'pgpass');
  fs.writeFileSync(pgpass, TEAM.map((role) => `127.0.0.1:${server.port}:postgres:${role}:${role}`).join('\n') + '\n', { mode: 0o600 });
  process.env.PGPASSFILE = pgpass;
  delete process.env.FIREBREAK_DATABASE_URL;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  process.exitCode = undefined;
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

async function firebreak(who: string, ...args: string[]): Promise<number> {
  stdout = '';
  stderr = '';
  process.exitCode = undefined;
  await buildProgram((program) => program.exitOverride()).parseAsync(['--data-dir', path.join(root, who), ...args], { from: 'user' });
  return Number(process.exitCode ?? 0);
}

/** A responder's work between CLI calls, on their own data folder (notes, status, postmortem: what the app's UI does). */
function work(who: string, act: (incidents: IncidentStore) => void): void {
  const events = new EventStore(openDatabase(databasePathIn(path.join(root, who))), who);
  act(new IncidentStore(events));
  events.close();
}

describe('three responders, one offline for part of it, export the same postmortem', () => {
  it('converges every responder\'s Markdown and JSON export', async () => {
    for (const who of TEAM) {
      expect(await firebreak(who, 'team', 'connect', `postgres://${who}@127.0.0.1:${server.port}/postgres?sslmode=disable`, '--team', 'red', '--name', who)).toBe(0);
    }
    expect(await firebreak('alice', 'declare', 'Payments API 502s', '--severity', 'SEV1', '--shared', '--json')).toBe(0);
    const { id, inviteCode } = JSON.parse(stdout) as { id: string; inviteCode: string };
    for (const who of ['bob', 'dave']) expect(await firebreak(who, 'team', 'join', inviteCode)).toBe(0);

    // dave loses the network for a while and keeps working.
    process.env.FIREBREAK_DATABASE_URL = 'postgres://dave@127.0.0.1:1/postgres?sslmode=disable';
    work('dave', (incidents) => {
      incidents.addNote(id, 'Rolled back payments-api to v41 from the bastion');
      incidents.updateMetadata(id, { postmortem: { summary: 'A bad config push broke TLS to the card processor.' } });
    });
    expect(await firebreak('dave', 'sync')).toBe(1);
    expect(stderr).toContain('Everything is still recorded here');
    delete process.env.FIREBREAK_DATABASE_URL;

    work('alice', (incidents) => {
      incidents.setRoles(id, { commander: 'alice', communicationsLead: 'bob' });
      incidents.addNote(id, 'Error rate 38% on /charge');
      incidents.updateMetadata(id, { postmortem: { summary: '502s from payments-api after the 09:10 deploy.' } });
    });
    expect(await firebreak('alice', 'sync')).toBe(0);
    expect(await firebreak('bob', 'sync')).toBe(0);
    work('bob', (incidents) => {
      incidents.addNote(id, 'Status page updated');
      incidents.setStatus(id, 'mitigated');
    });
    expect(await firebreak('bob', 'sync')).toBe(0);

    // dave is back; everyone syncs until nothing moves.
    for (const who of ['dave', 'alice', 'bob', 'dave', 'alice']) expect(await firebreak(who, 'sync')).toBe(0);
    work('alice', (incidents) => incidents.setStatus(id, 'resolved'));
    for (const who of ['alice', 'bob', 'dave']) expect(await firebreak(who, 'sync')).toBe(0);

    const exported = async (who: string, format: 'md' | 'json') => {
      expect(await firebreak(who, 'export', id, '--format', format)).toBe(0);
      // The moment of the export is each responder's own; everything else must match.
      return format === 'json'
        ? JSON.stringify({ ...(JSON.parse(stdout) as Record<string, unknown>), exportedAt: null })
        : stdout.replace(/^\| \*\*Exported\*\* \|.*$/m, '| **Exported** | (each its own) |');
    };
    const markdown = await exported('alice', 'md');
    expect(markdown).toContain('Rolled back payments-api to v41');
    expect(markdown).toContain('Status page updated');
    expect(markdown).toContain('A bad config push broke TLS to the card processor.');
    expect(markdown).toContain('502s from payments-api after the 09:10 deploy.');
    for (const who of ['bob', 'dave']) {
      const theirs = await exported(who, 'md');
      expect(theirs).toBe(markdown);
    }
    const json = await exported('alice', 'json');
    for (const who of ['bob', 'dave']) expect(await exported(who, 'json')).toBe(json);
  });
});
