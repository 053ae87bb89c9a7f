// The organiser PIN that guards opening, creating and closing classes and manual check-ins
// at the station. Kept as a salted scrypt hash in ledger.db (table organiser_pin), never as
// the PIN. A PIN is short, so the hash mainly keeps it out of backups and diagnostic
// bundles; scrypt's cost makes trying all 10⁶ six-digit PINs against a stolen copy take
// hours rather than a second.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { prepared } from '../storage/sql.ts';

const PARAMS = { N: 16_384, r: 8, p: 1, keylen: 32 };
const PIN_PATTERN = /^\d{4,12}$/;

type Params = typeof PARAMS;

function derive(pin: string, salt: Buffer, params: Params): Buffer {
  return crypto.scryptSync(pin, salt, params.keylen, { N: params.N, r: params.r, p: params.p });
}

/** Sets or replaces the PIN (a technician's step at provisioning). 4–12 digits. */
export function setOrganiserPin(db: Database.Database, pin: string, now: number): void {
  if (!PIN_PATTERN.test(pin)) throw new RangeError('The organiser PIN must be 4 to 12 digits');
  const salt = crypto.randomBytes(16);
  const hash = derive(pin, salt, PARAMS);
  prepared(
    db,
    `INSERT INTO organiser_pin (id, salt, hash, params, set_at) VALUES (1, ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET salt = excluded.salt, hash = excluded.hash, params = excluded.params, set_at = excluded.set_at`,
  ).run(salt.toString('base64'), hash.toString('base64'), JSON.stringify(PARAMS), now);
}

export function hasOrganiserPin(db: Database.Database): boolean {
  return prepared(db, 'SELECT 1 FROM organiser_pin WHERE id = 1').get() !== undefined;
}

/** False for a wrong PIN and when none is set. Compared in constant time. */
export function verifyOrganiserPin(db: Database.Database, pin: string): boolean {
  const row = prepared(db, 'SELECT salt, hash, params FROM organiser_pin WHERE id = 1').get() as
    { salt: string; hash: string; params: string } | undefined;
  if (!row || !PIN_PATTERN.test(pin)) return false;
  const expected = Buffer.from(row.hash, 'base64');
  const actual = derive(pin, Buffer.from(row.salt, 'base64'), JSON.parse(row.params) as Params);
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}
