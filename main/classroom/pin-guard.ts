// A four-digit PIN falls to a patient guesser at the station in an afternoon unless wrong
// tries cost time. After MAX_FAILURES wrong PINs in a row every PIN is refused for
// LOCK_MS; a right PIN clears the count. In memory: a restart resets it, which costs a
// guesser a restart per few tries — slow enough for a PIN that guards attendance lists.
import { verifyOrganiserPin } from './organiser-pin.ts';
import type Database from 'better-sqlite3';

export const MAX_FAILURES = 5;
export const LOCK_MS = 60_000;

export type PinGuard = {
  /** 'ok', 'pin_wrong', or 'pin_locked' (then the PIN was not even checked). */
  check(db: Database.Database, pin: string): 'ok' | 'pin_wrong' | 'pin_locked';
};

export function createPinGuard(now: () => number = Date.now): PinGuard {
  let failures = 0;
  let lockedUntil = 0;
  return {
    check(db, pin) {
      if (now() < lockedUntil) return 'pin_locked';
      if (verifyOrganiserPin(db, pin)) {
        failures = 0;
        return 'ok';
      }
      failures += 1;
      if (failures >= MAX_FAILURES) {
        failures = 0;
        lockedUntil = now() + LOCK_MS;
      }
      return 'pin_wrong';
    },
  };
}
