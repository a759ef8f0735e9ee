import { describe, expect, it } from 'vitest';
import type { LabDefinition } from './lab-types';
import { LabManager } from './lab-manager';
import { withLabLock } from './testing/lab-lock';
import { waitUntil } from './wait-until';

/** A lab with no processes whose start() waits until the test lets it go. */
function slowStartingLab(): { definition: LabDefinition; release: () => void; starting: () => boolean } {
  let release!: () => void;
  let starting = false;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const definition: LabDefinition = {
    scenario: 'crash-and-rollback',
    start: async () => {
      starting = true;
      await gate;
      return {};
    },
    health: () => Promise.resolve({ healthy: true, detail: 'ok' }),
    inject: () => Promise.resolve(),
  };
  return { definition, release, starting: () => starting };
}

describe('LabManager', () => {
  it('running() and stopAll() skip a lab that is still starting, and the lab is listed once it is up', () =>
    withLabLock('crash-and-rollback', async () => {
      const { definition, release, starting } = slowStartingLab();
      const manager = new LabManager({ definitions: { 'crash-and-rollback': definition } });
      const start = manager.start('crash-and-rollback');
      try {
        await waitUntil(() => (starting() ? true : undefined), 10_000, () => 'the lab never started');
        expect(manager.running()).toEqual([]);
        await manager.stopAll();
        release();
        const lab = await start;
        expect(manager.running()).toEqual([lab]);
        await manager.stopAll();
        expect(manager.running()).toEqual([]);
      } finally {
        release();
        await start.catch(() => undefined);
        manager.killAllNow();
      }
    }));
});
