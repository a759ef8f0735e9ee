import path from 'node:path';
import { safeStorage } from 'electron';
import { SealedPasswordFile } from '../team/sealed-password';

/** The app's team database password, sealed with Electron safeStorage (the OS keychain) in the data folder. */
export function teamPasswordFile(dataDir: string): SealedPasswordFile {
  return new SealedPasswordFile(path.join(dataDir, 'team-password.sealed'), safeStorage);
}
