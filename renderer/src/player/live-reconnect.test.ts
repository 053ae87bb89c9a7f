import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backoffMs,
  DOWN_AFTER_MS,
  INITIAL_LIVE,
  slateOf,
  stepLive,
  WATCHDOG_MS,
  type LiveEffect,
  type LiveEvent,
  type LiveState,
} from './live-reconnect.ts';

type Input<E = LiveEvent> = E extends unknown ? Omit<E, 'at'> & { at?: number } : never;

/** Drives the machine and keeps every effect, as live-session.ts would carry them out. */
function machine() {
  let state: LiveState = INITIAL_LIVE;
  const effects: LiveEffect[] = [];
  let at = 0;
  const send = (event: Input) => {
    const step = stepLive(state, { ...event, at: event.at ?? at } as LiveEvent);
    state = step.state;
    effects.push(...step.effects);
    return step.effects;
  };
  return {
    send,
    get state() {
      return state;
    },
    effects,
    /** Moves time on in one-second watchdog ticks. */
    wait(ms: number) {
      const end = at + ms;
      while (at < end) {
        at = Math.min(end, at + 1000);
        send({ type: 'tick' });
      }
    },
    /** The current player shows `seconds` more of picture, one progress a second. */
    plays(seconds: number, from: number) {
      for (let s = 0; s <= seconds; s += 1) {
        send({ type: 'progress', generation: state.generation, currentTime: from + s });
        if (s < seconds) at += 1000;
      }
    },
    now: () => at,
    signals: () => effects.flatMap((e) => (e.type === 'signal' && e.signal.kind !== 'timeupdate' ? [e.signal] : [])),
  };
}

test('the backoff grows from 0.5 s to 8 s', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 20].map(backoffMs), [500, 1000, 2000, 4000, 8000, 8000, 8000]);
});

test('start: a player is made and the channel is said to play; the picture moving makes it playing', () => {
  const m = machine();
  assert.deepEqual(m.send({ type: 'start' }), [
    { type: 'create', generation: 1 },
    { type: 'signal', signal: { kind: 'play', mediaS: 0 } },
  ]);
  assert.equal(m.state.phase, 'connecting');
  assert.equal(slateOf(m.state, m.now()), 'connecting');
  m.plays(3, 7.5);
  assert.equal(m.state.phase, 'playing');
  assert.equal(m.state.mediaS, 3, 'media time counts from the first picture, not the player’s own clock');
  assert.equal(slateOf(m.state, m.now()), 'none');
});

test('an error: thrown away at once, one stall logged, a probe for the source, a new player after the backoff', () => {
  const m = machine();
  m.send({ type: 'start' });
  m.plays(10, 0);
  const at = m.now();
  assert.deepEqual(m.send({ type: 'error', generation: 1, kind: 'network' }), [
    { type: 'destroy', generation: 1 },
    { type: 'signal', signal: { kind: 'stalled', mediaS: 10, reason: 'network' } },
    { type: 'probe', timeoutMs: 500 },
  ]);
  assert.equal(slateOf(m.state, at), 'reconnecting');
  m.wait(1000);
  assert.deepEqual(m.effects.at(-1), { type: 'create', generation: 2 });
  // The second player fails too: the wait doubles, and no second stall is logged for the same outage.
  assert.deepEqual(m.send({ type: 'error', generation: 2, kind: 'network' }), [
    { type: 'destroy', generation: 2 },
    { type: 'probe', timeoutMs: 1000 },
  ]);
  // The station says the source is back: no need to wait out the backoff.
  assert.deepEqual(m.send({ type: 'sourceUp' }), [{ type: 'create', generation: 3 }]);
  m.plays(2, 100);
  assert.deepEqual(m.signals(), [
    { kind: 'play', mediaS: 0 },
    { kind: 'stalled', mediaS: 10, reason: 'network' },
    { kind: 'resumed', mediaS: 10 },
  ]);
  assert.equal(m.state.mediaS, 12, 'the new player counts on from where the last stopped');
  assert.equal(m.state.failures, 0, 'the backoff starts again from 0.5 s');
});

