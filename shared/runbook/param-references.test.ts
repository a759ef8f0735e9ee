import { describe, expect, it } from 'vitest';
import { findAssignedVariables, findParamReferences } from './param-references';

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
