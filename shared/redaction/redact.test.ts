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
