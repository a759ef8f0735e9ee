import { escapeHtml } from '../export/html-text';
import { formatDrillDuration, type DrillChartMark, type DrillScore } from './score-drill';

/** Size of the chart's drawing area in SVG user units; it scales to its container. */
const WIDTH = 760;
const HEIGHT = 210;
const LEFT = 90;
const RIGHT = 20;
const LANES = { moments: 40, lab: 80, steps: 120, injects: 160 } as const;
const COLORS = {
  broken: '#c62828',
  healthy: '#2e7d32',
  failed: '#c62828',
  passed: '#2e7d32',
  inject: '#6a1b9a',
  moment: '#1565c0',
  axis: '#888',
  text: '#333',
} as const;

/**
 * The drill's timeline as a self-contained inline SVG (no scripts, no
 * external references): the lab's health from T+0 (broken, then healthy once
 * mitigated), each step run, each facilitator inject and the key moments,
 * with a T+ axis. Every label is escaped. Used by the HTML report and the app.
 */
export function renderDrillTimelineSvg(score: DrillScore): string {
  const endMs = Math.max(1000, ...score.marks.map((mark) => mark.atMs));
  const x = (ms: number) => LEFT + ((WIDTH - LEFT - RIGHT) * Math.min(ms, endMs)) / endMs;
  const parts: string[] = [];
  const title = (text: string) => `<title>${escapeHtml(text)}</title>`;

  for (const [name, y] of Object.entries(LANES)) {
    const label = { moments: 'Moments', lab: 'Lab health', steps: 'Steps', injects: 'Injects' }[name as keyof typeof LANES];
    parts.push(`<text x="8" y="${y + 4}" font-size="12" fill="${COLORS.text}">${label}</text>`);
    parts.push(`<line x1="${LEFT}" y1="${y}" x2="${WIDTH - RIGHT}" y2="${y}" stroke="#e0e0e0" />`);
  }

  // Lab health: broken from the fault until the lab was healthy again (or the end).
  if (score.scenario) {
    const healthyAt = score.timeToMitigateMs;
    const brokenEnd = healthyAt ?? endMs;
    parts.push(`<rect x="${x(0)}" y="${LANES.lab - 7}" width="${Math.max(1, x(brokenEnd) - x(0))}" height="14" fill="${COLORS.broken}" opacity="0.8">${title(`Broken for ${formatDrillDuration(brokenEnd)}`)}</rect>`);
    if (healthyAt !== null) {
      parts.push(`<rect x="${x(healthyAt)}" y="${LANES.lab - 7}" width="${Math.max(1, x(endMs) - x(healthyAt))}" height="14" fill="${COLORS.healthy}" opacity="0.8">${title(`Healthy from T+${formatDrillDuration(healthyAt)}`)}</rect>`);
    }
  }

  for (const mark of score.marks) parts.push(markShape(mark, x(mark.atMs), title, x(mark.atMs) > WIDTH - RIGHT - 40 ? 'end' : 'middle'));

  // Axis with up to 6 ticks.
  const axisY = HEIGHT - 20;
  parts.push(`<line x1="${LEFT}" y1="${axisY}" x2="${WIDTH - RIGHT}" y2="${axisY}" stroke="${COLORS.axis}" />`);
  const ticks = 5;
  for (let tick = 0; tick <= ticks; tick++) {
    const ms = (endMs * tick) / ticks;
    parts.push(`<line x1="${x(ms)}" y1="${axisY}" x2="${x(ms)}" y2="${axisY + 4}" stroke="${COLORS.axis}" />`);
    // The last label ends at the axis's end rather than centring on it, so it is never cut at the picture's edge.
    const anchor = tick === ticks ? 'end' : 'middle';
    parts.push(`<text x="${x(ms)}" y="${axisY + 16}" font-size="11" text-anchor="${anchor}" fill="${COLORS.text}">T+${tickLabel(ms, endMs)}</text>`);
  }

  const description = `Drill timeline: ${score.summary}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="drill-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="${escapeHtml(description)}">` +
    `${title(description)}${parts.join('')}</svg>`
  );
}

/** Tick labels to a tenth of a second on short drills, so neighbouring ticks never read the same. */
function tickLabel(ms: number, endMs: number): string {
  return endMs < 20_000 ? `${(ms / 1000).toFixed(1)}s` : formatDrillDuration(ms);
}

function markShape(mark: DrillChartMark, cx: number, title: (text: string) => string, anchor: 'middle' | 'end'): string {
  const tip = title(`T+${formatDrillDuration(mark.atMs)} ${mark.label}`);
  switch (mark.kind) {
    case 'step-passed':
    case 'step-failed':
      return `<circle cx="${cx}" cy="${LANES.steps}" r="6" fill="${mark.kind === 'step-passed' ? COLORS.passed : COLORS.failed}" stroke="#fff">${tip}</circle>`;
    case 'inject': {
      const y = LANES.injects;
      return `<polygon points="${cx},${y - 7} ${cx + 7},${y} ${cx},${y + 7} ${cx - 7},${y}" fill="${COLORS.inject}">${tip}</polygon>`;
    }
    case 'lab-broken':
    case 'lab-healthy':
      return `<line x1="${cx}" y1="${LANES.lab - 10}" x2="${cx}" y2="${LANES.lab + 10}" stroke="${mark.kind === 'lab-healthy' ? COLORS.healthy : COLORS.broken}" stroke-width="2">${tip}</line>`;
    default: {
      const y = LANES.moments;
      const short = { fault: 'T+0', acknowledged: 'Ack', mitigated: 'Mitigated', resolved: 'Resolved', ended: 'End' }[mark.kind];
      return (
        `<g>${tip}<line x1="${cx}" y1="${y - 10}" x2="${cx}" y2="${HEIGHT - 20}" stroke="${COLORS.moment}" stroke-dasharray="3 3" opacity="0.6" />` +
        `<text x="${cx}" y="${y - 14 + (mark.kind === 'acknowledged' || mark.kind === 'resolved' ? 12 : 0)}" font-size="11" text-anchor="${anchor}" fill="${COLORS.moment}">${escapeHtml(short)}</text></g>`
      );
    }
  }
}
