// A card UID as the station takes it: readers deliver bytes, rosters hold what is printed on
// the card. Most cards in use print the UID in hex; many Chinese access-control cards print
// the first four bytes as a ten-digit decimal, least significant byte first (the "EM"/"IC"
// number), so the format is chosen per reader.
import type { UidFormat } from '../../common/devices.ts';

export function formatUid(bytes: Uint8Array, format: UidFormat): string {
  if (format === 'hex') return Buffer.from(bytes).toString('hex').toUpperCase();
  const ordered = format === 'decimal-le' ? [...bytes].reverse() : [...bytes];
  const value = ordered.reduce((total, byte) => total * 256n + BigInt(byte), 0n);
  return value.toString().padStart(10, '0');
}
