import DOMPurify from 'dompurify';
import { createSafeMarkdown } from '../markdown/safe-markdown';

/** Notes are written by responders, but are rendered as untrusted all the same. */
const markdown = createSafeMarkdown({ breaks: true });

/**
 * A note's Markdown as sanitized HTML: markdown-it with raw HTML off, then
 * DOMPurify as a second wall (the same pair the runbook view uses).
 */
export function renderNoteMarkdown(text: string): string {
  return DOMPurify.sanitize(markdown.render(text), { ADD_ATTR: ['target'] });
}
