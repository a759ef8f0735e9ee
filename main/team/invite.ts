import { randomBytes } from 'node:crypto';
import { InvalidInput } from '../../shared/model/domain-errors';

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

/**
 * The invite code of an invite link — firebreak://join/CODE, or the browser
 * host's /open?join=CODE — or null when the URL is some other link (a
 * runbook link). An invite link whose code cannot be read is refused here,
 * naming what was expected, rather than passed on as a bad runbook link.
 */
export function inviteFromLink(url: string): string | null {
  const trimmed = url.trim();
  let raw: string | null = null;
  if (/^firebreak:\/\/join(\/|$)/i.test(trimmed)) {
    raw = trimmed;
  } else if (/^https?:/i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      return null;
    }
    if (parsed.pathname.replace(/\/+$/, '') !== '/open' || !parsed.searchParams.has('join')) return null;
    raw = parsed.searchParams.get('join') ?? '';
  }
  if (raw === null) return null;
  const code = parseInvite(raw);
  if (!code) throw new InvalidInput(`"${raw.slice(0, 80)}" is not an invite: expected firebreak://join/XXXXX-XXXXX (10 letters and digits).`);
  return code;
}
