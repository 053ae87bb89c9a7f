// PINs at rest: an organiser's PIN set at the hub travels to the stations of the site on the
// roster stream, a PIN set at a station (the technician's, an organiser's reset) stays in
// its data folder — both only as this salted scrypt hash, never the PIN. A PIN is short, so
// the hash cannot make guessing impossible for someone holding a copy; scrypt's cost makes
// trying all 10⁶ six-digit PINs take hours instead of a second, and the station's lockout
// limits guessing at the screen. The encoding carries its parameters so they can grow.
import crypto from 'node:crypto';
import { z } from 'zod';

export const PIN_PATTERN = /^\d{4,12}$/;

const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// scrypt:N:r:p:salt:hash, salt and hash base64url.
const ENCODED = /^scrypt:(\d{1,7}):(\d{1,3}):(\d{1,3}):([A-Za-z0-9_-]{16,64}):([A-Za-z0-9_-]{43})$/;

export const PinHashSchema = z.string().regex(ENCODED, 'a PIN hash is scrypt:N:r:p:salt:hash');

export function isPin(pin: string): boolean {
  return PIN_PATTERN.test(pin);
}

export function hashPin(pin: string): string {
  if (!isPin(pin)) throw new RangeError('A PIN is 4 to 12 digits');
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(pin, salt, KEY_LENGTH, PARAMS);
  return `scrypt:${PARAMS.N}:${PARAMS.r}:${PARAMS.p}:${salt.toString('base64url')}:${hash.toString('base64url')}`;
}

/** False for a wrong PIN, a malformed one, and a hash this code cannot read. Constant-time compare. */
export function verifyPin(pin: string, encoded: string): boolean {
  const match = ENCODED.exec(encoded);
  if (!match || !isPin(pin)) return false;
  const [, n, r, p, salt, hash] = match;
  const N = Number(n);
  // A hash from elsewhere must not make the station spend minutes or gigabytes.
  if (N < 1024 || N > 1 << 20 || (N & (N - 1)) !== 0 || Number(r) > 16 || Number(p) > 4) return false;
  const expected = Buffer.from(hash!, 'base64url');
  let actual: Buffer;
  try {
    actual = crypto.scryptSync(pin, Buffer.from(salt!, 'base64url'), expected.length, {
      N,
      r: Number(r),
      p: Number(p),
      maxmem: 256 * 1024 * 1024,
    });
  } catch {
    return false;
  }
  return crypto.timingSafeEqual(actual, expected);
}
