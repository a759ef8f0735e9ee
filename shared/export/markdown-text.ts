/** Escaping helpers for text placed into generated Markdown. */

/** Plain text as literal Markdown inline text: punctuation that Markdown or HTML would read is backslash-escaped. */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|#!~{}]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

/** Text for a table cell: escaped, on one line. */
export function tableCell(text: string): string {
  return escapeInline(text).trim() || ' ';
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/** A code span that holds `text` (one line) whatever backticks it contains. */
export function inlineCode(text: string): string {
  const line = text.replace(/\r?\n/g, ' ⏎ ');
  const ticks = '`'.repeat(longestBacktickRun(line) + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || line.startsWith(' ') ? ' ' : '';
  return `${ticks}${pad}${line}${pad}${ticks}`;
}

/** A fenced code block that holds `text` whatever fences it contains. */
export function codeFence(text: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${language}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** Indents every line after the first, so multi-line text stays inside a list item. */
export function indentContinuation(text: string, indent: string): string {
  return text.replace(/\r?\n/g, `\n${indent}`);
}
