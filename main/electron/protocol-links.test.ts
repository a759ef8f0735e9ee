import { describe, expect, it } from 'vitest';
import { linkInArgv } from './protocol-links';

describe('firebreak:// links on the command line of a second instance', () => {
  it('finds the link Windows and Linux pass after the app path and flags', () => {
    expect(linkInArgv(['/opt/Firebreak/firebreak', '--allow-file-access', 'firebreak://runbook/database-outage?PGHOST=db-1'])).toBe('firebreak://runbook/database-outage?PGHOST=db-1');
    expect(linkInArgv(['electron', '.', 'FIREBREAK://runbook/x'])).toBe('FIREBREAK://runbook/x');
    expect(linkInArgv(['electron', '.', 'https://example.com'])).toBeUndefined();
  });
});
