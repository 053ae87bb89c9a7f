import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_RECOVERY,
  INITIAL_RECOVERY,
  nextRecovery,
  type RecoveryAction,
  type RecoveryEvent,
  type RecoveryState,
} from './crash-recovery.ts';

function run(
  events: RecoveryEvent[],
  state: RecoveryState = INITIAL_RECOVERY,
): { state: RecoveryState; actions: RecoveryAction[] } {
  const actions: RecoveryAction[] = [];
  for (const event of events) {
    const result = nextRecovery(state, event);
    state = result.state;
    actions.push(result.action);
  }
  return { state, actions };
}

test('repeated crashes reload with doubling delays, capped, and show the fault screen from the fourth', () => {
  const crashes = Array.from({ length: 9 }, (_, i): RecoveryEvent => ({
    type: 'gone',
    at: 1000 + i * 10,
    reason: 'crashed',
  }));
  const { actions } = run([{ type: 'loaded', at: 0 }, ...crashes]);
  const reloads = actions.filter((a): a is Extract<RecoveryAction, { type: 'reload' }> => a.type === 'reload');
  assert.deepEqual(
    reloads.map((a) => a.delayMs),
    [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000],
  );
  assert.deepEqual(
    reloads.map((a) => a.showFaultScreen),
    [false, false, false, true, true, true, true, true, true],
  );
});

test('a renderer that stayed up five minutes starts again from the shortest delay', () => {
  const { state } = run([
    { type: 'loaded', at: 0 },
    { type: 'gone', at: 10, reason: 'oom' },
    { type: 'gone', at: 20, reason: 'oom' },
  ]);
  assert.equal(state.failuresInRow, 2);
  const later = nextRecovery(
    { ...state, lastLoadAt: 100 },
    { type: 'gone', at: 100 + DEFAULT_RECOVERY.stableAfterMs, reason: 'crashed' },
  );
  assert.deepEqual(later.action, { type: 'reload', delayMs: 1000, showFaultScreen: false });
});

test('a hang gets a grace period; it is reloaded only if still hung when the grace expires', () => {
  const recovered = run([
    { type: 'loaded', at: 0 },
    { type: 'unresponsive', at: 100 },
    { type: 'responsive', at: 5000 },
    { type: 'grace-expired', at: 10_100 },
  ]);
  assert.deepEqual(
    recovered.actions.map((a) => a.type),
    ['none', 'check-again', 'none', 'none'],
  );
  const hung = run([
    { type: 'loaded', at: 0 },
    { type: 'unresponsive', at: 100 },
    { type: 'unresponsive', at: 2000 },
    { type: 'grace-expired', at: 10_100 },
  ]);
  assert.deepEqual(
    hung.actions.map((a) => a.type),
    ['none', 'check-again', 'none', 'reload'],
  );
});

test('a clean exit while the app quits is not fought with a reload', () => {
  assert.deepEqual(nextRecovery(INITIAL_RECOVERY, { type: 'gone', at: 1, reason: 'clean-exit' }).action, {
    type: 'quit',
  });
});
