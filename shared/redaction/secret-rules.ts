/**
 * The secret detectors redaction runs over text.
 *
 * Patterns follow secretlint's maintained rules (@secretlint/secretlint-rule-aws,
 * -github, -slack, -npm, -privatekey, -basicauth from secretlint/secretlint,
 * MIT) and the token formats their providers document; they are re-written
 * here rather than imported because secretlint's engine is asynchronous, works
 * on whole files and leans on Node's `events`, while terminal output needs a
 * synchronous scan of a string on every chunk.
 */

/** Name of a detector; it is also the label inside a mask, `[REDACTED:<name>]`. */
export type SecretRuleName =
  | 'secret-param'
  | 'private-key'
  | 'aws-access-key'
  | 'aws-secret-key'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'stripe-key'
  | 'npm-token'
  | 'jwt'
  | 'bearer-token'
  | 'url-password'
  | 'password-assignment'
  | 'high-entropy-secret';

/** One pattern-based detector. */
export interface SecretRule {
  name: SecretRuleName;
  /** Global regular expression. Group `secret`, when present, is the part to mask; otherwise the whole match. */
  pattern: RegExp;
  /** Extra check on the masked text, e.g. an entropy floor; true keeps the finding. */
  accept?: (secret: string) => boolean;
}

/**
 * Characters a token may be made of (base64, base64url, hex and the usual
 * separators). Used to decide where an over-long token ends.
 */
export const TOKEN_CHARACTER = /[A-Za-z0-9+/=_.~-]/;

/** Begin marker of a PEM private key block (RSA, EC, DSA, OPENSSH, PGP, ENCRYPTED, plain PKCS#8). */
export const PEM_PRIVATE_KEY_BEGIN = /-----BEGIN[ A-Z0-9]{0,24}PRIVATE KEY(?: BLOCK)?-----/;
/** End marker of a PEM private key block. */
export const PEM_PRIVATE_KEY_END = /-----END[ A-Z0-9]{0,24}PRIVATE KEY(?: BLOCK)?-----/;
/** Upper bound on the length of an end marker, for holding a split marker between chunks. */
export const PEM_END_MARKER_MAX_LENGTH = 56;

/**
 * Shannon entropy in bits per character. Random base64 of 20+ characters sits
 * above 4; English words and identifiers sit near or below 3.5.
 */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Entropy floor for a value beside a key/secret/token word. 3.0 bits is the
 * hex threshold detect-secrets (Yelp) uses; it is applied to hex too so that a
 * 32-hex API key is caught, while the letter+digit mix below keeps words out.
 */
const HIGH_ENTROPY_FLOOR_BITS = 3.0;

function looksRandom(value: string): boolean {
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return shannonEntropy(value) >= HIGH_ENTROPY_FLOOR_BITS;
}

