import { randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O or U, so a code read aloud on a bridge call is typed right. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short invite code: 10 characters (50 random bits), shown as XXXXX-XXXXX. */
export function newInviteCode(): string {
  const bytes = randomBytes(10);
  let code = '';
  for (const byte of bytes) code += ALPHABET[byte & 31];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * The invite code in what a responder pasted: the code itself (any case,
 * with or without the dash, O/I/L read as 0/1/1) or a firebreak://join/CODE
 * link. Undefined when it is neither.
 */
export function parseInvite(text: string): string | undefined {
  const trimmed = text.trim();
  const link = /^firebreak:\/\/join\/([^/?#]+)/i.exec(trimmed);
  const raw = (link ? decodeURIComponent(link[1]!) : trimmed).toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1').replace(/[-\s]/g, '');
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(raw)) return undefined;
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** The link form of a code. */
export function inviteLink(code: string): string {
  return `firebreak://join/${code}`;
}
