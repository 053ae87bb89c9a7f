// What a screen, a log or an export may show of a card number.
// Card numbers are masked to a fixed width, so the mask does not even tell the length.
import { normaliseCardNumber } from '../../protocol/card-hash.ts';

/** `0012345678` → `******5678`; a number too short to spare four digits shows none. */
export function maskCardNumber(cardNumber: string): string {
  const normal = normaliseCardNumber(cardNumber);
  return normal.length < 8 ? '*'.repeat(10) : `******${normal.slice(-4)}`;
}
