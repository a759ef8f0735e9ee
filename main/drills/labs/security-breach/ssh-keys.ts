import crypto from 'node:crypto';

/** An OpenSSH public key as it appears in authorized_keys, with its fingerprint. */
export interface SshPublicKey {
  /** "ssh-ed25519 AAAA… comment" */
  line: string;
  /** "SHA256:…", as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

/**
 * A fresh Ed25519 public key in OpenSSH format. Only the public half is kept:
 * the lab needs keys that look and fingerprint like real ones, never to log in.
 */
export function generateSshPublicKey(comment: string): SshPublicKey {
  const { publicKey } = crypto.generateKeyPairSync('ed25519');
  // The SPKI DER of an Ed25519 key ends with the 32-byte raw key (RFC 8410).
  const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
  const blob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(raw)]);
  return { line: `ssh-ed25519 ${blob.toString('base64')} ${comment}`, fingerprint: sshFingerprint(blob) };
}

/** OpenSSH's SHA256 fingerprint of a key blob: unpadded base64 of its SHA-256 (as ssh-keygen -l prints). */
export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** RFC 4251 "string": a uint32 big-endian length, then the bytes. */
function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}
