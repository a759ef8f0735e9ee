import { describe, expect, it } from 'vitest';
import type { OutputSink } from './output-recorder';
import { recordSplitAtMarks } from './run-output-split';

const C = '\x1b]633;C;nonce12345\x07';
const D = '\x1b]633;D;0;nonce12345\x07';

/** Collects what would be recorded, as (run, text) pieces. */
function collect(): { sink: OutputSink; pieces: Array<[string | null, string]> } {
  const pieces: Array<[string | null, string]> = [];
  return { pieces, sink: { write: (_session, runId, bytes) => pieces.push([runId, bytes.toString('latin1')]), flush() {} } };
}

describe('recordSplitAtMarks', () => {
  it('gives a run only the bytes between its C and D marks in one read', () => {
    const { sink, pieces } = collect();
    const read = Buffer.from(`$ step\r\n${C}out\r\n${D}$ `, 'latin1');
    recordSplitAtMarks(sink, 's', null, read, [
      { runId: 'r1', markRaw: C },
      { runId: null, markRaw: D, finished: true },
    ]);
    expect(pieces).toEqual([
      [null, `$ step\r\n${C}`],
      ['r1', 'out\r\n'],
      [null, `${D}$ `],
    ]);
  });

  it('finds a mark that began in the previous read by its tail', () => {
    const { sink, pieces } = collect();
    const read = Buffer.from(`${D.slice(5)}$ next\r\n${C}two`, 'latin1');
    recordSplitAtMarks(sink, 's', 'r1', read, [
      { runId: null, markRaw: D, finished: true },
      { runId: 'r2', markRaw: C },
    ]);
    expect(pieces).toEqual([
      [null, `${D.slice(5)}$ next\r\n${C}`],
      ['r2', 'two'],
    ]);
  });

  it('a C mark whose head was in the previous read: the run starts right after its tail', () => {
    const { sink, pieces } = collect();
    recordSplitAtMarks(sink, 's', null, Buffer.from(`${C.slice(3)}out`, 'latin1'), [{ runId: 'r1', markRaw: C }]);
    expect(pieces).toEqual([
      [null, C.slice(3)],
      ['r1', 'out'],
    ]);
  });
});
