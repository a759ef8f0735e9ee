import { describe, expect, it } from 'vitest';
import { shareDeclared } from './share-declared';

function fakes(share: (incidentId: string) => Promise<unknown>) {
  const seen = { shared: [] as string[], panel: 0, notices: [] as string[] };
  return {
    seen,
    deps: {
      share: (incidentId: string) => {
        seen.shared.push(incidentId);
        return share(incidentId);
      },
      openTeamPanel: () => void seen.panel++,
      notify: (message: string) => void seen.notices.push(message),
    },
  };
}

describe('declaring an incident shared', () => {
  it('shares the declared incident, then opens the Team panel on its invite', async () => {
    const { seen, deps } = fakes(() => Promise.resolve({ inviteCode: 'ABCDE-12345', inviteLink: 'firebreak://join/ABCDE-12345' }));
    expect(await shareDeclared('inc-1', 'Checkout down', deps)).toBe(true);
    expect(seen).toEqual({ shared: ['inc-1'], panel: 1, notices: [] });
  });

  it('a failed share keeps the declared incident and says why and how to share it later', async () => {
    const { seen, deps } = fakes(() => Promise.reject(new Error('The team database cannot be reached: connect ECONNREFUSED 127.0.0.1:5432')));
    expect(await shareDeclared('inc-1', 'Checkout down', deps)).toBe(false);
    expect(seen.panel).toBe(0);
    expect(seen.notices).toEqual([
      'Declared “Checkout down”, but it could not be shared: The team database cannot be reached: connect ECONNREFUSED 127.0.0.1:5432. It is recorded on this machine; share it later from the Team panel (Team: share this incident).',
    ]);
  });
});