/** A value that only names a secret (`$TOKEN`, `${X}`, `<paste>`, `****`, an earlier mask) and must not be masked again. */
function isPlaceholder(value: string): boolean {
  return /^(?:\$|<|\*{3,}|\[REDACTED|%\()/.test(value);
}

/**
 * A word that says something about a secret rather than being one: front
 * matter's `secret: true`, a schema's `password: required`.
 */
function isPlainWord(value: string): boolean {
  return /^(?:true|false|yes|no|on|off|null|none|nil|required|optional|string|~)$/i.test(value);
}

/** Words that mark the value beside them as a password. */
// `pwd` is left out: `PWD=/home/x` in `env` output is a directory, not a password.
const PASSWORD_WORDS = 'password|passwd|passphrase|secret';
/** Words that make a random-looking value beside them a secret. */
const KEY_WORDS = 'key|secret|token|password|passwd|credential|auth|apikey|signature|sig';

/** The rules, in priority order: when two findings overlap, the earlier rule names the mask. */
export const SECRET_RULES: readonly SecretRule[] = [
  {
    name: 'private-key',
    // A block with no end marker (truncated output) is masked to the end of the text.
    pattern: new RegExp(
      `${PEM_PRIVATE_KEY_BEGIN.source}(?:[\\s\\S]*?${PEM_PRIVATE_KEY_END.source}|[\\s\\S]*$)`,
      'g',
    ),
  },
  {
    name: 'slack-webhook',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/g,
  },
  {
    name: 'url-password',
    // scheme://user:password@host — only the password is masked, the user and host stay readable.
    pattern: /\b[A-Za-z][A-Za-z0-9+.-]{1,31}:\/\/[^\s:/@?#"'<>]+:(?<secret>[^\s@/?#"'<>]+)@(?=[^\s@])/g,
    accept: (value) => !isPlaceholder(value),
  },
  {
    name: 'aws-access-key',
    // No boundary before it: the prefix is distinctive, and text glued to it (an escape written as
    // `\033[31m`, a word) must not hide the key.
    // (AKIA and ASIA only: the rarer prefixes, ACCA among them, also occur inside upper-case hex.)
    pattern: /(?:AKIA|ASIA|(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA))[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  },
  {
    name: 'aws-secret-key',
    pattern: /(?:aws_?)?secret_?access_?key["']?[ \t]*(?::|=>|=)[ \t]*["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
  },
  {
    name: 'github-token',
    // Prefixed tokens are found wherever they start (see aws-access-key).
    pattern: /(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{50,255})(?![A-Za-z0-9_])/g,
  },
  {
    name: 'gitlab-token',
    pattern: /(?<![A-Za-z0-9_])(?:gl(?:pat|dt|rt|ptt|ft|imt|oas|cbt|soat|ffct|agent)-[A-Za-z0-9_-]{20,}(?:\.[A-Za-z0-9_-]+)*|GR1348941[A-Za-z0-9_-]{20,})/g,
  },
  {
    name: 'slack-token',
    pattern: /(?:xox[abposre]-(?:[A-Za-z0-9]{1,64}-)+[A-Za-z0-9]{1,64}|xapp-\d-[A-Za-z0-9-]{10,})(?![A-Za-z0-9])/g,
  },
  {
    name: 'stripe-key',
    // Stripe's documented secret and restricted live keys.
    pattern: /(?:sk|rk)_live_[A-Za-z0-9]{20,247}(?![A-Za-z0-9])/g,
  },
  {
    name: 'npm-token',
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
  },
  {
    name: 'npm-token',
    // .npmrc `//registry/:_authToken=value`; `${NPM_TOKEN}` is a reference, not a secret.
    pattern: /_auth(?:Token)?[ \t]*=[ \t]*["']?(?<secret>[^\s"'$][^\s"']*)/g,
  },
  {
    name: 'jwt',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  },
  {
    name: 'bearer-token',
    pattern: /\b(?:bearer|authorization[ \t]*[:=][ \t]*["']?(?:basic|token|digest)?)[ \t]+(?<secret>[A-Za-z0-9._~+/-]{8,}=*)/gi,
  },
  {
    name: 'password-assignment',
    pattern: new RegExp(
      `(?<![A-Za-z0-9])[A-Za-z0-9_.-]*(?:${PASSWORD_WORDS})["']?[ \\t]*(?::|=>|=)[ \\t]*(?<q>["']?)(?<secret>[^\\s"',;]{3,})`,
      'gi',
    ),
    accept: (value) => !isPlaceholder(value) && !isPlainWord(value),
  },
  {
    name: 'high-entropy-secret',
    pattern: new RegExp(
      `(?<![A-Za-z0-9])[A-Za-z0-9_.-]*(?:${KEY_WORDS})[A-Za-z0-9_.-]*["']?[ \\t]*(?::|=>|=)[ \\t]*["']?(?<secret>[A-Za-z0-9+/_=.~-]{16,})`,
      'gi',
    ),
    accept: (value) => !isPlaceholder(value) && looksRandom(value),
  },
];