test('a late event of a player already thrown away is ignored', () => {
  const m = machine();
  m.send({ type: 'start' });
  m.plays(2, 0);
  m.send({ type: 'error', generation: 1, kind: 'media' });
  m.wait(1000);
  assert.equal(m.state.generation, 2);
  assert.deepEqual(m.send({ type: 'error', generation: 1, kind: 'network' }), []);
  assert.deepEqual(m.send({ type: 'ended', generation: 1 }), []);
  assert.deepEqual(m.send({ type: 'progress', generation: 1, currentTime: 50 }), []);
  assert.equal(m.state.phase, 'connecting');
  assert.deepEqual(m.signals()[1], { kind: 'stalled', mediaS: 2, reason: 'media_error' });
});

test('the end of a live stream is an outage, not the end of the lecture', () => {
  const m = machine();
  m.send({ type: 'start' });
  m.plays(5, 0);
  const effects = m.send({ type: 'ended', generation: 1 });
  assert.deepEqual(effects[1], { type: 'signal', signal: { kind: 'stalled', mediaS: 5, reason: 'end_of_stream' } });
  m.wait(500);
  assert.equal(m.state.phase, 'connecting');
});

test('the watchdog: no progress for 5 s, connected or not, makes a new player', () => {
  const m = machine();
  m.send({ type: 'start' });
  m.plays(4, 0);
  m.wait(WATCHDOG_MS - 1000);
  assert.equal(m.state.phase, 'playing', 'four seconds of a frozen picture is not yet a stall');
  m.wait(1000);
  assert.equal(m.state.phase, 'waiting');
  assert.deepEqual(m.signals().at(-1), { kind: 'stalled', mediaS: 4, reason: 'no_progress' });
  // A new player that connects but never shows a picture is thrown away too.
  m.wait(1000);
  assert.equal(m.state.phase, 'connecting');
  m.wait(WATCHDOG_MS);
  assert.equal(m.state.phase, 'waiting');
  assert.equal(m.state.failures, 2);
});

test('a long outage: the slate says the channel is down, and it keeps trying every 8 s', () => {
  const m = machine();
  m.send({ type: 'start' });
  m.plays(1, 0);
  m.send({ type: 'error', generation: 1, kind: 'network' });
  const since = m.now();
  for (let i = 0; i < 12; i += 1) {
    m.wait(8000);
    if (m.state.phase === 'connecting') m.send({ type: 'error', generation: m.state.generation, kind: 'network' });
  }
  assert.ok(m.now() - since >= DOWN_AFTER_MS);
  assert.equal(slateOf(m.state, m.now()), 'down');
  const waits = m.effects.flatMap((e) => (e.type === 'probe' ? [e.timeoutMs] : []));
  assert.deepEqual(waits.slice(0, 6), [500, 1000, 2000, 4000, 8000, 8000]);
  assert.equal(m.signals().filter((s) => s.kind === 'stalled').length, 1, 'one outage, one stall');
});

test('stop: the player goes, the pause is said, nothing retries; start again counts on', () => {
  const m = machine();
  m.send({ type: 'start' });
  m.plays(6, 0);
  assert.deepEqual(m.send({ type: 'stop' }), [
    { type: 'destroy', generation: 1 },
    { type: 'signal', signal: { kind: 'pause', mediaS: 6 } },
  ]);
  m.wait(20_000);
  assert.equal(m.state.phase, 'stopped');
  assert.deepEqual(m.send({ type: 'sourceUp' }), []);
  // Stopped while waiting to reconnect: nothing to destroy, the pause still said.
  const n = machine();
  n.send({ type: 'start' });
  n.plays(2, 0);
  n.send({ type: 'error', generation: 1, kind: 'network' });
  assert.deepEqual(n.send({ type: 'stop' }), [{ type: 'signal', signal: { kind: 'pause', mediaS: 2 } }]);
  m.send({ type: 'start' });
  m.plays(2, 0);
  assert.equal(m.state.mediaS, 8, 'media time never goes back within one channel');
});
