import type { ExportOptions } from './export-options';
import { escapeHtml } from './html-text';
import type { HumanTimelineRow } from './human-timeline';
import type { IncidentRecord } from './incident-record';
import { postmortemView, rowIsProblem, type PostmortemSection } from './postmortem-view';
import { redactIncidentRecord } from './redact-record';
import { formatOffset, formatUtc } from './timeline-view';

/**
 * The page's Content-Security-Policy: nothing may load or run; only the
 * inline stylesheet applies. The file is opened from disk or mail, so it must
 * stay inert whatever text it carries.
 */
// Written into the page unescaped: it holds no `"`, `<` or `&`.
export const INCIDENT_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a; max-width: 960px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.banner { background: #fff3cd; border: 2px solid #b58900; padding: .5rem .75rem; font-weight: 600; }
.todo { background: #fdf6e3; border-left: 4px solid #b58900; padding: .3rem .6rem; font-style: italic; }
.written { white-space: pre-wrap; }
.timeline { list-style: none; padding: 0; }
.timeline li { padding: .3rem 0; border-bottom: 1px dotted #ddd; }
.timeline .offset { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 600; }
.timeline .star { color: #b58900; }
.timeline li.starred { background: #fffbea; }
.timeline li.failed .summary, .timeline li.failed .mark { color: #b00020; font-weight: 600; }
.timeline li.cancelled .summary, .timeline li.warning .summary { color: #8a5a00; }
.timeline li.passed .mark { color: #1d7a33; }
.timeline .glimpse { margin: .25rem 0 0 1.5rem; padding: .25rem .5rem; font-size: .8rem; }
.hint { color: #555; font-size: .9rem; }
ul.prefill { margin-top: .25rem; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85rem; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: .5rem; white-space: pre-wrap; word-break: break-all; }
.note { white-space: pre-wrap; }
footer { margin-top: 2rem; color: #666; font-size: .8rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  pre, table, .timeline li { break-inside: avoid; }
  .timeline li.starred { background: none; font-weight: 600; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 18mm 15mm; }
}
`;

function todoBlock(prompt: string, prefill: readonly string[] = [], hint: string | null = null): string {
  const todo = `<p class="todo">✍ TODO: ${escapeHtml(prompt)}${prefill.length ? ' Prefilled from the record — check and rewrite:' : ''}</p>`;
  if (prefill.length) return `${todo}\n<ul class="prefill">\n${prefill.map((line) => `<li>${escapeHtml(line)}</li>`).join('\n')}\n</ul>`;
  return hint ? `${todo}\n<p class="hint">${escapeHtml(hint)}</p>` : todo;
}

function sectionBody(section: PostmortemSection): string {
  if (section.written) return `<p class="written">${escapeHtml(section.written)}</p>`;
  if (section.writtenItems.length) return `<ul>\n${section.writtenItems.map((item) => `<li class="written">${escapeHtml(item)}</li>`).join('\n')}\n</ul>`;
  return todoBlock(section.prompt, section.prefill, section.hint);
}

const TONE_CLASS: Partial<Record<HumanTimelineRow['tone'], string>> = { failed: 'failed', cancelled: 'cancelled', warning: 'warning', passed: 'passed', 'passed-allowed': 'passed' };
const TONE_MARK: Partial<Record<HumanTimelineRow['tone'], string>> = { failed: '✗', cancelled: '⊘', warning: '⚠', passed: '✓', 'passed-allowed': '✓' };

function timelineItem(row: HumanTimelineRow, origin: string): string {
  const showTone = row.run !== null || row.command !== null || rowIsProblem(row);
  const tone = showTone ? TONE_CLASS[row.tone] : undefined;
  const parts = [
    `<span class="offset">${escapeHtml(formatOffset(row.at, origin))}</span>`,
    `<time datetime="${escapeHtml(row.at)}">${escapeHtml(formatUtc(row.at).slice(11))}</time>`,
    row.starred ? '<span class="star" title="key event">★</span>' : '',
    `<strong>${escapeHtml(row.label)}</strong>`,
    showTone && TONE_MARK[row.tone] ? `<span class="mark">${TONE_MARK[row.tone]}</span>` : '',
    row.command !== null ? `<code>${escapeHtml(row.command)}</code> —` : '',
    `<span class="${row.label === 'Note' ? 'note' : 'summary'}">${escapeHtml(row.summary)}</span>`,
    row.edited ? '<em>(edited)</em>' : '',
    `<em>(${escapeHtml(row.actor)})</em>`,
  ].filter(Boolean);
  const output = row.output
    ? `<pre class="glimpse">${escapeHtml([row.output.first, ...(row.output.between > 0 ? [`… ${row.output.between} more line${row.output.between === 1 ? '' : 's'}`] : []), ...row.output.last].join('\n'))}</pre>`
    : '';
  const classes = [row.starred ? 'starred' : '', tone ?? ''].filter(Boolean).join(' ');
  return `<li${classes ? ` class="${classes}"` : ''}>${parts.join(' ')}${output}</li>`;
}

/**
 * The incident as one self-contained HTML page: no scripts, no external
 * resources, a strict CSP, every text escaped, print styles. Rendered from
 * the same view as the Markdown postmortem, so both say the same; secrets
 * masked throughout.
 */
export function renderIncidentHtml(record: IncidentRecord, options: ExportOptions = {}): string {
  const view = postmortemView(redactIncidentRecord(record, options.redaction ?? {}), options.generatedAt);
  const { origin, keyEvents, rows } = view.timeline;
  const actionRows =
    view.actionItems.length > 0
      ? view.actionItems
          .map((item) => `<tr><td>${escapeHtml(item.item)}</td><td>${item.type}</td><td>${item.priority ?? '—'}</td><td>${escapeHtml(item.owner ?? '✍ TODO')}</td><td>${escapeHtml(item.tracking ?? '✍ TODO')}</td></tr>`)
          .join('\n')
      : '<tr><td colspan="5" class="todo">✍ TODO: what will stop this happening again</td></tr>';
  // The time-to column only when some moment has a figure, and then titled (as in the Markdown).
  const timeTaken = view.moments.some((row) => row.timeTo !== null);
  const body = [
    `<h1>Postmortem: ${escapeHtml(view.title)}</h1>`,
    view.banner ? `<p class="banner">${escapeHtml(view.banner)}</p>` : '',
    `<table class="meta">\n${view.meta.map((row) => `<tr><th scope="row">${escapeHtml(row.name)}</th><td${row.todo ? ' class="todo"' : ''}>${row.todo ? '✍ TODO: ' : ''}${escapeHtml(row.value)}</td></tr>`).join('\n')}\n</table>`,
    `<table class="moments">\n<tr><th>Key moment</th><th>Time (UTC)</th>${timeTaken ? '<th>Time taken</th>' : ''}</tr>\n${view.moments
      .map((row) => `<tr><td>${escapeHtml(row.name)}</td><td>${row.at ? escapeHtml(formatUtc(row.at)) : '—'}</td>${timeTaken ? `<td>${escapeHtml(row.timeTo ?? '—')}</td>` : ''}</tr>`)
      .join('\n')}\n</table>`,
    ...view.sections.flatMap((section) => [
      `<section>\n<h2>${escapeHtml(section.title)}</h2>\n${sectionBody(section)}\n</section>`,
      ...(section.title === 'Detection'
        ? [`<section>\n<h2>Action items</h2>\n<table>\n<tr><th>Action item</th><th>Type</th><th>Priority</th><th>Owner</th><th>Tracking</th></tr>\n${actionRows}\n</table>\n</section>`]
        : []),
    ]),
    `<section>\n<h2>Lessons learned</h2>\n${view.lessons.map((lesson) => `<h3>${escapeHtml(lesson.title)}</h3>\n${sectionBody(lesson)}`).join('\n')}\n</section>`,
    `<section>\n<h2>Timeline</h2>\n<p>All times UTC; T+ counts from ${escapeHtml(formatUtc(origin))}. ★ marks key events.</p>\n<h3>Key events</h3>\n${
      keyEvents.length > 0 ? `<ol class="timeline">\n${keyEvents.map((row) => timelineItem(row, origin)).join('\n')}\n</ol>` : todoBlock('star the key events on the timeline; they lead this section.')
    }\n<h3>Full timeline</h3>\n${rows.length > 0 ? `<ol class="timeline">\n${rows.map((row) => timelineItem(row, origin)).join('\n')}\n</ol>` : '<p>No events were recorded.</p>'}\n</section>`,
    `<section>\n<h2>Supporting information</h2>\n<h3>Commands and output</h3>\n${
      view.commands.length === 0
        ? '<p>No commands were recorded.</p>'
        : view.commands
            .map((entry) =>
              [
                `<h4>${escapeHtml(entry.offset)} — ${escapeHtml(entry.heading)}</h4>`,
                `<pre><code>${escapeHtml(entry.command)}</code></pre>`,
                entry.output ? `<p>Output (last lines):</p>\n<pre>${escapeHtml(entry.output)}</pre>` : '',
              ]
                .filter(Boolean)
                .join('\n'),
            )
            .join('\n')
    }${
      view.params.length
        ? `\n<h3>Params used</h3>\n<table>\n<tr><th>Param</th><th>Value</th><th>Profile</th><th>First set (UTC)</th></tr>\n${view.params
            .map((param) => `<tr><td>${escapeHtml(param.name)}</td><td><code>${escapeHtml(param.value === '' ? '(empty)' : param.value)}</code></td><td>${escapeHtml(param.profile ?? '—')}</td><td>${escapeHtml(formatUtc(param.firstAt).slice(11))}</td></tr>`)
            .join('\n')}\n</table>`
        : ''
    }\n<h3>Runbooks followed</h3>\n${
      view.runbooks.length === 0
        ? '<p>No runbook was opened.</p>'
        : `<ul>\n${view.runbooks.map((snapshot) => `<li>${escapeHtml(snapshot.title)} (${escapeHtml(snapshot.runbookId)}), content SHA-256 <code>${escapeHtml(snapshot.contentHash)}</code></li>`).join('\n')}\n</ul>`
    }\n</section>`,
    `<footer>Exported by Firebreak. Secrets were masked before export.</footer>`,
  ].filter(Boolean);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${INCIDENT_HTML_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Postmortem: ${view.title}`)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
