import { describe, expect, it } from 'vitest';
import { stripPromptLines } from './prompt-lines';

describe('stripPromptLines', () => {
  it('removes a leading "$ " prompt as Runme does, and reports which lines had one', () => {
    expect(stripPromptLines('$ kubectl get pods\n$\tls -l\n$\necho done')).toEqual({ code: 'kubectl get pods\nls -l\n\necho done', promptLines: [0, 1, 2] });
  });

  it('leaves variables, indented dollars and prompts in the middle of a line alone', () => {
    const code = '$HOME/bin/tool\n  $ indented\necho $ x\n${A}';
    expect(stripPromptLines(code)).toEqual({ code, promptLines: [] });
  });
});
