import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

/** Links in notes may only lead to the web or mail; javascript:, data: and file: are dropped. */
const SAFE_LINK = /^(https?:|mailto:)/i;

/** Notes are written by responders, but are rendered as untrusted all the same: no raw HTML. */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
markdown.validateLink = (url) => SAFE_LINK.test(url.trim());

const defaultLinkOpen =
  markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  token.attrSet('rel', 'noopener noreferrer');
  token.attrSet('target', '_blank');
  return defaultLinkOpen(tokens, index, options, env, self);
};

/**
 * A note's Markdown as sanitized HTML: markdown-it with raw HTML off, then
 * DOMPurify as a second wall (the same pair the runbook view uses).
 */
export function renderNoteMarkdown(text: string): string {
  return DOMPurify.sanitize(markdown.render(text), { ADD_ATTR: ['target'] });
}
