import { describe, expect, it } from 'vitest';
import { compareHlc, decodeHlc, HybridLogicalClock } from './hlc';
import { isUuidv7, uuidv7 } from './uuidv7';

describe('hybrid logical clock', () => {
  it('keeps increasing when the wall clock stands still or goes back', () => {
    let now = 1_000;
    const clock = new HybridLogicalClock('a', () => now);
    const first = clock.tick();
    const second = clock.tick();
    now = 500;
    const third = clock.tick();
    expect(compareHlc(first, second)).toBeLessThan(0);
    expect(compareHlc(second, third)).toBeLessThan(0);
    expect(decodeHlc(third)).toEqual({ wallMs: 1_000, counter: 2, node: 'a' });
  });

  it('orders a lagging responder\'s edit after the events it has seen', () => {
    const ahead = new HybridLogicalClock('ahead', () => 10_000_000);
    const behind = new HybridLogicalClock('behind', () => 1_000);
    const seen = ahead.tick();
    behind.observe(seen);
    const reply = behind.tick();
    expect(compareHlc(seen, reply)).toBeLessThan(0);
  });

  it('breaks ties by node, so every responder picks the same winner', () => {
    const a = new HybridLogicalClock('a', () => 5).tick();
    const b = new HybridLogicalClock('b', () => 5).tick();
    expect(compareHlc(a, b)).toBeLessThan(0);
  });
});

describe('uuidv7', () => {
  it('makes version-7 ids that sort by creation, even within one millisecond', () => {
    const ids = Array.from({ length: 200 }, () => uuidv7(1_733_000_000_000));
    for (const id of ids) expect(isUuidv7(id)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const later = 1_733_000_010_000;
    expect(uuidv7(later).replace('-', '').slice(0, 12)).toBe(later.toString(16).padStart(12, '0'));
  });
});
