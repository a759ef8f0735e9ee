import { describe, expect, it } from 'vitest';
import { parseExpect } from './step-expect';

describe('parseExpect', () => {
  it.each([
    [0, { exitCode: 0 }],
    ['3', { exitCode: 3 }],
    ['any', { exitCode: null }],
    ['/healthy/', { exitCode: 0, output: { source: 'healthy', flags: '' } }],
    ['any /OK/i', { exitCode: null, output: { source: 'OK', flags: 'i' } }],
    ['1 /not found/', { exitCode: 1, output: { source: 'not found', flags: '' } }],
    ['0 /a\\/b/ms', { exitCode: 0, output: { source: 'a\\/b', flags: 'ms' } }],
  ] as const)('reads %j', (value, expected) => {
    expect(parseExpect(value)).toEqual(expected);
  });

  it.each([
    [true, 'exit code and/or'],
    ['', 'exit code and/or'],
    ['256', 'not an exit code'],
    ['-1', 'not an exit code'],
    ['ok', 'not an exit code'],
    ['/[unclosed/', 'does not compile'],
    ['0 /x/g', 'flags "g"'],
    ['//', 'empty'],
  ] as const)('explains what is wrong with %j', (value, fragment) => {
    const result = parseExpect(value);
    expect(typeof result).toBe('string');
    expect(result).toContain(fragment);
  });
});
