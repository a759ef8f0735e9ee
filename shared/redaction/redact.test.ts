import { describe, expect, it } from 'vitest';
import { findSecrets } from './find-secrets';
import { redact } from './redact';
import { NEGATIVE_SAMPLES, SECRET_PARAM_VALUE, SECRET_SAMPLES, SECRET_STRINGS } from './fixtures/secret-corpus';

describe('redact', () => {
  it.each(SECRET_SAMPLES.map((sample) => [sample.rule, sample] as const))('masks a %s', (_rule, sample) => {
    const out = redact(sample.line);
    expect(out).not.toContain(sample.secret);
    expect(out).toContain(`[REDACTED:${sample.rule}]`);
  });

  it('masks every corpus secret when they all appear in one text', () => {
    const text = SECRET_SAMPLES.map((sample) => sample.line).join('\n');
    const out = redact(text);
    for (const secret of SECRET_STRINGS) expect(out).not.toContain(secret);
  });

  it.each(NEGATIVE_SAMPLES.map((line) => [line]))('leaves normal output alone: %s', (line) => {
    expect(findSecrets(line)).toEqual([]);
    expect(redact(line)).toBe(line);
  });

  it('keeps the user and host of a URL and masks only its password', () => {
    expect(redact('postgres://app:pa55word@db.internal:5432/orders')).toBe(
      'postgres://app:[REDACTED:url-password]@db.internal:5432/orders',
    );
  });

  it('masks a secret param value wherever it appears, also URL-encoded', () => {
    const text = `echo '${SECRET_PARAM_VALUE}' && curl "https://x/?p=${encodeURIComponent(SECRET_PARAM_VALUE)}"`;
    const out = redact(text, { secretValues: [SECRET_PARAM_VALUE] });
    expect(out).toBe(`echo '[REDACTED:secret-param]' && curl "https://x/?p=[REDACTED:secret-param]"`);
  });

  it('ignores secret values too short to mask without wrecking the text', () => {
    expect(redact('a b c', { secretValues: ['a'] })).toBe('a b c');
  });

  it('masks only secret params when pattern detection is off', () => {
    const text = `${SECRET_SAMPLES[0]?.line} and hunter2hunter2`;
    expect(redact(text, { secretValues: ['hunter2hunter2'], detectPatterns: false })).toBe(
      `${SECRET_SAMPLES[0]?.line} and [REDACTED:secret-param]`,
    );
  });

  it('masks a private key block whole, and a truncated one to the end', () => {
    const block = SECRET_SAMPLES.find((sample) => sample.rule === 'private-key')?.secret ?? '';
    expect(redact(`before\n${block}\nafter`)).toBe('before\n[REDACTED:private-key]\nafter');
    const truncated = block.slice(0, 120);
    expect(redact(`before\n${truncated}`)).toBe('before\n[REDACTED:private-key]');
  });

  it('reports findings as sorted, disjoint ranges for the export preview', () => {
    const text = 'x=1 password=hunter2x AKIAQX7RZ2MNB4VT6PLE';
    const findings = findSecrets(text);
    expect(findings.map((finding) => [text.slice(finding.start, finding.end), finding.rule])).toEqual([
      ['hunter2x', 'password-assignment'],
      ['AKIAQX7RZ2MNB4VT6PLE', 'aws-access-key'],
    ]);
  });
});

describe('redact: tokens glued to other text, and words that only look like values', () => {
  const GITHUB = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;
  const SLACK = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
  const AWS = 'AKIAIOSFODNN7EXAMPLE';
  const STRIPE = `sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`;

  it.each([
    ['a GitHub token right after a colour escape written as text', `printf '\\033[31m${GITHUB}\\033[0m'`, GITHUB],
    ['a GitHub token right after a real colour escape', `\x1b[31m${GITHUB}\x1b[0m`, GITHUB],
    ['a Slack token glued to a word', `token=abc${SLACK}`, SLACK],
    ['an AWS key glued to a word', `keyid${AWS}`, AWS],
    ['a Stripe live key glued to a word', `export STRIPE=x${STRIPE}`, STRIPE],
    ['a private key block glued to text', `key:-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----`, 'b3BlbnNzaC1rZXktdjE='],
  ])('masks %s', (_what, text, secret) => {
    expect(redact(text)).not.toContain(secret);
  });

  it.each([['secret: true'], ['secret: false'], ['password: required'], ['  secret: yes'], ['PASSWORD=none'], ['secret: null']])('leaves the front-matter word alone: %s', (line) => {
    expect(redact(line)).toBe(line);
  });
});
