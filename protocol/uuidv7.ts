// UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, version 7, 12 bits `rand_a`, the variant,
// 62 random bits. Ids made in the same millisecond by this process stay ordered: `rand_a` is
// used as a counter seeded at random (the RFC's "method 1"), and a counter overflow borrows
// the next millisecond rather than going backwards.
import crypto from 'node:crypto';

let lastMs = -1;
let counter = 0;

export function uuidv7(now: number = Date.now()): string {
  let ms = Math.max(Math.floor(now), 0);
  if (ms <= lastMs) {
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      ms = lastMs + 1;
      counter = crypto.randomInt(0x800);
    }
  } else {
    counter = crypto.randomInt(0x800);
  }
  lastMs = ms;
  const bytes = crypto.randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUIDV7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The Unix millisecond timestamp an UUIDv7 carries. */
export function uuidv7Time(id: string): number {
  if (!UUIDV7_PATTERN.test(id)) throw new TypeError(`${id} is not a UUIDv7`);
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
