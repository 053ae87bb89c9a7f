// The three clocks an event carries (protocol/events.ts): wall time, a monotonic time that
// only means something within one boot id, and the hub offset. Injected everywhere so tests
// can make the wall clock jump or cross midnight while the monotonic clock runs on.
import crypto from 'node:crypto';

export interface LedgerClock {
  /** Unix ms, the station's wall clock (may jump). */
  wallTime(): number;
  /** Monotonic ms since this clock's origin; never goes backwards within `bootId`. */
  monoMs(): number;
  /** Names the monotonic clock's origin. */
  readonly bootId: string;
}

/**
 * The process's clock. `performance.now()` restarts at every process start, so the boot id
 * is a fresh UUID per process: the hours engine bridges two boot ids by hub-corrected wall
 * time, never by comparing monotonic values of different origins. Whole milliseconds keep
 * the stored numbers short and exact.
 */
export function systemClock(): LedgerClock {
  const bootId = crypto.randomUUID();
  return {
    wallTime: () => Date.now(),
    monoMs: () => Math.round(performance.now()),
    bootId,
  };
}
