// What a screen, a log or an export may show of a card number or a resident ID number.
// Card numbers are masked to a fixed width, so the mask does not even tell the length.
import { normaliseCardNumber } from '../../protocol/card-hash.ts';

/** `0012345678` → `******5678`; a number too short to spare four digits shows none. */
export function maskCardNumber(cardNumber: string): string {
  const normal = normaliseCardNumber(cardNumber);
  return normal.length < 8 ? '*'.repeat(10) : `******${normal.slice(-4)}`;
}

/** `420102199001011234` → `4201**********1234` (region prefix and the last four kept). */
export function maskIdNumber(idNumber: string): string {
  const normal = normaliseCardNumber(idNumber);
  if (normal.length <= 8) return '*'.repeat(normal.length);
  return `${normal.slice(0, 4)}${'*'.repeat(normal.length - 8)}${normal.slice(-4)}`;
}
