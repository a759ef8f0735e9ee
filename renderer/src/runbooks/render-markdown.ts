import DOMPurify from 'dompurify';
import { SHELL_LANGUAGES } from '../../../shared/runbook/parse-runbook';
import { createSafeMarkdown, SAFE_LINK } from '../markdown/safe-markdown';
import { highlightCode } from './highlight-code';

const markdown = createSafeMarkdown({ highlight: (code, language) => highlightCode(code, language || 'plaintext') });

const defaultFence = markdown.renderer.rules.fence!;
markdown.renderer.rules.fence = (tokens, index, options, env: RenderEnv, self) => {
  const token = tokens[index]!;
  const language = (token.info.trim().split(/[\s{]/, 1)[0] ?? '').toLowerCase();
  if (SHELL_LANGUAGES.has(language) && token.map) {
    // A step: React draws the card into this slot (see RunbookDocument).
    const line = env.bodyStartLine + token.map[0];
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

/** `- [ ] text` list items become a checkbox the responder can tick (see ChecklistItem). */
markdown.core.ruler.after('inline', 'task-lists', (state) => {
  const tokens = state.tokens;
  for (let i = 2; i < tokens.length; i++) {
    const inline = tokens[i]!;
    if (inline.type !== 'inline' || tokens[i - 1]?.type !== 'paragraph_open' || tokens[i - 2]?.type !== 'list_item_open') continue;
    const match = /^\[([ xX])\]\s+/.exec(inline.content);
    const first = inline.children?.[0];
    if (!match || !first || first.type !== 'text') continue;
    first.content = first.content.replace(/^\[[ xX]\]\s+/, '');
    const line = (tokens[i - 2]!.map?.[0] ?? 0) + (state.env as RenderEnv).bodyStartLine;
    const box = new state.Token('html_inline', '', 0);
    box.content = `<span class="check-slot" data-check-line="${line}" data-checked="${match[1] === ' ' ? 'false' : 'true'}"></span>`;
    inline.children!.unshift(box);
    tokens[i - 2]!.attrJoin('class', 'task-item');
  }
});


interface RenderEnv {
  bodyStartLine: number;
}

export interface RenderedBody {
  html: string;
}

/**
 * Renders a runbook body to HTML with raw HTML off. Each shell fence becomes
 * an empty slot keyed by its source line, where the step card is mounted.
 */
export function renderRunbookBody(source: string, bodyStartLine: number, title: string): RenderedBody {
  const body = source.split('\n').slice(bodyStartLine - 1).join('\n');
  const env: RenderEnv = { bodyStartLine };
  const tokens = markdown.parse(body, env);
  // The page header already shows the title; a leading `# Title` would repeat it.
  const first = tokens.findIndex((token) => token.type === 'heading_open');
  if (first >= 0 && tokens[first]!.tag === 'h1' && tokens[first + 1]?.content.trim() === title.trim()) {
    tokens.splice(first, 3);
  }
  // markdown-it with html:false already escapes; DOMPurify is the second lock on the door.
  const html = DOMPurify.sanitize(markdown.renderer.render(tokens, markdown.options, env), {
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
    ALLOWED_URI_REGEXP: SAFE_LINK,
  });
  return { html };
}
