import MarkdownIt, { type Options } from 'markdown-it';

/** Links may only leave for the web or mail (and jump within the page); javascript:, data: and file: are dropped. */
export const SAFE_LINK = /^(https?:|mailto:|#)/i;

/**
 * A markdown-it that treats its input as untrusted: raw HTML off, only safe
 * link schemes, and links that open outside the app without a referrer.
 * Runbooks and notes both render through one of these, then DOMPurify.
 */
export function createSafeMarkdown(options: Options = {}): MarkdownIt {
  const markdown = new MarkdownIt({ linkify: true, typographer: false, ...options, html: false });
  markdown.validateLink = (url) => SAFE_LINK.test(url.trim());
  const defaultLinkOpen =
    markdown.renderer.rules.link_open ?? ((tokens, index, opts, _env, self) => self.renderToken(tokens, index, opts));
  markdown.renderer.rules.link_open = (tokens, index, opts, env, self) => {
    const token = tokens[index]!;
    token.attrSet('rel', 'noopener noreferrer');
    token.attrSet('target', '_blank');
    return defaultLinkOpen(tokens, index, opts, env, self);
  };
  return markdown;
}
