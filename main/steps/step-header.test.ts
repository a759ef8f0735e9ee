/**
 * The terminal shows what runs (issue 10, finding 9): before a step's
 * commands run, the terminal shows its title and commands as written (params
 * by name), dimmed; the line the shell is sent is the one a dry run for the
 * session promised; and the header is not part of the step's own output (an
 * `expect` never matches the echoed command).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness, runbookText } from './step-test-harness';

const harnesses: EngineHarness[] = [];
afterEach(() => harnesses.splice(0).forEach((harness) => harness.dispose()));

const PARAMS = `params:
  TARGET:
    default: web-1
  TOKEN:
    secret: true
`;
const BODY = [
  '## Check',
  '```bash {id=check title="Check the target" expect="/echo degraded/"}',
  'echo "degraded on $TARGET"',
  'test -n "$TOKEN"',
  '```',
  '',
].join('\n');

describe('the terminal shows what runs', () => {
  it('prints the title and the commands (params by name), dimmed, before running them; the sent line is the dry run line', async () => {
    const h = new EngineHarness({ shell: '/bin/bash', runbook: runbookText(PARAMS, BODY) });
    harnesses.push(h);
    const session = await h.openSession();
    const dry = h.steps.dryRun({ runbookId: h.runbook.id, stepId: 'check', sessionId: session, params: { TOKEN: 'tok-3141592' } });
    const status = await h.runStep(session, 'check', { params: { TOKEN: 'tok-3141592' } });
    await h.waitFor('the output', () => h.screen.get(session)?.includes('degraded on web-1'));
    const screen = h.screen.get(session)!;
    // Exactly the line the dry run (and so the confirm dialog) showed.
    expect(screen).toContain(dry.sentLine);
    const header = screen.indexOf('Check the target');
    expect(header).toBeGreaterThan(screen.indexOf(dry.sentLine));
    expect(screen.slice(header - 40, header)).toContain('\x1b[2m');
    expect(screen).toContain('$ echo "degraded on $TARGET"');
    expect(screen).toContain('$ test -n "$TOKEN"');
    expect(screen.indexOf('$ echo "degraded on $TARGET"')).toBeLessThan(screen.indexOf('degraded on web-1'));
    expect(screen).not.toContain('tok-3141592');
    // The header is not the step's output: expect=/echo degraded/ does not match the echoed command.
    expect(status.state).toBe('failed');
    const transcript = (h.events('step.finished').at(-1)!.data.transcript as { text: string }).text;
    expect(transcript).toContain('degraded on web-1');
    expect(transcript).not.toContain('Check the target');
  });
});
