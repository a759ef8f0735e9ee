import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStaticFile } from './static-files';

describe('readStaticFile', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-static-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'outside');

  it('serves files under the root with their content type', () => {
    expect(readStaticFile(root, '/')).toMatchObject({ contentType: 'text/html; charset=utf-8' });
    expect(readStaticFile(root, '/assets/app.js?v=1')?.body.toString()).toBe('console.log(1)');
  });

  it('refuses anything outside the root, encoded or not', () => {
    for (const attempt of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%E0%A4%A']) {
      expect(readStaticFile(root, attempt)).toBeUndefined();
    }
  });

  it('returns nothing for folders and missing files', () => {
    expect(readStaticFile(root, '/assets')).toBeUndefined();
    expect(readStaticFile(root, '/nope.js')).toBeUndefined();
  });
});
