import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RUNBOOK_BYTES, RunbookLibrary, type LibraryChange } from './runbook-library';

let dir: string;
const libraries: RunbookLibrary[] = [];

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-library-')));
});

afterEach(() => {
  libraries.splice(0).forEach((library) => library.dispose());
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

const write = (name: string, text: string | Buffer) => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};

const runbook = (id: string, title: string, command = 'echo hi') => `---\nid: ${id}\ntitle: ${title}\n---\n# ${title}\n\n\`\`\`bash\n${command}\n\`\`\`\n`;

/** A watched library and the changes it reports, one at a time. */
function watched(folders = [{ dir, origin: 'user' as const }]) {
  const changes: LibraryChange[] = [];
  const waiters: (() => void)[] = [];
  const library = new RunbookLibrary(folders, {
    watch: true,
    debounceMs: 30,
    onChange: (change) => {
      changes.push(change);
      waiters.splice(0).forEach((wake) => wake());
    },
  });
  libraries.push(library);
  /** Resolves once a change matching `predicate` was reported (the deadline only guards a broken watcher). */
  const changeWhere = async (predicate: (change: LibraryChange) => boolean, what: string): Promise<LibraryChange> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = changes.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No library change for ${what}; saw ${JSON.stringify(changes)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };
  return { library, changes, changeWhere };
}

describe('RunbookLibrary', () => {
  it('lists every .md runbook with its steps and a content hash', () => {
    write('a.md', '---\nid: alpha\ntitle: Alpha\ntags: [db]\n---\n# Alpha\n\n```bash\necho hi\n```\n');
    write('notes.txt', 'not a runbook');
    const library = new RunbookLibrary([{ dir, origin: 'bundled' }]);
    const { runbooks, problems, folders } = library.list();
    expect(problems).toEqual([]);
    expect(folders).toEqual([{ path: dir, origin: 'bundled', state: 'ok', runbookCount: 1 }]);
    expect(runbooks).toHaveLength(1);
    expect(runbooks[0]).toMatchObject({ id: 'alpha', title: 'Alpha', tags: ['db'], stepCount: 1, origin: 'bundled' });
    const full = library.get('alpha');
    expect(full.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(full.steps[0]!.code).toBe('echo hi');
  });

  it('searches folders recursively but skips node_modules and .git', () => {
    write('top.md', runbook('top', 'Top'));
    write('team/db/deep.md', runbook('deep', 'Deep'));
    write('node_modules/pkg/README.md', runbook('dependency', 'Dependency'));
    write('.git/notes.md', runbook('git', 'Git'));
    const ids = new RunbookLibrary([{ dir, origin: 'user' }]).list().runbooks.map((entry) => entry.id);
    expect(ids.sort()).toEqual(['deep', 'top']);
  });

  it('reports a missing folder and an empty folder as problems naming the path, not crashes', () => {
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    const missing = path.join(dir, 'missing');
    const library = new RunbookLibrary([
      { dir: missing, origin: 'user' },
      { dir: empty, origin: 'user' },
    ]);
    const { runbooks, problems, folders } = library.list();
    expect(runbooks).toEqual([]);
    expect(problems[0]).toBe(`Runbook folder ${missing} does not exist (moved, deleted or not mounted?).`);
    expect(problems[1]).toBe(`Runbook folder ${empty} has no .md runbooks.`);
    expect(folders.map((folder) => folder.state)).toEqual(['missing', 'empty']);
  });

  it('lists an unreadable or oversized runbook with a diagnostic instead of hiding it', () => {
    write('huge.md', Buffer.alloc(MAX_RUNBOOK_BYTES + 1, 0x61));
    const secret = write('secret.md', runbook('secret', 'Secret'));
    fs.chmodSync(secret, 0o000);
    const library = new RunbookLibrary([{ dir, origin: 'user' }]);
    const { runbooks } = library.list();
    expect(runbooks.map((entry) => entry.id).sort()).toEqual(['huge', 'secret']);
    expect(library.get('huge').diagnostics[0]!.message).toContain('runbooks are limited to');
    expect(library.get('huge').errorCount).toBe(1);
    // Root reads any file, so only check the unreadable case as another user.
    if (process.getuid?.() !== 0) expect(library.get('secret').diagnostics[0]!.message).toContain('Cannot read file');
    fs.chmodSync(secret, 0o644);
  });

  it('lists a runbook with parse errors with its diagnostics', () => {
    write('broken.md', '---\nid: broken\n---\n# Broken\n\n```bash { id=drop destructive=true rollback=nowhere }\ndrop-it\n```\n');
    const library = new RunbookLibrary([{ dir, origin: 'user' }]);
    expect(library.list().runbooks[0]).toMatchObject({ id: 'broken' });
    expect(library.get('broken').errorCount).toBeGreaterThan(0);
    expect(library.get('broken').diagnostics.some((d) => d.rule === 'rollback-target-missing')).toBe(true);
  });

  it('keeps two runbooks with the same id apart, and keeps ids when a new duplicate appears first', () => {
    write('b.md', '---\nid: same\n---\n# Two\n');
    write('c.md', '---\nid: same\n---\n# Three\n');
    const library = new RunbookLibrary([{ dir, origin: 'user' }]);
    expect(library.list().runbooks.map((entry) => [entry.id, entry.title])).toEqual([['same', 'Two'], ['same-2', 'Three']]);
    write('a.md', '---\nid: same\n---\n# One\n');
    const change = library.reload();
    expect(change).toEqual({ added: ['same-3'], removed: [], changed: [], foldersChanged: true });
    expect(library.get('same').title).toBe('Two');
    expect(library.get('same-3').title).toBe('One');
  });

  it('lists a file once when two folders contain it, under the first folder', () => {
    write('sub/a.md', runbook('a', 'A'));
    const library = new RunbookLibrary([
      { dir: path.join(dir, 'sub'), origin: 'bundled' },
      { dir, origin: 'user' },
    ]);
    expect(library.list().runbooks).toEqual([expect.objectContaining({ id: 'a', origin: 'bundled' })]);
  });

  it('names an unknown runbook id', () => {
    expect(() => new RunbookLibrary([{ dir, origin: 'user' }]).get('ghost')).toThrow('No runbook with id "ghost"');
  });

  it('ranks search results by title, tags and services above full text, with a snippet', () => {
    write('db.md', '---\nid: db\ntitle: PostgreSQL primary down\ntags: [database]\nservices: [orders-db]\n---\n# PostgreSQL primary down\n\n```bash\npg_isready\n```\n');
    write('app.md', '---\nid: app\ntitle: Application crash\nservices: [orders-api]\n---\n# Crash\n\nThe app talks to postgresql through a pool.\n\n```bash\nsystemctl status app\n```\n');
    write('dos.md', '---\nid: dos\ntitle: Denial of service\ntags: [network]\n---\n# DoS\n');
    const library = new RunbookLibrary([{ dir, origin: 'user' }]);
    const postgres = library.search('postgresql');
    expect(postgres.map((match) => match.id)).toEqual(['db', 'app']);
    expect(postgres[0]!.fields).toContain('title');
    expect(postgres[1]).toMatchObject({ fields: ['text'], snippet: { line: 8, text: 'The app talks to postgresql through a pool.' } });
    expect(library.search('orders').map((match) => match.id).sort()).toEqual(['app', 'db']);
    expect(library.search('orders-db').map((match) => match.id)).toEqual(['db']);
    expect(library.search('network')[0]).toMatchObject({ id: 'dos', fields: ['tags', 'text'] });
    // Every word must match somewhere.
    expect(library.search('postgresql network')).toEqual([]);
    expect(library.search('   ')).toEqual([]);
    expect(library.search('systemctl')[0]!.snippet).toEqual({ line: 11, text: 'systemctl status app' });
  });
});

describe('RunbookLibrary watching real files', () => {
  it('reloads an edited runbook without changing its id', async () => {
    const file = write('a.md', runbook('alpha', 'Alpha'));
    const { library, changeWhere } = watched();
    const before = library.get('alpha').contentHash;
    fs.writeFileSync(file, runbook('alpha', 'Alpha', 'echo edited'));
    await changeWhere((change) => change.changed.includes('alpha'), 'an edit');
    expect(library.get('alpha').steps[0]!.code).toBe('echo edited');
    expect(library.get('alpha').contentHash).not.toBe(before);
  });

  it('follows an editor that saves by writing a temporary file and renaming it over the original', async () => {
    const file = write('a.md', runbook('alpha', 'Alpha'));
    const { library, changeWhere } = watched();
    const temporary = path.join(dir, '.a.md.swp');
    fs.writeFileSync(temporary, runbook('alpha', 'Alpha', 'echo renamed-in'));
    fs.renameSync(temporary, file);
    await changeWhere((change) => change.changed.includes('alpha'), 'a rename-save');
    expect(library.get('alpha').steps[0]!.code).toBe('echo renamed-in');
    // The watcher still follows the file after its inode changed.
    fs.writeFileSync(file, runbook('alpha', 'Alpha', 'echo again'));
    await changeWhere(() => library.get('alpha').steps[0]!.code === 'echo again', 'a second edit after the rename');
  });

  it('reports added, renamed and deleted runbooks, also in a new subfolder', async () => {
    const file = write('a.md', runbook('alpha', 'Alpha'));
    const { library, changeWhere } = watched();
    fs.mkdirSync(path.join(dir, 'team'));
    write('team/b.md', runbook('beta', 'Beta'));
    await changeWhere((change) => change.added.includes('beta'), 'a file in a new subfolder');
    fs.renameSync(file, path.join(dir, 'renamed.md'));
    await changeWhere(() => library.findByPath(path.join(dir, 'renamed.md')) !== undefined, 'a renamed file');
    // The front-matter id travels with the file.
    expect(library.get('alpha').path).toBe(path.join(dir, 'renamed.md'));
    fs.rmSync(path.join(dir, 'team', 'b.md'));
    await changeWhere((change) => change.removed.includes('beta'), 'a deleted file');
    expect(library.list().runbooks.map((entry) => entry.id)).toEqual(['alpha']);
  });

  it('notices a root folder deleted after its files, when inotify drops the folder watch silently', async () => {
    // The files go first (an event, a rescan that finds the folder empty), then the folder: no event comes for that.
    const sub = path.join(dir, 'sub');
    write('sub/a.md', runbook('alpha', 'Alpha'));
    const { library, changeWhere } = watched([{ dir: sub, origin: 'user' }]);
    fs.rmSync(path.join(sub, 'a.md'));
    await changeWhere((change) => change.removed.includes('alpha'), 'the file being deleted');
    fs.rmdirSync(sub);
    await changeWhere(() => library.list().folders[0]!.state === 'missing', 'the folder being deleted');
    write('sub/a.md', runbook('alpha', 'Alpha'));
    await changeWhere((change) => change.added.includes('alpha'), 'the folder coming back');
  });

  it('shows a folder that disappears as a problem and picks it up again when it returns', async () => {
    const sub = path.join(dir, 'sub');
    write('sub/a.md', runbook('alpha', 'Alpha'));
    const { library, changeWhere } = watched([{ dir: sub, origin: 'user' }]);
    fs.rmSync(sub, { recursive: true });
    await changeWhere((change) => change.removed.includes('alpha'), 'the folder being deleted');
    expect(library.list().folders).toEqual([expect.objectContaining({ path: sub, state: 'missing', runbookCount: 0 })]);
    expect(library.list().problems[0]).toContain(sub);
    write('sub/a.md', runbook('alpha', 'Alpha'));
    await changeWhere((change) => change.added.includes('alpha'), 'the folder coming back');
    expect(library.list().folders[0]!.state).toBe('ok');
  });
});
