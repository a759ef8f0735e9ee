/**
 * Runme strips a leading `$` prompt from the lines of a shell cell before it
 * runs them (stateful/runme pkg/document/block.go normalizeLine,
 * internal/runner/client/client.go prepareCommandSeq), so documentation
 * written as `$ kubectl get pods` runs. Firebreak does the same, narrower:
 * only `$` followed by a space or tab, or a line that is just `$`, so a line
 * that starts with a variable (`$HOME/bin/tool`) is left alone.
 */
const PROMPT = /^\$(?:[ \t]+|$)/;

/** Whether any line starts with "$", which a prompt needs: most steps have none, and need no stripping. */
export function mayHavePromptLines(code: string): boolean {
  return code.charCodeAt(0) === 36 /* $ */ || code.includes('\n$');
}

/** The code with prompts removed, and the 0-based indexes of the lines that had one. */
export function stripPromptLines(code: string): { code: string; promptLines: number[] } {
  if (!mayHavePromptLines(code)) return { code, promptLines: [] };
  const promptLines: number[] = [];
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.charCodeAt(0) !== 36 /* $ */) continue;
    const match = PROMPT.exec(line);
    if (!match) continue;
    lines[i] = line.slice(match[0].length);
    promptLines.push(i);
  }
  return promptLines.length ? { code: lines.join('\n'), promptLines } : { code, promptLines };
}
