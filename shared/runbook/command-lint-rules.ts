/**
 * Lint rules that read a shell step's commands for patterns that break
 * real runbooks: placeholders bash reads as redirections, console
 * transcripts pasted as commands, queries in a shell block, and destructive
 * commands that run without asking. Each finding says how to fix it.
 */
import type { LintRule } from './lint-rules';
import { isShellLanguage } from './step-languages';

/** One line of a step's code with quoted text blanked and any comment cut off, for pattern matching. */
interface CodeLine {
  /** 0-based index in the step's code. */
  index: number;
  /** The line as written (comment cut off). */
  text: string;
  /** The same with quoted strings blanked to spaces (positions unchanged). */
  masked: string;
  /** Inside a here-document body (data, not commands). */
  inHeredoc: boolean;
}

const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][\w-]*)\1/;

// The four rules read the same lines; a big runbook has thousands of steps, so each step's code is split once.
const linesByCode = new Map<string, CodeLine[]>();

/** Lines of shell code with quotes blanked, comments cut and here-document bodies marked (cached per parse run). */
function shellLines(code: string): CodeLine[] {
  let lines = linesByCode.get(code);
  if (!lines) {
    lines = splitShellLines(code);
    // Bounded: the cache only has to live through one runbook's rules.
    if (linesByCode.size > 10_000) linesByCode.clear();
    linesByCode.set(code, lines);
  }
  return lines;
}

function splitShellLines(code: string): CodeLine[] {
  const result: CodeLine[] = [];
  let heredocEnd: string | null = null;
  code.split('\n').forEach((raw, index) => {
    if (heredocEnd !== null) {
      result.push({ index, text: raw, masked: raw, inHeredoc: true });
      if (raw.trim() === heredocEnd) heredocEnd = null;
      return;
    }
    const masked = raw.includes("'") || raw.includes('"') ? raw.replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, (quoted) => ' '.repeat(quoted.length)) : raw;
    const comment = masked.includes('#') ? /(^|\s)#/.exec(masked) : null;
    const cut = comment ? comment.index + comment[1]!.length : raw.length;
    const line = { index, text: raw.slice(0, cut), masked: masked.slice(0, cut), inHeredoc: false };
    result.push(line);
    const heredoc = line.masked.includes('<<') ? HEREDOC.exec(line.masked) : null;
    if (heredoc) heredocEnd = heredoc[2]!;
  });
  return result;
}

/** `<namespace>` where a value belongs: bash reads `<name` as "read from the file name". */
const PLACEHOLDER = /(^|[^<\w$>-])<([A-Za-z][A-Za-z0-9_.:/-]*)>/g;

export const placeholderInCommand: LintRule = {
  ids: ['placeholder-in-command'],
  check({ steps, diagnostics }) {
    for (const source of steps) {
      if (!isShellLanguage(source.step.language) || !source.step.code.includes('<')) continue;
      for (const line of shellLines(source.step.code)) {
        if (line.inHeredoc || !line.masked.includes('<')) continue;
        for (const match of line.masked.matchAll(PLACEHOLDER)) {
          const placeholder = match[2]!;
          const param = placeholder.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'VALUE';
          diagnostics.warning(
            'placeholder-in-command',
            source.codeStartLine + line.index,
            match.index + match[1]!.length + 1,
            `<${placeholder}> is a placeholder, but bash reads "<${placeholder}" as "read input from the file ${placeholder}" and the command fails. Make <${placeholder}> a param: declare ${param} under params in the front matter and write "$${param}" here.`,
          );
        }
      }
    }
  },
};

