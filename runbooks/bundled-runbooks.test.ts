import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunbook } from '../main/runbooks/runbook-library';

const dir = __dirname;
const files = fs.readdirSync(dir).filter((name) => name.endsWith('.md'));

describe('bundled runbooks', () => {
  it('cover the four incident scenarios and the response process', () => {
    const ids = files.map((file) => loadRunbook(path.join(dir, file), 'bundled').id).sort();
    expect(ids).toEqual(expect.arrayContaining(['crash-and-rollback', 'database-outage', 'denial-of-service', 'incident-response', 'security-breach']));
  });

  it.each(files)('%s lints clean', (file) => {
    const runbook = loadRunbook(path.join(dir, file), 'bundled');
    expect(runbook.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`)).toEqual([]);
  });

  it.each(files)('%s has staging, production and drill profiles, verification steps and rollbacks', (file) => {
    const runbook = loadRunbook(path.join(dir, file), 'bundled');
    expect(runbook.profiles.map((profile) => profile.name)).toEqual(expect.arrayContaining(['staging', 'production', 'drill']));
    expect(runbook.steps.some((step) => step.expect !== undefined)).toBe(true);
    for (const step of runbook.steps.filter((s) => s.destructive)) {
      expect(step.confirm, `${step.id} is destructive and must ask for confirmation`).toBeTruthy();
    }
    for (const step of runbook.steps.filter((s) => s.rollback)) {
      expect(runbook.steps.map((s) => s.id)).toContain(step.rollback);
    }
  });
});
