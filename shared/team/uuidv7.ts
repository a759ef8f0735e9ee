/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits, so
 * ids sort roughly by creation time and never collide across responders.
 * Within one process, ids made in the same millisecond still increase.
 */
let lastMs = -1;
let lastRandA = 0;

export function uuidv7(nowMs: number = Date.now(), random: (bytes: number) => Uint8Array = defaultRandom): string {
  const bytes = random(16);
  let ms = Math.max(nowMs, 0);
  let randA = ((bytes[6]! & 0x0f) << 8) | bytes[7]!;
  if (ms <= lastMs) {
    // Same (or an earlier) millisecond: keep the order by stepping the 12-bit counter field.
    ms = lastMs;
    randA = lastRandA + 1;
    if (randA > 0xfff) {
      ms = lastMs + 1;
      randA = 0;
    }
  }
  lastMs = ms;
  lastRandA = randA;
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const timeHex = hex(ms, 12);
  const variant = (bytes[8]! & 0x3f) | 0x80;
  const tail = Array.from(bytes.subarray(9, 16), (b) => hex(b, 2)).join('');
  return `${timeHex.slice(0, 8)}-${timeHex.slice(8, 12)}-7${hex(randA, 3)}-${hex(variant, 2)}${tail.slice(0, 2)}-${tail.slice(2)}`;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuidv7(text: string): boolean {
  return UUID_V7.test(text);
}

function defaultRandom(size: number): Uint8Array {
  const out = new Uint8Array(size);
  globalThis.crypto.getRandomValues(out);
  return out;
}
