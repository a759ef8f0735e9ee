import { describe, expect, it } from 'vitest';
import { countLabel } from './count-label';

describe('countLabel', () => {
  it('says "1 event", never "1 events"', () => {
    expect(countLabel(1, 'event')).toBe('1 event');
    expect(countLabel(0, 'event')).toBe('0 events');
    expect(countLabel(20, 'event')).toBe('20 events');
  });
});
