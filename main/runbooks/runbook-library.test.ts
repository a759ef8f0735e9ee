import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunbookLibrary } from './runbook-library';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-library-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('RunbookLibrary', () => {
  it('lists every .md runbook with its steps and a content hash', () => {
    fs.writeFileSync(path.join(dir, 'a.md'), '---\nid: alpha\ntitle: Alpha\ntags: [db]\n---\n# Alpha\n\n```bash\necho hi\n```\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a runbook');
    const library = new RunbookLibrary([{ dir, origin: 'bundled' }]);
    const { runbooks, problems } = library.list();
    expect(problems).toEqual([]);
    expect(runbooks).toHaveLength(1);
    expect(runbooks[0]).toMatchObject({ id: 'alpha', title: 'Alpha', tags: ['db'], stepCount: 1, origin: 'bundled' });
    const full = library.get('alpha');
    expect(full.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(full.steps[0]!.code).toBe('echo hi');
  });

  it('reports a missing folder and an empty folder as problems, not crashes', () => {
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    const library = new RunbookLibrary([
      { dir: path.join(dir, 'missing'), origin: 'user' },
      { dir: empty, origin: 'user' },
    ]);
    const { runbooks, problems } = library.list();
    expect(runbooks).toEqual([]);
    expect(problems[0]).toContain(`${path.join(dir, 'missing')} cannot be read: ENOENT`);
    expect(problems[1]).toContain('has no .md runbooks');
  });

  it('lists an unreadable or oversized runbook with a diagnostic instead of hiding it', () => {
    fs.writeFileSync(path.join(dir, 'huge.md'), Buffer.alloc(6 * 1024 * 1024, 0x61));
    fs.mkdirSync(path.join(dir, 'folder.md'));
    const library = new RunbookLibrary([{ dir, origin: 'user' }]);
    const { runbooks } = library.list();
    expect(runbooks.map((runbook) => runbook.id).sort()).toEqual(['folder', 'huge']);
    expect(runbooks.every((runbook) => runbook.errorCount === 1)).toBe(true);
    expect(library.get('huge').diagnostics[0]!.message).toContain('runbooks are limited to');
  });

  it('keeps two runbooks with the same id apart', () => {
    fs.writeFileSync(path.join(dir, 'a.md'), '---\nid: same\n---\n# One\n');
    fs.writeFileSync(path.join(dir, 'b.md'), '---\nid: same\n---\n# Two\n');
    const ids = new RunbookLibrary([{ dir, origin: 'user' }]).list().runbooks.map((runbook) => runbook.id);
    expect(ids).toEqual(['same', 'same-2']);
  });

  it('names an unknown runbook id', () => {
    expect(() => new RunbookLibrary([{ dir, origin: 'user' }]).get('ghost')).toThrow('No runbook with id "ghost"');
  });
});
