import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPgpass } from './pgpass';
import { clientConfig, checkStorableUrl } from './team-connection';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-pgpass-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

const target = { host: 'db.example.com', port: 5432, database: 'firebreak', user: 'ana' };

describe('.pgpass and the connection settings', () => {
  it('reads the first matching line, with wildcards and escapes, as libpq does', () => {
    const file = path.join(dir, 'pgpass');
    fs.writeFileSync(file, ['# comment', 'other:5432:*:ana:nope', '*:5432:firebreak:ana:pa\\:ss\\\\word', '*:*:*:*:fallback'].join('\n'), { mode: 0o600 });
    expect(readPgpass(target, file)).toBe('pa:ss\\word');
    expect(readPgpass({ ...target, user: 'bo' }, file)).toBe('fallback');
  });

  it('ignores a password file others can read', () => {
    const file = path.join(dir, 'pgpass');
    fs.writeFileSync(file, '*:*:*:*:secret\n', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const warnings: string[] = [];
    expect(readPgpass(target, file, (message) => warnings.push(message))).toBeUndefined();
    expect(warnings[0]).toContain('0600');
  });

  it('verifies TLS fully unless the URL says sslmode=disable, and never keeps a password in a stored URL', () => {
    expect(clientConfig('postgres://ana@db.example.com/firebreak').ssl).toEqual({ rejectUnauthorized: true, servername: 'db.example.com' });
    expect(clientConfig('postgres://ana@db.example.com/firebreak?sslmode=require').ssl).toMatchObject({ rejectUnauthorized: true });
    expect(clientConfig('postgres://ana@127.0.0.1/firebreak?sslmode=disable').ssl).toBe(false);
    expect(() => checkStorableUrl('postgres://ana:hunter2@db.example.com/firebreak')).toThrow(/never stores one in clear/);
  });
});
