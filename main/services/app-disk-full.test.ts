/**
 * The app with its data folder on a real 2 MB file system (a tmpfs, see
 * testing/small-file-system.ts) and a step printing 3 MB: the warning
 * the window gets names what was lost, and once there is room again the
 * record says where its hole is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StepRunStatus } from '../../shared/model/step-run';
import type { TimelineEvent } from '../../shared/model/timeline';
import { growSmallFileSystem, mountSmallFileSystem, tmpfsMountable, unmount } from '../testing/small-file-system';
import { contractCaller, createTestApp, disposeTestApps } from '../testing/test-app';
import { waitFor } from '../testing/wait-for';

const FLOOD = "---\nid: flood\ntitle: Flood\n---\n# Flood\n\n```bash {id=flood}\nhead -c 3000000 /dev/zero | tr '\\0' x | fold -w 99\n```\n";
const mounted: string[] = [];

afterEach(() => {
  disposeTestApps();
  for (const dir of mounted.splice(0)) {
    unmount(dir);
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
});

const mountable = tmpfsMountable();

describe.skipIf(!mountable.ok)(`the app on a full disk${mountable.ok ? '' : ` (skipped: ${mountable.reason})`}`, () => {
  it('warns naming the output bytes (and any step result) not recorded, and notes the gap once there is room', async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-app-full-')), 'data');
    fs.mkdirSync(dataDir);
    mountSmallFileSystem(dataDir, '2m');
    mounted.push(dataDir);
    const app = createTestApp({ runbooks: { 'flood.md': FLOOD }, dataDir });
    const call = contractCaller(app.services);
    const sessionId = await app.openSession();
    // Nobody draws this terminal: with no viewer, output counts as acknowledged and is never paused.
    app.services.terminals.setViewerCount(0);
    const { runId } = await call<{ runId: string }>('step:run', { runbookId: 'flood', stepId: 'flood', sessionId });
    const finished = await waitFor(
      () => app.seen.find((event) => event.channel === 'step:state' && (event.payload as StepRunStatus).runId === runId && (event.payload as StepRunStatus).state !== 'running')?.payload as StepRunStatus | undefined,
      'the step to end',
    );
    const warnings = () => app.seen.filter((event) => event.channel === 'record:warning').map((event) => (event.payload as { message: string }).message);
    await waitFor(() => warnings().some((message) => /NOT recorded: .*bytes\) of terminal output/.test(message)), 'the warning about lost output');
    if (finished.recordProblem) expect(warnings().some((message) => message.includes('NOT recorded: step.finished of step "flood"'))).toBe(true);

    growSmallFileSystem(dataDir, '64m');
    app.services.recorder.record(finished.incidentId, 'note', { noteId: 'room', text: 'room again' });
    const timeline = await call<TimelineEvent[]>('timeline:list', { incidentId: finished.incidentId });
    const gaps = timeline.flatMap((event) => (event.kind === 'record.gap' ? [event.data] : []));
    expect(gaps.reduce((sum, gap) => sum + gap.lostOutputBytes, 0)).toBeGreaterThan(0);
    expect(gaps.every((gap) => gap.reason === 'the disk was full')).toBe(true);
    expect(timeline.at(-1)).toMatchObject({ kind: 'note' });
    if (finished.recordProblem) expect(gaps.flatMap((gap) => gap.lostEvents.map((lost) => lost.kind))).toContain('step.finished');
  }, 60_000);
});
