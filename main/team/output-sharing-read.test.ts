import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SHARE_OUTPUT_CAP_BYTES } from '../../shared/team/output-sharing';
import { contractCaller, createTestApp, disposeTestApps } from '../testing/test-app';

afterAll(disposeTestApps);

describe('team:output-sharing (the Team panel toggle reads it)', () => {
  it('is off with the 5 MiB cap until turned on, then reads back what team:share-output set, with no team connected', async () => {
    const { services } = createTestApp({ name: 'output-sharing-read', services: { watchRunbooks: false } });
    const call = contractCaller(services);
    const incident = await call<{ id: string }>('incident:declare', { title: 'Checkout down', kind: 'incident', severity: 'SEV2' });
    expect(await call('team:output-sharing', { incidentId: incident.id })).toEqual({ enabled: false, capBytes: DEFAULT_SHARE_OUTPUT_CAP_BYTES });
    expect(await call('team:share-output', { incidentId: incident.id, enabled: true })).toEqual({ enabled: true, capBytes: DEFAULT_SHARE_OUTPUT_CAP_BYTES });
    expect(await call('team:output-sharing', { incidentId: incident.id })).toEqual({ enabled: true, capBytes: DEFAULT_SHARE_OUTPUT_CAP_BYTES });
    await call('team:share-output', { incidentId: incident.id, enabled: false });
    expect(await call('team:output-sharing', { incidentId: incident.id })).toEqual({ enabled: false, capBytes: DEFAULT_SHARE_OUTPUT_CAP_BYTES });
    await services.shutdown();
  });
});