/** `alice@db-1:~$ command`, `[root@host dir]# command`: a prompt copied from a terminal. */
const USER_HOST_PROMPT = /^(?:\[[\w.-]+@[\w.-]+[^\]]*\]|[\w.-]+@[\w.-]+(?::\S*)?)\s?[$#]\s/;

export const consoleTranscript: LintRule = {
  ids: ['console-transcript'],
  check({ steps, diagnostics }) {
    for (const source of steps) {
      if (!isShellLanguage(source.step.language) || (source.promptLines.length === 0 && !source.step.code.includes('@'))) continue;
      const lines = shellLines(source.step.code);
      const hostPrompt = lines.find((line) => !line.inHeredoc && USER_HOST_PROMPT.test(line.text));
      if (hostPrompt) {
        diagnostics.warning(
          'console-transcript',
          source.codeStartLine + hostPrompt.index,
          1,
          `This line starts with a terminal prompt ("${USER_HOST_PROMPT.exec(hostPrompt.text)![0].trim()}"), which the shell would try to run. If the block is a transcript, label it \`\`\`console so it is shown, not run; if it is a command, remove the prompt.`,
        );
        continue;
      }
      if (source.promptLines.length === 0) continue;
      // After "$ command" lines, any other line that is not a continuation or here-document is pasted output.
      const prompts = new Set(source.promptLines);
      let continued = false;
      for (const line of lines) {
        const continues = continued;
        continued = /\\$/.test(line.text);
        // Lines before the first prompt are set-up commands written without one.
        if (line.index < source.promptLines[0]! || prompts.has(line.index) || line.inHeredoc || continues || !line.text.trim()) continue;
        diagnostics.warning(
          'console-transcript',
          source.codeStartLine + line.index,
          1,
          `This line follows "$ " command lines but has no prompt itself, so it looks like output pasted into the block; Runme and Firebreak would run it as a command. Label a transcript \`\`\`console (shown, not run), or remove the output.`,
        );
        break;
      }
    }
  },
};

/** Cheap test of a step's first word before the full patterns run. */
const QUERY_START = /^(?:[A-Z]{4,}\s|select\s|[a-z_:][\w:]*\s*[({]|[a-z_]+\s+(?:by|without)\s*\()/;
const SQL = /^\s*(?:(?:SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|SHOW|EXPLAIN|VACUUM|TRUNCATE|GRANT|REVOKE)\s|select\s.+\sfrom\s)/;
const PROMQL_FUNCTION =
  /^\s*(?:sum|avg|min|max|count|rate|irate|increase|histogram_quantile|topk|bottomk|absent|delta|deriv|predict_linear|label_replace|(?:avg|min|max|sum|count|quantile)_over_time)\s*(?:(?:by|without)\s*\([^)]*\)\s*)?\(/;
const PROMQL_SELECTOR = /^\s*[a-zA-Z_:][a-zA-Z0-9_:]*\{[^}]*[=~][^}]*\}(?:\[\w+\])?\s*(?:$|[-+*/<>]|by\b|offset\b)/;

export const queryInShell: LintRule = {
  ids: ['query-in-shell'],
  check({ steps, diagnostics }) {
    for (const source of steps) {
      if (!isShellLanguage(source.step.language)) continue;
      const code = source.step.code;
      // Only the first command line matters: find it without splitting the whole step.
      const start = code.search(/\S/);
      if (start < 0 || !QUERY_START.test(code.slice(start, start + 40))) continue;
      const first = shellLines(code).find((line) => line.text.trim());
      if (!first) continue;
      const kind = SQL.test(first.text) ? 'SQL' : PROMQL_FUNCTION.test(first.text) || PROMQL_SELECTOR.test(first.text) ? 'PromQL' : null;
      if (!kind) continue;
      const fix =
        kind === 'SQL'
          ? 'label the block ```sql so it is shown, not run, or run it through the client (psql -c "…", mysql -e "…")'
          : 'label the block ```promql so it is shown, not run, or query Prometheus from the shell (promtool query instant URL \'…\', or curl its /api/v1/query)';
      diagnostics.warning(
        'query-in-shell',
        source.codeStartLine + first.index,
        first.text.length - first.text.trimStart().length + 1,
        `This ${source.step.language} block starts with ${kind}, which the shell would try to run as a command; ${fix}.`,
      );
    }
  },
};

/** Commands that delete or take over something, as they appear in real runbooks. */
const DESTRUCTIVE_COMMANDS: ReadonlyArray<[pattern: RegExp, name: string]> = [
  [/\brm\s+(?:-\w*\s+)*-\w*[rR]\w*\b|\brm\s+(?:\S+\s+)*--recursive\b/, 'rm -r'],
  [/\bgsutil\s+(?:-\w+\s+)*(?:rm|rb)\b/, 'gsutil rm'],
  [/\baws\s+s3\s+(?:rm|rb)\b/, 'aws s3 rm'],
  [/\baws\s+[\w-]+\s+(?:delete|terminate)-[\w-]+/, 'aws … delete'],
  [/\bgcloud\s+(?:[\w-]+\s+)+delete\b/, 'gcloud … delete'],
  [/\bkubectl\b[^|;&]*\s(?:delete|drain)\b/, 'kubectl delete'],
  [/\bhelm\s+(?:uninstall|delete)\b/, 'helm uninstall'],
  [/\bterraform\s+(?:destroy\b|apply\b[^|;&]*-destroy\b)/, 'terraform destroy'],
  [/\bDROP\s+(?:TABLE|DATABASE|SCHEMA|INDEX|USER|ROLE)\b/i, 'DROP'],
  [/\bTRUNCATE\s+(?:TABLE\s+)?["\w]/i, 'TRUNCATE'],
  [/\bDELETE\s+FROM\b/i, 'DELETE FROM'],
  [/\bpg_ctl(?:cluster)?\b[^|;&]*\bpromote\b/, 'pg_ctl promote'],
  [/\bdropdb\b/, 'dropdb'],
  [/\bpatronictl\b[^|;&]*\b(?:failover|switchover|remove|reinit)\b/, 'patronictl failover'],
  [/\bdocker\s+(?:rm|rmi|system\s+prune|volume\s+(?:rm|prune))\b/, 'docker rm'],
  [/\bgit\s+push\b[^|;&]*\s(?:--force\b|-f\b)/, 'git push --force'],
  [/\bgit\s+reset\s+--hard\b/, 'git reset --hard'],
  [/\bmkfs(?:\.\w+)?\b/, 'mkfs'],
  [/\bdd\b[^|;&]*\bof=/, 'dd of='],
  [/\bredis-cli\b[^|;&]*\b(?:FLUSHALL|FLUSHDB)\b/i, 'redis-cli FLUSHALL'],
];

/** A word every destructive pattern contains, to skip the steps that have none. */
const DESTRUCTIVE_WORD = /\b(?:rm|gsutil|aws|gcloud|kubectl|helm|terraform|drop|truncate|delete|pg_ctl|pg_ctlcluster|dropdb|patronictl|docker|git|mkfs|dd|redis-cli)\b/i;

export const destructiveUnmarked: LintRule = {
  ids: ['destructive-unmarked'],
  check({ steps, diagnostics }) {
    for (const source of steps) {
      const { step } = source;
      if (!isShellLanguage(step.language) || step.destructive || step.confirm !== false || !DESTRUCTIVE_WORD.test(step.code)) continue;
      for (const line of shellLines(step.code)) {
        const hit = DESTRUCTIVE_COMMANDS.find(([pattern]) => pattern.test(line.text));
        if (!hit) continue;
        diagnostics.warning(
          'destructive-unmarked',
          source.codeStartLine + line.index,
          Math.max(1, line.text.search(hit[0]) + 1),
          `Step "${step.id}" runs ${hit[1]} but is not marked destructive and runs without asking; add destructive=true confirm=<word to type> (and rollback=<id of the step that undoes it>) to its fence so nobody runs it by accident.`,
        );
        break;
      }
    }
  },
};

/** The command rules, in the order they run. */
export const COMMAND_LINT_RULES: readonly LintRule[] = [placeholderInCommand, consoleTranscript, queryInShell, destructiveUnmarked];
