import fs from 'node:fs';
import path from 'node:path';

/** What seals a secret with the OS keychain: Electron's safeStorage has exactly this shape. */
export interface Sealer {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/**
 * The app's team database password, sealed by the OS keychain (Electron
 * safeStorage: Keychain on macOS, DPAPI on Windows, libsecret/kwallet on
 * Linux) in a file of the data folder; never written in clear. Where no
 * keychain is available, writing is refused (use .pgpass instead).
 */
export class SealedPasswordFile {
  constructor(
    readonly file: string,
    private readonly sealer: Sealer,
  ) {}

  read(): string | undefined {
    let sealed: Buffer;
    try {
      sealed = fs.readFileSync(this.file);
    } catch {
      return undefined;
    }
    if (!this.sealer.isEncryptionAvailable()) return undefined;
    return this.sealer.decryptString(sealed);
  }

  write(password: string): void {
    if (!this.sealer.isEncryptionAvailable()) {
      throw new Error('This system offers no keychain to seal the password with: put it in ~/.pgpass (mode 0600) instead.');
    }
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.tmp`;
    fs.writeFileSync(temporary, this.sealer.encryptString(password), { mode: 0o600 });
    fs.renameSync(temporary, this.file);
  }

  clear(): void {
    fs.rmSync(this.file, { force: true });
  }
}
