import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const bin = path.resolve(__dirname, '..', 'bin', 'firebreak.js');

test('the built firebreak bin runs with plain Node: --help and --version', () => {
  const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  expect(help).toContain('Usage: firebreak');
  expect(help).toContain('serve');
  const version = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
  expect(version.trim()).toBe(require('../package.json').version);
});
