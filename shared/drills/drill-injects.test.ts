import { describe, expect, it } from 'vitest';
import { parseDrillInjects, parseInjectTime } from './drill-injects';

describe('drill injects', () => {
  it('reads T+ times, sorts by time and keeps actions', () => {
    expect(parseInjectTime('T+2m')).toBe(120_000);
    expect(parseInjectTime('T+1m30s')).toBe(90_000);
    expect(parseInjectTime('45s')).toBe(45_000);
    expect(parseInjectTime(10)).toBe(10_000);
    expect(parseInjectTime('soon')).toBeUndefined();
    const parsed = parseDrillInjects({
      injects: [
        { at: 'T+5m', message: 'The replica lags too', action: 'degrade-replica' },
        { at: 'T+90s', message: 'The CEO asks for an ETA' },
      ],
    });
    expect(parsed.problems).toEqual([]);
    expect(parsed.injects).toEqual([
      { atMs: 90_000, at: 'T+1m30s', message: 'The CEO asks for an ETA', action: null },
      { atMs: 300_000, at: 'T+5m', message: 'The replica lags too', action: 'degrade-replica' },
    ]);
  });

  it('reports every bad entry in plain words and keeps the good ones', () => {
    const parsed = parseDrillInjects({ injects: [{ at: 'later', message: 'x' }, { at: 'T+1m' }, 'text', { at: 'T+1m', message: 'ok', action: 'Bad Action' }, { at: 'T+2m', message: 'fine' }], extra: 1 });
    expect(parsed.injects.map((inject) => inject.message)).toEqual(['fine']);
    expect(parsed.problems).toHaveLength(5);
    expect(parsed.problems.join('\n')).toMatch(/drill\.extra is not a drill setting/);
    expect(parsed.problems.join('\n')).toMatch(/injects\[0\]\.at must be a time/);
    expect(parseDrillInjects('nope').problems[0]).toMatch(/must be a mapping/);
    expect(parseDrillInjects(undefined)).toEqual({ injects: [], problems: [] });
  });
});
