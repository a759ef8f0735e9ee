import type { ExportOptions } from './export-options';
import { escapeHtml } from './html-text';
import type { IncidentRecord, RecordedEvent } from './incident-record';
import { redactIncidentRecord } from './redact-record';
import {
  authorsOf,
  describeEvent,
  displayTitle,
  drillBanner,
  eventsInOrder,
  formatOffset,
  formatUtc,
  keyMomentRows,
  outputByStep,
  timelineOrigin,
  trimOutput,
} from './timeline-view';

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
.prefill { white-space: pre-wrap; }
.written { white-space: pre-wrap; }
.timeline { list-style: none; padding: 0; }
.timeline li { padding: .3rem 0; border-bottom: 1px dotted #ddd; }
.timeline .offset { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 600; }
.timeline .star { color: #b58900; }
.timeline li.starred { background: #fffbea; }
.expect-failed { color: #b00020; font-weight: 600; }
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

function todoBlock(prompt: string, prefill: string | null = null): string {
  const todo = `<p class="todo">✍ TODO: ${escapeHtml(prompt)}${prefill ? ' Prefilled from the record — check and rewrite:' : ''}</p>`;
  return prefill ? `${todo}\n<p class="prefill">${escapeHtml(prefill)}</p>` : todo;
}

function section(title: string, value: string | null, prompt: string, prefill: string | null = null): string {
  const body = value && value.trim() ? `<p class="written">${escapeHtml(value.trim())}</p>` : todoBlock(prompt, prefill);
  return `<section>\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

function list(items: readonly string[], prompt: string): string {
  if (items.length === 0) return todoBlock(prompt);
  return `<ul>\n${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('\n')}\n</ul>`;
}

function timelineItem(event: RecordedEvent, origin: string): string {
  const description = describeEvent(event);
  const summaryClass = event.kind === 'note' ? 'note' : description.expectPassed === false ? 'expect-failed' : '';
  const parts = [
    `<span class="offset">${escapeHtml(formatOffset(event.ts, origin))}</span>`,
    `<time datetime="${escapeHtml(event.ts)}">${escapeHtml(formatUtc(event.ts).slice(11))}</time>`,
    event.starred ? '<span class="star" title="key event">★</span>' : '',
    `<strong>${escapeHtml(description.label)}</strong>`,
    `<span${summaryClass ? ` class="${summaryClass}"` : ''}>${escapeHtml(description.summary)}</span>`,
    `<em>(${escapeHtml(event.actor)})</em>`,
  ].filter(Boolean);
  const command = description.command ? `<br><code>${escapeHtml(description.command)}</code>` : '';
  return `<li${event.starred ? ' class="starred"' : ''}>${parts.join(' ')}${command}</li>`;
}

/**
 * The incident as one self-contained HTML page: no scripts, no external
 * resources, a strict CSP, every text escaped, print styles. Same sections as
 * the Markdown postmortem; secrets masked throughout.
 */
export function renderIncidentHtml(record: IncidentRecord, options: ExportOptions = {}): string {
  const safe = redactIncidentRecord(record, options.redaction ?? {});
  const { incident } = safe;
  const fields = incident.postmortem;
  const events = eventsInOrder(safe);
  const origin = timelineOrigin(safe);
  const banner = drillBanner(safe);
  const authors = authorsOf(safe);
  const metaRows: [string, string][] = [
    ['Date', formatUtc(origin).slice(0, 10)],
    ['Authors', authors.join(', ') || '—'],
    ['Status', `Incident ${incident.status}; postmortem draft`],
    ['Severity', incident.severity],
    ['Services', incident.services.join(', ') || '—'],
    ['Incident commander', incident.commander ?? '—'],
    ['Communications lead', incident.communicationsLead ?? '—'],
    ['Responders', incident.responders.join(', ') || '—'],
    ['Incident ID', incident.id],
  ];
  if (options.generatedAt) metaRows.push(['Exported', formatUtc(options.generatedAt)]);

  const outputs = outputByStep(safe);
  const commands = events.filter((event) => (event.kind === 'step.finished' || event.kind === 'command.manual') && describeEvent(event).command);
  const starred = events.filter((event) => event.starred);

  const body = [
    `<h1>Postmortem: ${escapeHtml(displayTitle(safe))}</h1>`,
    banner ? `<p class="banner">${escapeHtml(banner)}</p>` : '',
    `<table class="meta">\n${metaRows.map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n')}\n</table>`,
    `<table class="moments">\n<tr><th>Key moment</th><th>Time (UTC)</th><th></th></tr>\n${keyMomentRows(safe)
      .map((row) => `<tr><td>${escapeHtml(row.name)}</td><td>${row.at ? escapeHtml(formatUtc(row.at)) : '—'}</td><td>${escapeHtml(row.timeTo ?? '')}</td></tr>`)
      .join('\n')}\n</table>`,
    section('Summary', fields.summary, 'one or two sentences: what happened, to whom, for how long.'),
    section('Impact', fields.impact, 'who was affected and how (users, requests, revenue, SLO budget).'),
    section('Root causes', fields.rootCauses, 'the conditions that made this possible — systems, not people.'),
    section('Trigger', fields.trigger, 'what set it off (a deploy, a config change, a traffic spike).'),
    section('Resolution', fields.resolution, 'what mitigated it and what finally fixed it.'),
    section('Detection', fields.detection, 'how we found out (alert, customer report) and how it could be sooner.'),
    `<section>\n<h2>Action items</h2>\n<table>\n<tr><th>Action item</th><th>Type</th><th>Owner</th><th>Tracking</th></tr>\n${
      fields.actionItems.length > 0
        ? fields.actionItems
            .map((item) => `<tr><td>${escapeHtml(item.item)}</td><td>${item.type}</td><td>${escapeHtml(item.owner ?? '✍ TODO')}</td><td>${escapeHtml(item.tracking ?? '✍ TODO')}</td></tr>`)
            .join('\n')
        : '<tr><td colspan="4" class="todo">✍ TODO: what will stop this happening again</td></tr>'
    }\n</table>\n</section>`,
    `<section>\n<h2>Lessons learned</h2>\n<h3>What went well</h3>\n${list(fields.lessonsLearned.wentWell, 'what helped.')}\n<h3>What went wrong</h3>\n${list(fields.lessonsLearned.wentWrong, 'what hurt or slowed the response.')}\n<h3>Where we got lucky</h3>\n${list(fields.lessonsLearned.gotLucky, 'what could have made this worse but did not.')}\n</section>`,
    `<section>\n<h2>Timeline</h2>\n<p>All times UTC; T+ counts from ${escapeHtml(formatUtc(origin))}. ★ marks key events.</p>\n<h3>Key events</h3>\n${
      starred.length > 0 ? `<ol class="timeline">\n${starred.map((event) => timelineItem(event, origin)).join('\n')}\n</ol>` : todoBlock('star the key events on the timeline.')
    }\n<h3>Full timeline</h3>\n<ol class="timeline">\n${events.map((event) => timelineItem(event, origin)).join('\n')}\n</ol>\n</section>`,
    `<section>\n<h2>Supporting information</h2>\n<h3>Commands and output</h3>\n${commands
      .map((event) => {
        const description = describeEvent(event);
        const stepId = typeof event.data.stepId === 'string' ? event.data.stepId : null;
        const output = stepId ? outputs.get(stepId) : undefined;
        return [
          `<h4>${escapeHtml(formatOffset(event.ts, origin))} — ${escapeHtml(description.summary)}</h4>`,
          `<pre><code>${escapeHtml(description.command ?? '')}</code></pre>`,
          output && output.trim() ? `<p>Output (last lines):</p>\n<pre>${escapeHtml(trimOutput(output))}</pre>` : '',
        ]
          .filter(Boolean)
          .join('\n');
      })
      .join('\n')}\n<h3>Runbooks followed</h3>\n<ul>\n${safe.runbookSnapshots
      .map((snapshot) => `<li>${escapeHtml(snapshot.title)} (${escapeHtml(snapshot.runbookId)}), content SHA-256 <code>${escapeHtml(snapshot.contentHash)}</code></li>`)
      .join('\n')}\n</ul>\n</section>`,
    `<footer>Exported by Firebreak. Secrets were masked before export.</footer>`,
  ].filter(Boolean);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${INCIDENT_HTML_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Postmortem: ${displayTitle(safe)}`)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
