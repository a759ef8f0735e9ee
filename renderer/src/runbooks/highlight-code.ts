import hljs from 'highlight.js/lib/core';
import plaintext from 'highlight.js/lib/languages/plaintext';

// Only the languages runbooks use, each its own chunk, fetched when a runbook that uses it opens.
const LANGUAGES: Record<string, () => Promise<{ default: Parameters<typeof hljs.registerLanguage>[1] }>> = {
  bash: () => import('highlight.js/lib/languages/bash'),
  ini: () => import('highlight.js/lib/languages/ini'),
  json: () => import('highlight.js/lib/languages/json'),
  nginx: () => import('highlight.js/lib/languages/nginx'),
  pgsql: () => import('highlight.js/lib/languages/pgsql'),
  powershell: () => import('highlight.js/lib/languages/powershell'),
  sql: () => import('highlight.js/lib/languages/sql'),
  yaml: () => import('highlight.js/lib/languages/yaml'),
};
hljs.registerLanguage('plaintext', plaintext);

const ALIASES: Record<string, string> = { sh: 'bash', shell: 'bash', zsh: 'bash', console: 'bash', pwsh: 'powershell', yml: 'yaml', toml: 'ini', conf: 'nginx', text: 'plaintext', txt: 'plaintext' };

const canonical = (language: string) => ALIASES[language.toLowerCase()] ?? language.toLowerCase();
const loading = new Map<string, Promise<void>>();

/** Loads the highlighters of these languages (unknown ones are ignored); resolves once they are registered. */
export function loadLanguages(languages: Iterable<string>): Promise<void> {
  const pending: Promise<void>[] = [];
  for (const language of languages) {
    const name = canonical(language);
    const load = LANGUAGES[name];
    if (!load || hljs.getLanguage(name)) continue;
    if (!loading.has(name)) {
      loading.set(
        name,
        load()
          .then((module) => hljs.registerLanguage(name, module.default))
          .catch(() => {
            // Drawn unhighlighted this time; the next opening tries again.
            loading.delete(name);
          }),
      );
    }
    pending.push(loading.get(name)!);
  }
  return Promise.all(pending).then(() => undefined);
}

/** The languages of a Markdown document's fenced code blocks. */
export function fenceLanguages(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^ {0,3}(?:```|~~~)\s*([A-Za-z0-9_+-]+)/gm)].map((match) => match[1]!.toLowerCase()));
}

/** Highlighted HTML for a code block; the result is escaped by highlight.js. A language not (yet) loaded comes back escaped, unhighlighted. */
export function highlightCode(code: string, language: string): string {
  const name = canonical(language);
  if (!hljs.getLanguage(name)) return hljs.highlight(code, { language: 'plaintext' }).value;
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}
