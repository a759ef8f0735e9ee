import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';

/**
 * markdown-it's paragraph rule (lib/rules_block/paragraph.mjs in 14.x), for
 * the runbook parser's own instance, except that it makes tokens only where
 * the runbook model reads them: the first paragraph of a list item, which
 * may be a checklist task. Any other paragraph only has to end where
 * markdown-it ends it, so the next block starts at the right line; cutting
 * out and joining its lines and three tokens for it are most of the rule's
 * cost (and of its garbage) on a big runbook, where tables are read as
 * paragraphs too. Where blocks start and end is unchanged: the line scan
 * below is markdown-it's.
 */
export function paragraphTextInListItemsOnly(state: StateBlock, startLine: number, endLine: number): boolean {
  const terminatorRules = state.md.block.ruler.getRules('paragraph');
  const oldParentType = state.parentType;
  let nextLine = startLine + 1;
  state.parentType = 'paragraph';

  // Line by line until an empty one or the end.
  for (; nextLine < endLine && !state.isEmpty(nextLine); nextLine++) {
    // Would be a code block, but after a paragraph it is a lazy continuation.
    if (state.sCount[nextLine]! - state.blkIndent > 3) continue;
    // A blockquote quirk: that rule has already checked this line.
    if (state.sCount[nextLine]! < 0) continue;
    // Some blocks end a paragraph without an empty line.
    let terminate = false;
    for (let i = 0, l = terminatorRules.length; i < l; i++) {
      if (terminatorRules[i]!(state, nextLine, endLine, true)) {
        terminate = true;
        break;
      }
    }
    if (terminate) break;
  }

  state.line = nextLine;
  state.parentType = oldParentType;
  // Any other paragraph leaves no tokens: the parser never looks at them.
  if (state.tokens[state.tokens.length - 1]?.type !== 'list_item_open') return true;

  const content = asciiTrim(state.getLines(startLine, nextLine, state.blkIndent, false));
  const open = state.push('paragraph_open', 'p', 1);
  open.map = [startLine, state.line];
  const inline = state.push('inline', '', 0);
  inline.content = content;
  inline.map = [startLine, state.line];
  inline.children = [];
  state.push('paragraph_close', 'p', -1);
  return true;
}

/** markdown-it's trim for block text: ASCII blanks only, so Unicode spaces stay (common/utils.mjs asciiTrim). */
function asciiTrim(text: string): string {
  let start = 0;
  while (start < text.length && isAsciiTrimmable(text.charCodeAt(start))) start++;
  let end = text.length - 1;
  while (end >= start && isAsciiTrimmable(text.charCodeAt(end))) end--;
  return text.slice(start, end + 1);
}

function isAsciiTrimmable(char: number): boolean {
  return char === 0x20 || char === 0x09 || char === 0x0a || char === 0x0d;
}
