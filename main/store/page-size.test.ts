import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, PAGE_SIZE } from './open-database';

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

describe('page size', () => {
  it('a new database gets 16 KiB pages (terminal output is stored as large blobs); an existing one keeps its own', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-pages-'));
    const fresh = openDatabase(path.join(dir, 'new.sqlite3'));
    expect(PAGE_SIZE).toBe(16384);
    expect(fresh.pragma('page_size', { simple: true })).toBe(16384);
    expect(fresh.pragma('journal_mode', { simple: true })).toBe('wal');
    fresh.close();

    const oldFile = path.join(dir, 'old.sqlite3');
    const old = new Database(oldFile);
    old.pragma('page_size = 4096');
    old.exec('CREATE TABLE before_us (x)');
    old.close();
    const reopened = openDatabase(oldFile);
    expect(reopened.pragma('page_size', { simple: true })).toBe(4096);
    expect(reopened.pragma('quick_check', { simple: true })).toBe('ok');
    reopened.close();
  });
});
