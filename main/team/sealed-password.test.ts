import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SealedPasswordFile, type Sealer } from './sealed-password';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-sealed-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

/** A real cipher standing in for the OS keychain (Electron's safeStorage is not available outside Electron). */
function aesSealer(available = true): Sealer {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => {
      const iv = randomBytes(16);
      const cipher = createCipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]);
    },
    decryptString: (sealed) => {
      const decipher = createDecipheriv('aes-256-cbc', key, sealed.subarray(0, 16));
      return Buffer.concat([decipher.update(sealed.subarray(16)), decipher.final()]).toString('utf8');
    },
  };
}

describe('the sealed team password', () => {
  it('is never on disk in clear, owner-only, and reads back', () => {
    const file = new SealedPasswordFile(path.join(dir, 'team-password.sealed'), aesSealer());
    expect(file.read()).toBeUndefined();
    file.write('correct horse battery staple');
    expect(fs.readFileSync(file.file).includes(Buffer.from('correct horse'))).toBe(false);
    expect(fs.statSync(file.file).mode & 0o777).toBe(0o600);
    expect(file.read()).toBe('correct horse battery staple');
    file.clear();
    expect(file.read()).toBeUndefined();
  });

  it('refuses to store a password where there is no keychain', () => {
    const file = new SealedPasswordFile(path.join(dir, 'team-password.sealed'), aesSealer(false));
    expect(() => file.write('x')).toThrow(/\.pgpass/);
    expect(fs.existsSync(file.file)).toBe(false);
  });
});
