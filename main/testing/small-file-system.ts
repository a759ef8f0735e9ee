/**
 * A real, small file system for the disk-full tests: a tmpfs of a given size
 * mounted on a folder, so the app and the CLI meet a true ENOSPC from every
 * write (SQLite, its WAL, the output journal), not a simulation.
 *
 * Mounting needs root with CAP_SYS_ADMIN. A machine without it (an
 * unprivileged container) cannot run these tests at all; they are skipped
 * there and say why in their title, while main/store/disk-full.test.ts
 * (SQLITE_FULL through PRAGMA max_page_count) covers the record's behaviour
 * on a full disk everywhere.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type MountCheck = { ok: true } | { ok: false; reason: string };

let checked: MountCheck | undefined;

/** Whether this machine lets the tests mount a tmpfs (tried once, on a throwaway folder). */
export function tmpfsMountable(): MountCheck {
  if (checked) return checked;
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' });
    unmount(probe);
    checked = { ok: true };
  } catch (error) {
    const said = error instanceof Error && 'stderr' in error ? String((error as { stderr: unknown }).stderr).trim() : String(error);
    checked = { ok: false, reason: `mounting a tmpfs is not permitted here (needs root with CAP_SYS_ADMIN): ${said || 'mount failed'}` };
    // Said where the test log shows it, not only in a skipped test's title.
    process.stderr.write(`disk-full tests skipped: ${checked.reason}\n`);
  } finally {
    fs.rmSync(probe, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
  return checked;
}

/** Mounts a tmpfs of `size` (mount's syntax: "2m") on `dir`. */
export function mountSmallFileSystem(dir: string, size: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
}

/** Gives the mounted file system more room, as freeing disk space would. */
export function growSmallFileSystem(dir: string, size: string): void {
  execFileSync('mount', ['-o', `remount,size=${size}`, dir], { stdio: 'pipe' });
}

/**
 * Unmounts `dir`. A process the test started may still be closing a file on
 * it for a moment after it was told to end, so a busy mount is retried, and
 * detached lazily as the last resort rather than failing the test that
 * already passed.
 */
export function unmount(dir: string): void {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      return;
    } catch {
      execFileSync('sleep', ['0.1']);
    }
  }
  execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
}
