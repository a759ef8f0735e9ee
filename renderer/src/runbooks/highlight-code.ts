import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import ini from 'highlight.js/lib/languages/ini';
import json from 'highlight.js/lib/languages/json';
import nginx from 'highlight.js/lib/languages/nginx';
import pgsql from 'highlight.js/lib/languages/pgsql';
import plaintext from 'highlight.js/lib/languages/plaintext';
import powershell from 'highlight.js/lib/languages/powershell';
import sql from 'highlight.js/lib/languages/sql';
import yaml from 'highlight.js/lib/languages/yaml';

// Only the languages runbooks use, so the renderer bundle stays small.
hljs.registerLanguage('bash', bash);
hljs.registerLanguage('ini', ini);
hljs.registerLanguage('json', json);
hljs.registerLanguage('nginx', nginx);
hljs.registerLanguage('pgsql', pgsql);
hljs.registerLanguage('plaintext', plaintext);
hljs.registerLanguage('powershell', powershell);
hljs.registerLanguage('sql', sql);
hljs.registerLanguage('yaml', yaml);

const ALIASES: Record<string, string> = { sh: 'bash', shell: 'bash', zsh: 'bash', console: 'bash', pwsh: 'powershell', yml: 'yaml', toml: 'ini', conf: 'nginx', text: 'plaintext', txt: 'plaintext' };

/** Highlighted HTML for a code block; the result is escaped by highlight.js. Unknown languages come back escaped, unhighlighted. */
export function highlightCode(code: string, language: string): string {
  const name = ALIASES[language.toLowerCase()] ?? language.toLowerCase();
  if (!hljs.getLanguage(name)) return hljs.highlight(code, { language: 'plaintext' }).value;
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}
