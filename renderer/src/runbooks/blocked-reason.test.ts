import { describe, expect, it } from 'vitest';
import { blockedReasonText } from './blocked-reason';

describe('blockedReasonText', () => {
  it('adds the app\'s remedy when a param needs a value, and nothing else', () => {
    expect(blockedReasonText({ kind: 'blocked', param: 'ENV', reason: 'ENV has no value.' })).toBe('ENV has no value. Set ENV in the params form first.');
    expect(blockedReasonText({ kind: 'blocked', param: null, reason: 'confirm=$1x names no param.' })).toBe('confirm=$1x names no param.');
  });
});
