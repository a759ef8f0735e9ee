import { describe, expect, it } from 'vitest';
import { parseRunbook } from './parse-runbook';

const parse = (source: string) => parseRunbook(source, 'x.md');
const rules = (source: string) => parse(source).diagnostics.map((d) => `${d.severity}:${d.rule}`);

describe('Runme documents run as Runme runs them', () => {
  it('strips "$ " prompts from shell steps: the step code is what runs', () => {
    const parsed = parse('# Pods\n\n```sh\n$ kubectl get pods\n$ echo "$HOME"\n```\n');
    expect(parsed.steps[0]!.code).toBe('kubectl get pods\necho "$HOME"');
    expect(parsed.diagnostics).toEqual([]);
  });

  it('keeps a ULID id and the name beside it: the name titles the step and is its handle', () => {
    const parsed = parse('## Build\n\n```sh {"id":"01HF7B0KJQ8625WYMCRVJADMQF","name":"test:ci"}\nmake test\n```\n\n```sh {"name":"hello,"}\necho hi\n```\n');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.steps[0]).toMatchObject({ id: '01HF7B0KJQ8625WYMCRVJADMQF', name: 'test:ci', title: 'test:ci', explicitId: true });
    expect(parsed.steps[1]).toMatchObject({ id: 'hello', name: 'hello', title: 'hello', explicitId: true });
  });

  it('gives a name outside the id characters a stable id from its slug', () => {
    const parsed = parse('```sh {name=test:ci}\nmake\n```\n```sh {name=test:ci}\nmake again\n```\n');
    expect(parsed.steps.map((step) => step.id)).toEqual(['test-ci', 'test-ci-2']);
    expect(rules('```sh {name=test:ci}\nmake\n```\n```sh {name=test:ci}\nmake again\n```\n')).toContain('warning:duplicate-step-name');
  });

  it('runs a whole CONTRIBUTING-style document whose names are not ids', () => {
    const names = ['test:ci', 'lint:fix', 'build,', 'docs:serve'];
    const source = names.map((name) => `\`\`\`sh {"name":"${name}"}\nnpm run ${name.replace(',', '')}\n\`\`\`\n`).join('\n');
    const parsed = parse(source);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(parsed.steps.map((step) => step.name)).toEqual(['test:ci', 'lint:fix', 'build', 'docs:serve']);
  });

  it('skips blocks Runme does not treat as cells (ignore=true, transform=false)', () => {
    expect(parse('```sh {ignore=true}\nrm -rf /\n```\n```sh {"transform":"false"}\nx\n```\n```sh {ignore=false}\ny\n```\n').steps.map((s) => s.code)).toEqual(['y']);
  });

  it('honours background, interpreter and category, with the document category as the default', () => {
    const parsed = parse('---\ncategory: ops\n---\n```sh {background=true category="build,test"}\nnpm run dev\n```\n```sh {interpreter="bash -x"}\necho x\n```\n');
    expect(parsed.steps[0]).toMatchObject({ background: true, categories: ['build', 'test'] });
    expect(parsed.steps[1]).toMatchObject({ background: false, interpreter: 'bash -x', categories: ['ops'] });
  });

  it('makes js, python, fish, ksh, powershell, shellscript, sh-raw and shebang blocks steps', () => {
    const blocks = ['js', 'python', 'fish', 'ksh', 'powershell', 'shellscript', 'sh-raw', 'ruby', 'go'].map((language) => `\`\`\`${language}\ncode\n\`\`\`\n`);
    blocks.push('```\n#!/usr/bin/env python3\nprint(1)\n```\n', '```text {interpreter=cat}\nhello\n```\n', '```json\n{}\n```\n');
    const parsed = parse(blocks.join('\n'));
    expect(parsed.steps.map((step) => step.language)).toEqual(['js', 'python', 'fish', 'ksh', 'powershell', 'shellscript', 'sh-raw', 'ruby', 'go', '', 'text']);
  });

  it('applies front-matter shell and cwd to steps that do not set their own', () => {
    const parsed = parse('---\nshell: zsh\ncwd: ../deploy\n---\n```sh\nls\n```\n```sh {cwd=sub shell=bash}\nls\n```\n```sh {cwd=/abs}\nls\n```\n');
    expect(parsed.steps.map((step) => [step.shell, step.cwd])).toEqual([
      ['zsh', '../deploy'],
      ['bash', '../deploy/sub'],
      ['zsh', '/abs'],
    ]);
  });

  it('reads TOML front matter (+++) and reports what it cannot read', () => {
    const parsed = parse('+++\ntitle = "From TOML"\nshell = "bash"\ncwd = "/srv"\ntags = ["a", "b"]\n\n[runme]\nid = "01HF7B0KJQ8625WYMCRVJADMQF"\nversion = "v3"\n+++\n\n```sh\nls\n```\n');
    expect(parsed.title).toBe('From TOML');
    expect(parsed.frontMatter).toMatchObject({ tags: ['a', 'b'], runme: { id: '01HF7B0KJQ8625WYMCRVJADMQF', version: 'v3' } });
    expect(parsed.steps[0]).toMatchObject({ shell: 'bash', cwd: '/srv', lineStart: 12 });
    const bad = parse('+++\ntitle = "x"\nthis is not toml\n+++\n');
    expect(bad.diagnostics[0]).toMatchObject({ rule: 'front-matter-syntax', line: 3 });
  });
});

