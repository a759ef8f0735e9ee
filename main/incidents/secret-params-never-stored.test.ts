/**
 * A secret param printed by a step: the real app services (a real bash on a
 * real pty, the real output writer and SQLite file), driven through the
 * contract the way the app's export dialog drives it, i.e. without passing
 * any secret values. Write-time redaction is off (the default).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { AppServices } from '../services/app-services';
import { contractCaller, createTestApp, disposeTestApps } from '../testing/test-app';
import { waitFor } from '../testing/wait-for';

/** Matches no detector pattern: only knowing the value can mask it. */
const TOKEN = 'tok-7f3a9c1e5b-plain';

afterEach(disposeTestApps);

describe('a secret param printed by a step', () => {
  it('is masked in the stored terminal output and in every export and preview, with no secret values passed', async () => {
    const { services, seen, screen, dataDir, runbooksDir: runbooks, openSession } = createTestApp({
      name: 'secret',
      runbooks: {
        'leak.md':
          '---\nid: leak\ntitle: Leak\nparams:\n  TOKEN:\n    secret: true\n    required: true\n---\n# Leak\n\n```bash { id=print }\necho "token=$TOKEN"\n```\n',
      },
    });
    const dispatch = contractCaller(services);

    const sessionId = await openSession();
    const { runId } = await dispatch<{ runId: string }>('step:run', { runbookId: 'leak', stepId: 'print', sessionId, params: { TOKEN } });
    await waitFor(
      () => seen.some((event) => event.channel === 'step:state' && (event.payload as { runId: string; state: string }).runId === runId && (event.payload as { state: string }).state === 'passed'),
      'the step to pass',
    );
    // The responder sees their own terminal as it is; only what is kept is masked.
    expect(screen()).toContain(`token=${TOKEN}`);
    await waitFor(() => screen().lastIndexOf('svc$') > screen().indexOf(`token=${TOKEN}`), 'the prompt after the step');
    const { id: incidentId } = await dispatch<{ id: string }>('incident:current', {});
    // An orderly quit releases what the redactor held back; nothing in the database file (or its WAL) holds the value in clear.
    await services.shutdown();
    for (const file of fs.readdirSync(dataDir).filter((name) => name.startsWith('firebreak.sqlite3'))) {
      expect(fs.readFileSync(path.join(dataDir, file)).includes(Buffer.from(TOKEN)), file).toBe(false);
    }
    const db = new Database(path.join(dataDir, 'firebreak.sqlite3'), { readonly: true });
    const stored = (db.prepare('SELECT bytes FROM terminal_output WHERE session_id = ? ORDER BY seq').all(sessionId) as { bytes: Buffer }[])
      .map((row) => row.bytes.toString('utf8'))
      .join('');
    db.close();
    expect(stored).toContain('token=[REDACTED:secret-param]');
    expect(stored).not.toContain(TOKEN);

    // The app open again in the same process (the export dialog passes no secret values): every format and the preview stay masked.
    const reopened = new AppServices({ dataDir, runbookFolders: [{ dir: runbooks, origin: 'bundled' }], host: 'browser', version: '9.9.9', log: () => {} });
    onTestFinished(() => reopened.dispose());
    const call = contractCaller(reopened);
    // A responder pastes the value into a note: stored as typed (write-time redaction is off), but this process knows it is secret.
    await call('note:add', { incidentId, text: `pasted ${TOKEN} by mistake` });
    for (const format of ['md', 'json', 'html', 'cast'] as const) {
      const { files } = await call<{ files: { fileName: string; content?: string }[] }>('export:render', { incidentId, format });
      const text = files.map((file) => file.content ?? '').join('\n');
      expect(text, format).toContain('token=');
      expect(text, format).not.toContain(TOKEN);
      expect(text, format).not.toContain(encodeURIComponent(TOKEN));
    }
    const preview = await call<{ items: { rule: string; context: string }[] }>('export:preview', { incidentId });
    expect(JSON.stringify(preview)).not.toContain(TOKEN);
    expect(preview.items.some((item) => item.rule === 'secret-param')).toBe(true);
    const markdown = (await call<{ files: { content?: string }[] }>('export:render', { incidentId, format: 'md' })).files[0]!.content ?? '';
    expect(markdown).toContain('pasted [REDACTED:secret-param] by mistake');
  });
});
