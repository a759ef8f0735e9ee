import MarkdownIt from 'markdown-it';
import { SHELL_LANGUAGES } from '../../../shared/runbook/parse-runbook';

/** Links may only leave for the web or mail; everything else (javascript:, data:, file:) is dropped. */
const SAFE_LINK = /^(https?:|mailto:|#)/i;

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
markdown.validateLink = (url) => SAFE_LINK.test(url.trim());

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

const defaultLinkOpen =
  markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  token.attrSet('rel', 'noopener noreferrer');
  token.attrSet('target', '_blank');
  return defaultLinkOpen(tokens, index, options, env, self);
};

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
  return { html: markdown.renderer.render(tokens, markdown.options, env) };
}
