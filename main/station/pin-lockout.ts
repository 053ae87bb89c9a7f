// How wrong PINs cost time, per account: the first FREE_TRIES wrong PINs in a row cost
// nothing (a slip), each one after that locks the account for a delay that doubles, from
// FIRST_DELAY_MS up to MAX_DELAY_MS. A right PIN clears the count. Times are wall-clock
// milliseconds so the state survives a restart (a guesser gains nothing by pulling the
// plug); a clock set back never lengthens a lock beyond MAX_DELAY_MS.
export const FREE_TRIES = 5;
export const FIRST_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 60 * 60_000;

export type LockoutState = { failures: number; lockedUntil: number };

export const UNLOCKED: LockoutState = { failures: 0, lockedUntil: 0 };

/** Milliseconds the account stays locked from `now`; 0 when a PIN may be tried. */
export function lockedFor(state: LockoutState, now: number): number {
  return Math.min(Math.max(0, state.lockedUntil - now), MAX_DELAY_MS);
}

export function afterWrongPin(state: LockoutState, now: number): LockoutState {
  const failures = state.failures + 1;
  if (failures < FREE_TRIES) return { failures, lockedUntil: 0 };
  const delay = Math.min(FIRST_DELAY_MS * 2 ** (failures - FREE_TRIES), MAX_DELAY_MS);
  return { failures, lockedUntil: now + delay };
}
