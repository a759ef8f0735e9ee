import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A scratch folder for benchmark databases: $BENCH_DIR, else the OS temp
 * folder. Durability figures depend on the file system (a tmpfs never
 * really fsyncs), so benchmarks print where they ran.
 */
export function benchDirectory(name: string): string {
  const base = process.env.BENCH_DIR ?? os.tmpdir();
  return fs.mkdtempSync(path.join(base, `firebreak-bench-${name}-`));
}

/** The file system type of `dir` on Linux (from /proc/mounts), or "unknown". */
export function fileSystemOf(dir: string): string {
  try {
    const mounts = fs
      .readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .filter((fields) => fields.length > 2 && dir.startsWith(fields[1]!));
    mounts.sort((a, b) => b[1]!.length - a[1]!.length);
    return mounts[0]?.[2] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
