// Card numbers never travel or rest in clear: the roster carries, and the ledger records,
// HMAC-SHA256(siteKey, normalised card number) in hex. The site key is a per-site secret the
// hub hands each station of that site at enrollment, so a leaked roster cannot be matched
// against card numbers by brute force without it.
import crypto from 'node:crypto';

/**
 * Readers render the same card differently (spaces, dashes, a lowercase x for the check
 * digit of a resident ID number), so the number is normalised first: trimmed, spaces and
 * dashes removed, upper-cased.
 */
export function normaliseCardNumber(cardNumber: string): string {
  return cardNumber
    .trim()
    .replace(/[\s-]+/g, '')
    .toUpperCase();
}

/** `siteKey` is the base64 string from the enrollment answer (`cardHashKey`) or raw bytes. */
export function keyedCardHash(siteKey: string | Uint8Array, cardNumber: string): string {
  const normal = normaliseCardNumber(cardNumber);
  if (normal === '') throw new TypeError('keyedCardHash: empty card number');
  const key = typeof siteKey === 'string' ? Buffer.from(siteKey, 'base64') : siteKey;
  if (key.length < 16) throw new TypeError('keyedCardHash: the site key must be at least 16 bytes');
  return crypto.createHmac('sha256', key).update(normal, 'utf8').digest('hex');
}
