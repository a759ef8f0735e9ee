import { describe, expect, it } from 'vitest';
import { renderDrillTimelineSvg } from './drill-timeline-chart';
import type { DrillScore } from './score-drill';

/** Only what the chart reads matters; the rest is filler. */
function score(endMs: number): DrillScore {
  return {
    scenario: 'crash-and-rollback',
    timeToMitigateMs: endMs - 10_000,
    summary: 'Lab healthy again',
    marks: [
      { atMs: 0, kind: 'fault', label: 'fault injected' },
      { atMs: endMs - 10_000, kind: 'lab-healthy', label: 'lab healthy' },
      { atMs: endMs, kind: 'ended', label: 'drill ended' },
    ],
  } as unknown as DrillScore;
}

/** Each text's horizontal extent, estimated at 0.62 em per character (wider than the fonts used). */
function textExtents(svg: string): Array<{ text: string; left: number; right: number }> {
  const width = Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);
  expect(width).toBeGreaterThan(0);
  return [...svg.matchAll(/<text x="([\d.]+)"[^>]*font-size="(\d+)"(?: text-anchor="(\w+)")?[^>]*>([^<]*)<\/text>/g)].map((match) => {
    const x = Number(match[1]);
    const size = Number(match[2]);
    const anchor = match[3] ?? 'start';
    const text = match[4]!;
    const length = text.length * size * 0.62;
    const left = anchor === 'start' ? x : anchor === 'middle' ? x - length / 2 : x - length;
    return { text, left, right: left + length };
  });
}

describe('drill timeline chart', () => {
  it.each([65_000, 9_400, 3_725_000])('keeps every label, the last axis label included, inside the picture (%i ms)', (endMs) => {
    const svg = renderDrillTimelineSvg(score(endMs));
    const width = Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);
    const outside = textExtents(svg).filter((extent) => extent.left < 0 || extent.right > width);
    expect(outside).toEqual([]);
  });
});
