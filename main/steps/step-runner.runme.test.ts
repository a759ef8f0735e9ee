/**
 * A Runme document run by the real engine: a real shell on a real pty, the
 * real timeline. Prompts, other languages, background cells and cwd.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './step-test-harness';

const harnesses: EngineHarness[] = [];
afterEach(() => harnesses.splice(0).forEach((harness) => harness.dispose()));

const RUNME_DOCUMENT = [
  '---',
  'runme:',
  '  id: 01HF7BT3HD84GT9CMZ5NJMXT1K',
  '  version: v3',
  '---',
  '# Runme document',
  '',
  '```sh {"id":"01HF7B0KJQ8625WYMCRVJADMQA","name":"prompted"}',
  '$ echo "from a prompt line"',
  '```',
  '',
  '```python {"name":"py-exit"}',
  'import sys',
  'print("python ran")',
  'sys.exit(3)',
  '```',
  '',
  '```sh {"name":"server","background":"true"}',
  'sleep 1; echo "background-done"',
  '```',
  '',
  '```sh {"name":"after","cwd":"sub"}',
  'echo "here=$(pwd)"',
  '```',
  '',
  '```sh {"name":"where"}',
  'echo "session=$(pwd)"',
  '```',
  '',
].join('\n');

function engine(): EngineHarness {
  const harness = new EngineHarness({ shell: '/bin/bash', runbook: RUNME_DOCUMENT });
  harnesses.push(harness);
  fs.mkdirSync(path.join(harness.dir, 'sub'));
  return harness;
}

const transcript = (h: EngineHarness, stepId: string) =>
  (h.events('step.finished').find((event) => event.data.stepId === stepId)?.data.transcript as { text: string } | undefined)?.text ?? '';

describe('a Runme document on a real pty', () => {
  it('runs a prompted shell cell without its "$ " and a python cell with its own exit code', async () => {
    const h = engine();
    const session = await h.openSession();
    expect(await h.runStep(session, '01HF7B0KJQ8625WYMCRVJADMQA')).toMatchObject({ state: 'passed', exitCode: 0 });
    expect(transcript(h, '01HF7B0KJQ8625WYMCRVJADMQA')).toContain('from a prompt line');
    expect(h.events('step.started')[0]!.data.command).toBe('echo "from a prompt line"');
    expect(await h.runStep(session, 'py-exit')).toMatchObject({ state: 'failed', exitCode: 3 });
    expect(transcript(h, 'py-exit')).toContain('python ran');
  }, 30_000);

  it('Run all starts a background cell and goes on; a relative cwd is the document folder and the session stays put', async () => {
    const h = engine();
    const session = await h.openSession();
    const { batchId } = await h.steps.runAll({ runbookId: h.runbook.id, sessionId: session, stepIds: ['server', 'after', 'where'] });
    const end = await h.waitFor('the batch to end', () => h.batches.find((batch) => batch.batchId === batchId && batch.state !== 'running'));
    expect(end.state).toBe('passed');
    expect(h.events('step.finished').map((event) => [event.data.stepId, event.data.status])).toEqual([
      ['server', 'passed'],
      ['after', 'passed'],
      ['where', 'passed'],
    ]);
    expect(transcript(h, 'after')).toContain(`here=${path.join(h.dir, 'sub')}`);
    expect(transcript(h, 'where')).toContain(`session=${h.home}`);
    // The background cell's output reaches the session (and so its recorded output) after Run all went on.
    await h.waitFor('the background output', () => h.recorded({ sessionId: session }).toString('utf8').includes('background-done'));
  }, 30_000);
});
