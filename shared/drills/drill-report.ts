import { INCIDENT_HTML_CSP } from '../export/export-html';
import { escapeHtml } from '../export/html-text';
import { renderDrillTimelineSvg } from './drill-timeline-chart';
import { formatDrillDuration, type DrillScore } from './score-drill';

/** Formats a drill report comes in. */
export type DrillReportFormat = 'md' | 'json' | 'html';

/** Identifies a drill report JSON file. */
export const DRILL_REPORT_FORMAT = 'firebreak-drill-report';
/** Version of the drill report JSON shape. */
export const DRILL_REPORT_VERSION = 1;

/** One row of the figures table: what, this drill, and how it compares. */
interface FigureRow {
  label: string;
  value: string;
  note: string;
}

function delta(ms: number | null): string {
  if (ms === null) return '';
  if (ms === 0) return 'same';
  return `${formatDrillDuration(Math.abs(ms))} ${ms < 0 ? 'faster' : 'slower'}`;
}

/** The figures every format shows, in order. */
export function drillFigureRows(score: DrillScore): FigureRow[] {
  const rto = score.rto.targetMs === null ? 'the runbook sets no RTO' : `RTO ${formatDrillDuration(score.rto.targetMs)}: ${score.rto.met === null ? 'not reached' : score.rto.met ? 'met' : 'missed'}`;
  const { comparison } = score;
  const history =
    comparison.earlierDrills === 0
      ? 'first scored drill of this runbook'
      : [
          comparison.deltaFromPreviousMs !== null ? `${delta(comparison.deltaFromPreviousMs)} than the previous drill` : null,
          comparison.deltaFromBestMs !== null ? (comparison.deltaFromBestMs < 0 ? 'a new best' : `best ${formatDrillDuration(comparison.bestTimeToMitigateMs)}`) : null,
        ]
          .filter(Boolean)
          .join('; ') || `${comparison.earlierDrills} earlier drill(s), none mitigated`;
  return [
    { label: 'Time to acknowledge', value: formatDrillDuration(score.timeToAcknowledgeMs), note: 'T+0 to the first sign of a responder at work' },
    {
      label: score.scenario ? 'Time to mitigate (lab healthy)' : 'Time to mitigate',
      value: formatDrillDuration(score.timeToMitigateMs),
      note: `${rto}; ${history}`,
    },
    { label: 'Time to resolve', value: formatDrillDuration(score.timeToResolveMs), note: score.outcome === 'abandoned' ? 'the drill was abandoned' : '' },
    {
      label: 'Lab recovered',
      value: score.labRecovered === null ? 'no lab' : score.labRecovered ? 'yes' : 'no',
      note: score.scenario ? `lab: ${score.scenario}` : '',
    },
    { label: 'Step runs', value: String(score.steps.runs), note: `${score.steps.passed} passed, ${score.steps.failed} failed, ${score.steps.cancelled} cancelled` },
    { label: 'Steps skipped', value: String(score.steps.skipped), note: score.steps.skippedStepIds.join(', ') },
    { label: 'Confirmations given', value: String(score.confirmations), note: '' },
    { label: 'Facilitator injects', value: String(score.injects), note: '' },
  ];
}

/** The drill report as Markdown. */
export function renderDrillReportMarkdown(score: DrillScore): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `# [DRILL] Drill report: ${score.runbookTitle}`,
    '',
    '> This was a DRILL, not a real incident. No customer impact was involved.',
    '',
    `- Drill: ${score.title} (${score.incidentId})`,
    `- Runbook: ${score.runbookId}`,
    `- T+0 (fault injected): ${score.faultAt}`,
    `- Ended: ${score.endedAt} (${score.outcome})`,
    `- Verdict: ${score.summary}`,
    '',
    '## Scores',
    '',
    '| Figure | This drill | Notes |',
    '| --- | --- | --- |',
    ...drillFigureRows(score).map((row) => `| ${cell(row.label)} | ${cell(row.value)} | ${cell(row.note)} |`),
    '',
    '## Timeline',
    '',
    ...score.marks.map((mark) => `- T+${formatDrillDuration(mark.atMs)} — ${mark.label}`),
    '',
  ];
  return lines.join('\n');
}

/** The drill report as JSON: the score, self-describing. */
export function renderDrillReportJson(score: DrillScore): string {
  return `${JSON.stringify({ format: DRILL_REPORT_FORMAT, version: DRILL_REPORT_VERSION, score }, null, 2)}\n`;
}

const STYLE = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a; max-width: 960px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.banner { background: #fff3cd; border: 2px solid #b58900; padding: .5rem .75rem; font-weight: 600; }
.verdict { font-size: 1.1rem; font-weight: 600; }
.chart { border: 1px solid #ddd; padding: .5rem; }
ol.marks { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85rem; }
@media print { body { margin: 0; max-width: none; } .chart, table { break-inside: avoid; } }
`;

/** The drill report as one inert HTML page (CSP forbids everything but the inline style) with the timeline chart as inline SVG. */
export function renderDrillReportHtml(score: DrillScore): string {
  const rows = drillFigureRows(score)
    .map((row) => `<tr><th scope="row">${escapeHtml(row.label)}</th><td>${escapeHtml(row.value)}</td><td>${escapeHtml(row.note)}</td></tr>`)
    .join('\n');
  const marks = score.marks.map((mark) => `<li>T+${escapeHtml(formatDrillDuration(mark.atMs))} — ${escapeHtml(mark.label)}</li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${INCIDENT_HTML_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>[DRILL] Drill report: ${escapeHtml(score.runbookTitle)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>[DRILL] Drill report: ${escapeHtml(score.runbookTitle)}</h1>
<p class="banner">This was a DRILL, not a real incident. No customer impact was involved.</p>
<p>${escapeHtml(score.title)} · T+0 ${escapeHtml(score.faultAt)} · ended ${escapeHtml(score.endedAt)} (${escapeHtml(score.outcome)})</p>
<p class="verdict">${escapeHtml(score.summary)}</p>
<h2>Scores</h2>
<table>
<thead><tr><th>Figure</th><th>This drill</th><th>Notes</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>Timeline</h2>
<div class="chart">${renderDrillTimelineSvg(score)}</div>
<ol class="marks">
${marks}
</ol>
</body>
</html>
`;
}

/** Renders a drill report in a format; returns the file name and text. */
export function renderDrillReport(score: DrillScore, format: DrillReportFormat): { fileName: string; content: string } {
  const base = `drill-report-${score.runbookId}-${score.faultAt.slice(0, 19).replace(/[:T]/g, '-')}`;
  switch (format) {
    case 'md':
      return { fileName: `${base}.md`, content: renderDrillReportMarkdown(score) };
    case 'json':
      return { fileName: `${base}.json`, content: renderDrillReportJson(score) };
    case 'html':
      return { fileName: `${base}.html`, content: renderDrillReportHtml(score) };
  }
}
