import { describe, expect, it } from 'vitest';
import { fenceLanguages, highlightCode, loadLanguages } from './highlight-code';

describe('highlighting on demand', () => {
  it('finds the languages of fenced blocks', () => {
    expect([...fenceLanguages('# T\n\n```bash { id=x }\nls\n```\n\n~~~yaml\na: 1\n~~~\n  ```SQL\nselect 1\n```\n')]).toEqual(['bash', 'yaml', 'sql']);
  });
  it('escapes without highlighting until the language is loaded, then highlights', async () => {
    const before = highlightCode('echo "<hi>"', 'sh');
    expect(before).toBe('echo &quot;&lt;hi&gt;&quot;');
    await loadLanguages(['sh', 'no-such-language']);
    expect(highlightCode('echo "<hi>"', 'sh')).toContain('hljs-built_in');
  });
});
