import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAssignedVariables, findParamReferences, paramsUsedBy } from './param-references';

describe('param references', () => {
  it('finds $NAME, ${NAME}, ${NAME:-x} and $env:NAME with positions', () => {
    const refs = findParamReferences('echo "$HOST" ${PORT:-5432}\nWrite-Output $env:REGION ${#LIST}');
    expect(refs).toEqual([
      { name: 'HOST', line: 0, column: 6 },
      { name: 'PORT', line: 0, column: 13 },
      { name: 'REGION', line: 1, column: 13 },
      { name: 'LIST', line: 1, column: 25 },
    ]);
  });

  it('ignores lower-case locals, single quotes, comments and escaped dollars', () => {
    const code = `for f in $files; do echo $f; done\nawk '{print $NF}'\n# uses $COMMENTED\necho \\$LITERAL "it's $REAL"`;
    expect(findParamReferences(code).map((r) => r.name)).toEqual(['REAL']);
  });

  it('finds variables the step sets itself', () => {
    const code = 'BACKUP_ID=$(date +%s)\nexport TARGET=x; local Y=1\nread -r -p "Host? " ANSWER OTHER\nfor NODE in a b; do :; done\n$env:PS_VAR = 1';
    expect([...findAssignedVariables(code)].sort()).toEqual(['ANSWER', 'BACKUP_ID', 'NODE', 'OTHER', 'PS_VAR', 'TARGET', 'Y']);
  });
});

describe('one walk over a step', () => {
  it('finds what a line-by-line split finds, on any code', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('echo "$HOST" ${PORT:-1}', "awk '{print $NF}'", 'X=1; export Y=2', 'read -r A B', 'for N in a; do', '# $C', '$env:Z = 1', 'pg_isready', '', 'fore=1'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }).map((lines) => lines.join('\n')), (code) => {
        const byLine = code.split('\n');
        const references = byLine.flatMap((text, index) => findParamReferences(text).map((reference) => ({ ...reference, line: index })));
        expect(findParamReferences(code)).toEqual(references);
        expect(findAssignedVariables(code)).toEqual(new Set(byLine.flatMap((text) => [...findAssignedVariables(text)])));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('paramsUsedBy', () => {
  it('collects what the steps expand in code, cwd and confirm, and nothing a single-quoted string holds', () => {
    const used = paramsUsedBy([
      { code: 'echo "${#TOKEN}" \'$NOT_THIS\'' },
      { code: 'ls', cwd: '$WORK_DIR/x', confirm: '${APP_ENV}' },
      { code: 'true', confirm: 'literal' },
    ]);
    expect([...used].sort()).toEqual(['APP_ENV', 'TOKEN', 'WORK_DIR']);
  });
});