describe('promptEnv: the variables Runme would prompt for become params', () => {
  const RUNME_FRONT = '---\nrunme:\n  id: 01HF7BT3HD84GT9CMZ5NJMXT1K\n  version: v3\n---\n';

  it('in a Runme document, export NAME=value lines become params (value as default) and the step takes the param', () => {
    const parsed = parse(`${RUNME_FRONT}# Deploy\n\n\`\`\`sh {"name":"deploy"}\nexport NAMESPACE="staging"\nexport API_TOKEN=""\nexport REPLICAS=3\nkubectl -n "$NAMESPACE" scale deploy/web --replicas="$REPLICAS"\n\`\`\`\n`);
    expect(parsed.params.map((param) => [param.name, param.default, param.required, param.secret])).toEqual([
      ['NAMESPACE', 'staging', false, false],
      ['API_TOKEN', undefined, true, true],
      ['REPLICAS', '3', false, false],
    ]);
    expect(parsed.params[0]).toMatchObject({ line: 9, fromStep: 'deploy' });
    expect(parsed.steps[0]!.code).toBe('export NAMESPACE\nexport API_TOKEN\nexport REPLICAS\nkubectl -n "$NAMESPACE" scale deploy/web --replicas="$REPLICAS"');
    expect(parsed.diagnostics).toEqual([]);
  });

  it('promptEnv=false leaves the lines alone, as do documents Runme did not write (unless they ask with promptEnv=true)', () => {
    expect(parse(`${RUNME_FRONT}\`\`\`sh {"promptEnv":"false"}\nexport A=1\n\`\`\`\n`).params).toEqual([]);
    expect(parse('```sh\nexport CARRIED=over-here\n```\n').params).toEqual([]);
    const asked = parse('```sh {promptEnv=true}\nexport REGION=eu-west-1\necho "$REGION"\n```\n');
    expect(asked.params.map((param) => [param.name, param.default])).toEqual([['REGION', 'eu-west-1']]);
    expect(asked.steps[0]!.code).toBe('export REGION\necho "$REGION"');
  });

  it('leaves computed values, lower-case names and indented lines alone; a declared param keeps its declaration', () => {
    const parsed = parse(`---\nrunme:\n  id: x\nparams:\n  REGION:\n    default: us-east-1\n---\n\`\`\`sh\nexport NOW=$(date)\nexport lower=1\n  export INDENTED=1\nexport REGION=eu-west-1\necho "$NOW $REGION"\n\`\`\`\n`);
    expect(parsed.params.map((param) => [param.name, param.default])).toEqual([['REGION', 'us-east-1']]);
    expect(parsed.steps[0]!.code).toBe('export NOW=$(date)\nexport lower=1\n  export INDENTED=1\nexport REGION\necho "$NOW $REGION"');
  });
});
