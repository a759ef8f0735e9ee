import DOMPurify from 'dompurify';
import type { Runbook } from '../../../shared/model/runbook';
import { createSafeMarkdown, SAFE_LINK } from '../markdown/safe-markdown';
import { highlightCode } from './highlight-code';

const markdown = createSafeMarkdown({ highlight: (code, language) => highlightCode(code, language || 'plaintext') });

const defaultFence = markdown.renderer.rules.fence!;
markdown.renderer.rules.fence = (tokens, index, options, env: RenderEnv, self) => {
  const token = tokens[index]!;
  // The parser decides what is a step (any language it runs, minus ignored blocks); this only places the card.
  const line = token.map ? env.bodyStartLine + token.map[0] : -1;
  if (env.stepLines.has(line)) {
    // A step: React draws the card into this slot (see RunbookDocument).
    return `<div class="step-slot" data-step-line="${line}"></div>\n`;
  }
  return defaultFence(tokens, index, options, env, self);
};

const defaultHeadingOpen =
  markdown.renderer.rules.heading_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.heading_open = (tokens, index, options, env: RenderEnv, self) => {
  const token = tokens[index]!;
  // A data attribute, not an id: ids from documents could clobber DOM globals.
  if (token.map) token.attrSet('data-heading-line', String(env.bodyStartLine + token.map[0]));
  return defaultHeadingOpen(tokens, index, options, env, self);
};

/** The parser's checklist items become a checkbox the responder can tick (see ChecklistItem), in place of their `[ ]`. */
markdown.core.ruler.after('inline', 'task-lists', (state) => {
  const tokens = state.tokens;
  const env = state.env as RenderEnv;
  for (let i = 2; i < tokens.length; i++) {
    const inline = tokens[i]!;
    if (inline.type !== 'inline' || tokens[i - 1]?.type !== 'paragraph_open' || tokens[i - 2]?.type !== 'list_item_open') continue;
    const line = (tokens[i - 2]!.map?.[0] ?? 0) + env.bodyStartLine;
    const checked = env.checkLines.get(line);
    const first = inline.children?.[0];
    if (checked === undefined || !first || first.type !== 'text') continue;
    first.content = first.content.replace(/^\[[ xX]\][ \t]*/, '');
    const box = new state.Token('html_inline', '', 0);
    box.content = `<span class="check-slot" data-check-line="${line}" data-checked="${checked ? 'true' : 'false'}"></span>`;
    inline.children!.unshift(box);
    tokens[i - 2]!.attrJoin('class', 'task-item');
  }
});

interface RenderEnv {
  bodyStartLine: number;
  /** Source lines of the parser's steps' opening fences. */
  stepLines: ReadonlySet<number>;
  /** Source line of each parser checklist item → ticked in the source. */
  checkLines: ReadonlyMap<number, boolean>;
}

/** What the renderer takes from the parsed runbook: its source and where its steps and checklist items are. */
export type RenderableRunbook = Pick<Runbook, 'source' | 'bodyStartLine' | 'title' | 'steps' | 'checklist'>;

export interface RenderedBody {
  html: string;
}

/**
 * The runbook body as HTML before sanitising, raw HTML off. The fence of
 * each step in the parser's model becomes an empty slot keyed by its source
 * line, where the step card is mounted; each checklist item gets a box slot.
 * Nothing here decides what a step is: the parser did.
 */
export function renderRunbookMarkup(runbook: RenderableRunbook): string {
  const { source, bodyStartLine, title } = runbook;
  const body = source.replace(/\r\n?/g, '\n').split('\n').slice(bodyStartLine - 1).join('\n');
  const env: RenderEnv = {
    bodyStartLine,
    stepLines: new Set(runbook.steps.map((step) => step.lineStart)),
    checkLines: new Map(runbook.checklist.map((item) => [item.line, item.checkedInSource])),
  };
  const tokens = markdown.parse(body, env);
  // The page header already shows the title; a leading `# Title` would repeat it.
  const first = tokens.findIndex((token) => token.type === 'heading_open');
  if (first >= 0 && tokens[first]!.tag === 'h1' && tokens[first + 1]?.content.trim() === title.trim()) {
    tokens.splice(first, 3);
  }
  return markdown.renderer.render(tokens, markdown.options, env);
}

/** {@link renderRunbookMarkup}, sanitised for the page. */
export function renderRunbookBody(runbook: RenderableRunbook): RenderedBody {
  // markdown-it with html:false already escapes; DOMPurify is the second lock on the door.
  const html = DOMPurify.sanitize(renderRunbookMarkup(runbook), {
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
    ALLOWED_URI_REGEXP: SAFE_LINK,
  });
  return { html };
}
