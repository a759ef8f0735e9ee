import { describe, expect, it } from 'vitest';
import { SAMPLE_EXPORT_OPTIONS, sampleDrillRecord, sampleIncidentRecord } from './__fixtures__/sample-record';
import { INCIDENT_HTML_CSP, renderIncidentHtml } from './export-html';

// Golden files live in shared/export/__golden__/ and are compared byte for byte. After a deliberate
// change, regenerate them and review the diff:  npx vitest run shared/export -u
describe('HTML export', () => {
  it('matches the golden file', async () => {
    await expect(renderIncidentHtml(sampleIncidentRecord(), SAMPLE_EXPORT_OPTIONS)).toMatchFileSnapshot('./__golden__/incident.html');
  });

  it('matches the golden file for a drill', async () => {
    const html = renderIncidentHtml(sampleDrillRecord(), SAMPLE_EXPORT_OPTIONS);
    expect(html).toContain('<p class="banner">This was a DRILL');
    await expect(html).toMatchFileSnapshot('./__golden__/drill.html');
  });

  it('is inert: a strict CSP, no script, no external resource, print styles', () => {
    const html = renderIncidentHtml(sampleIncidentRecord());
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${INCIDENT_HTML_CSP}">`);
    expect(INCIDENT_HTML_CSP).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\son[a-z]+=|javascript:/i);
    expect(html).not.toMatch(/(?:src|href)=/i);
    expect(html).toContain('@media print');
  });

  it('escapes every text it carries', () => {
    const record = sampleIncidentRecord();
    record.incident.title = '<script>alert(1)</script>';
    const note = record.events.find((event) => event.kind === 'note');
    if (note?.kind === 'note') note.data.text = '<img src=x onerror=alert(1)> & "quoted"';
    record.incident.postmortem.summary = "</p><script>x</script>'";
    const html = renderIncidentHtml(record);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62; &#38; &#34;quoted&#34;');
  });
});
