import fs from 'node:fs';

/**
 * Test support: writes garbage over an inner page of a SQLite file, so the
 * header and schema still read but `PRAGMA quick_check` fails. Returns the
 * damaged bytes as written. The page size comes from the file's header
 * (offset 16, big-endian; 1 means 65536): new databases use 16 KiB pages.
 */
export function damageInnerPage(file: string): Buffer {
  const damaged = fs.readFileSync(file);
  const pageSize = damaged.readUInt16BE(16) === 1 ? 65536 : damaged.readUInt16BE(16);
  const page = pageSize * Math.floor(damaged.length / pageSize / 2);
  damaged.fill(0xa5, page + 8, page + pageSize);
  fs.writeFileSync(file, damaged);
  return damaged;
}
