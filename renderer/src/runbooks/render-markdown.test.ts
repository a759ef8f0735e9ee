import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../shared/runbook/parse-runbook';
import { renderRunbookMarkup } from './render-markdown';

const render = (source: string) => {
  const parsed = parseRunbook(source, 'x.md');
  return { parsed, html: renderRunbookMarkup({ source, bodyStartLine: parsed.bodyStartLine, title: parsed.title, steps: parsed.steps, checklist: parsed.checklist }) };
};

describe('renderRunbookMarkup draws from the parser model', () => {
  it('puts a step slot exactly where the parser found steps: other languages too, ignored blocks not', () => {
    const { parsed, html } = render('# T\n\n```python\nprint(1)\n```\n\n```sh {ignore=true}\nrm -rf /\n```\n\n```text\nplain\n```\n\n```bash\n$ ls\n```\n');
    const slots = [...html.matchAll(/data-step-line="(\d+)"/g)].map((match) => Number(match[1]));
    expect(slots).toEqual(parsed.steps.map((step) => step.lineStart));
    expect(slots).toEqual([3, 15]);
    expect(html).toContain('-rf /');
  });

  it('puts a checkbox only on the parser\'s checklist items, with their source state', () => {
    const { parsed, html } = render('---\ntitle: T\n---\n- [ ] page the owner\n- [x] tell support\n\n> - [ ] quoted item\n');
    const boxes = [...html.matchAll(/data-check-line="(\d+)" data-checked="(\w+)"/g)].map((match) => [Number(match[1]), match[2]]);
    expect(boxes).toEqual(parsed.checklist.map((item) => [item.line, String(item.checkedInSource)]));
  });
});
