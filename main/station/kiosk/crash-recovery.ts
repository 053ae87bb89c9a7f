// What to do when the renderer crashes or hangs: reload after a delay that doubles with each
// failure in a row (so a crash loop does not spin the CPU), and after several failures in a
// row show the offline fault screen while still retrying slowly. A renderer that stays up for
// a while earns a clean slate.
export interface RecoveryConfig {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Up this long after a load, the failure count resets. */
  stableAfterMs: number;
  /** From this many failures in a row, the fault screen is shown. */
  faultScreenAfter: number;
  /** A hung renderer gets this long to answer again before it is reloaded. */
  unresponsiveGraceMs: number;
}

export const DEFAULT_RECOVERY: RecoveryConfig = {
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  stableAfterMs: 5 * 60_000,
  faultScreenAfter: 4,
  unresponsiveGraceMs: 10_000,
};

export interface RecoveryState {
  failuresInRow: number;
  lastLoadAt: number | null;
  hungSince: number | null;
}

export const INITIAL_RECOVERY: RecoveryState = { failuresInRow: 0, lastLoadAt: null, hungSince: null };

export type RecoveryEvent =
  | { type: 'loaded'; at: number }
  | { type: 'gone'; at: number; reason: string }
  | { type: 'unresponsive'; at: number }
  | { type: 'responsive'; at: number }
  | { type: 'grace-expired'; at: number };

export type RecoveryAction =
  | { type: 'none' }
  | { type: 'reload'; delayMs: number; showFaultScreen: boolean }
  | { type: 'check-again'; delayMs: number }
  | { type: 'quit' };

export function nextRecovery(
  state: RecoveryState,
  event: RecoveryEvent,
  config: RecoveryConfig = DEFAULT_RECOVERY,
): { state: RecoveryState; action: RecoveryAction } {
  switch (event.type) {
    case 'loaded':
      return { state: { ...state, lastLoadAt: event.at, hungSince: null }, action: { type: 'none' } };
    case 'responsive':
      return { state: { ...state, hungSince: null }, action: { type: 'none' } };
    case 'unresponsive':
      if (state.hungSince !== null) return { state, action: { type: 'none' } };
      return {
        state: { ...state, hungSince: event.at },
        action: { type: 'check-again', delayMs: config.unresponsiveGraceMs },
      };
    case 'grace-expired':
      // It answered in the meantime: nothing to do.
      if (state.hungSince === null || event.at - state.hungSince < config.unresponsiveGraceMs)
        return { state, action: { type: 'none' } };
      return fail(state, event.at, config);
    case 'gone':
      // 'clean-exit' happens when the app itself is closing; restarting would fight the quit.
      if (event.reason === 'clean-exit') return { state, action: { type: 'quit' } };
      return fail(state, event.at, config);
  }
}

function fail(
  state: RecoveryState,
  at: number,
  config: RecoveryConfig,
): { state: RecoveryState; action: RecoveryAction } {
  const stable = state.lastLoadAt !== null && at - state.lastLoadAt >= config.stableAfterMs;
  const failuresInRow = (stable ? 0 : state.failuresInRow) + 1;
  const delayMs = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** (failuresInRow - 1));
  return {
    state: { failuresInRow, lastLoadAt: state.lastLoadAt, hungSince: null },
    action: { type: 'reload', delayMs, showFaultScreen: failuresInRow >= config.faultScreenAfter },
  };
}
