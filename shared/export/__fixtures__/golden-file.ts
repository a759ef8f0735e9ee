import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

/** Folder of the golden files. */
export const GOLDEN_DIR = join(__dirname, '..', '__golden__');

/**
 * Compares `actual` with the golden file `name` byte for byte.
 *
 * To accept a deliberate change, regenerate the goldens and review the diff:
 *   UPDATE_GOLDENS=1 npx vitest run shared/export
 * A missing golden is a failure unless UPDATE_GOLDENS=1 is set.
 */
export function expectMatchesGolden(name: string, actual: string, dir = GOLDEN_DIR): void {
  const path = join(dir, name);
  if (process.env.UPDATE_GOLDENS === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(existsSync(path), `golden file ${path} is missing; run UPDATE_GOLDENS=1 npx vitest run shared/export`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
