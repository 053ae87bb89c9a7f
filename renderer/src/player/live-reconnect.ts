// The live player's reconnect machine. mpegts.js does not reconnect by itself: a live stream
// that ends cleanly gives only "loading complete", a stall gives nothing at all. So this
// decides, from what the player reports, when to throw the player away and make a new one:
//
//   - on an error (network or media), at once;
//   - on the end of the stream while live (a live lecture does not end by itself);
//   - when the watchdog sees no progress of the picture for WATCHDOG_MS, connected or not.
//
// Between attempts it waits a backoff growing from 0.5 s to 8 s, reset when the picture
// moves again; meanwhile the station is asked whether the source sends again (sourceUp),
// and a source that is back cuts the wait short. Each player has a generation: an event of
// a player already thrown away is ignored, so a late error cannot tear down its successor.
//
// It also says what happened, for the playback log and the hours: `play` when the channel
// starts, one `stalled` (with why) when the picture stops, `resumed` when it moves again,
// `pause` when stopped — and a media time that keeps growing across players (each new
// player counts from zero), so the station credits exactly the time the picture moved.
//
// Pure: no timers, no player, no clock; the caller (live-session.ts) feeds it events with
// the time and carries out the effects it returns.
import type { StallReason } from './signals.ts';

export const WATCHDOG_MS = 5_000;
export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 8_000;
/** After this long without a picture the slate says the channel is down, not just reconnecting. */
export const DOWN_AFTER_MS = 30_000;

export type LivePhase = 'idle' | 'connecting' | 'playing' | 'waiting' | 'stopped';

export type LiveState = {
  phase: LivePhase;
  generation: number;
  /** Failed attempts since the picture last moved. */
  failures: number;
  /** When the picture last moved (or the attempt began), for the watchdog. */
  lastProgressAt: number;
  /** When the current outage began, or null while the picture moves. */
  outageSince: number | null;
  /** Media seconds the earlier players played; the current one counts on from here. */
  baseS: number;
  /** The current player's own time when it first moved, or null before. */
  originS: number | null;
  /** The media time last reported. */
  mediaS: number;
  /** When the wait for the next attempt ends (phase waiting). */
  retryAt: number | null;
};

export type LiveEvent =
  | { type: 'start'; at: number }
  | { type: 'stop'; at: number }
  /** The player's own time moved (the element's currentTime). */
  | { type: 'progress'; at: number; generation: number; currentTime: number }
  | { type: 'error'; at: number; generation: number; kind: 'network' | 'media' }
  /** The stream ended (mpegts.js "loading complete", or the element's end) while live. */
  | { type: 'ended'; at: number; generation: number }
  /** The watchdog's clock, about every second; also runs a due retry. */
  | { type: 'tick'; at: number }
  /** The station says the source sends again. */
  | { type: 'sourceUp'; at: number };

export type LiveEffect =
  | { type: 'create'; generation: number }
  | { type: 'destroy'; generation: number }
  /** Ask the station whether the source comes back within timeoutMs. */
  | { type: 'probe'; timeoutMs: number }
  | { type: 'signal'; signal: LiveSignal };

export type LiveSignal =
  | { kind: 'play' | 'resumed' | 'pause' | 'timeupdate'; mediaS: number }
  | { kind: 'stalled'; mediaS: number; reason: StallReason };

export const INITIAL_LIVE: LiveState = {
  phase: 'idle',
  generation: 0,
  failures: 0,
  lastProgressAt: 0,
  outageSince: null,
  baseS: 0,
  originS: null,
  mediaS: 0,
  retryAt: null,
};

export type Step = { state: LiveState; effects: LiveEffect[] };

/** The wait before attempt n+1 after n failures in a row: 0.5 s, 1 s, 2 s, 4 s, 8 s, 8 s, … */
export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, failures - 1));
}

/** What the slate says: nothing while the picture moves, "reconnecting", or "down" after a long outage. */
export function slateOf(state: LiveState, now: number): 'none' | 'connecting' | 'reconnecting' | 'down' {
  if (state.phase === 'playing' || state.phase === 'idle' || state.phase === 'stopped') return 'none';
  if (state.outageSince === null) return 'connecting';
  return now - state.outageSince >= DOWN_AFTER_MS ? 'down' : 'reconnecting';
}

const create = (state: LiveState, at: number): Step => {
  const generation = state.generation + 1;
  return {
    state: { ...state, phase: 'connecting', generation, lastProgressAt: at, originS: null, retryAt: null },
    effects: [{ type: 'create', generation }],
  };
};

/** The current player failed: throw it away, say the picture stopped (once per outage), wait. */
const fail = (state: LiveState, at: number, reason: StallReason): Step => {
  const failures = state.failures + 1;
  const wait = backoffMs(failures);
  const effects: LiveEffect[] = [{ type: 'destroy', generation: state.generation }];
  if (state.outageSince === null)
    effects.push({ type: 'signal', signal: { kind: 'stalled', mediaS: state.mediaS, reason } });
  effects.push({ type: 'probe', timeoutMs: wait });
  return {
    state: {
      ...state,
      phase: 'waiting',
      failures,
      outageSince: state.outageSince ?? at,
      // The next player counts on from where this one stopped.
      baseS: state.mediaS,
      originS: null,
      retryAt: at + wait,
    },
    effects,
  };
};

export function stepLive(state: LiveState, event: LiveEvent): Step {
  const stale = 'generation' in event && event.generation !== state.generation;
  const live = state.phase === 'connecting' || state.phase === 'playing';
  switch (event.type) {
    case 'start': {
      if (state.phase !== 'idle' && state.phase !== 'stopped') return { state, effects: [] };
      const started = create(
        { ...INITIAL_LIVE, generation: state.generation, baseS: state.mediaS, mediaS: state.mediaS },
        event.at,
      );
      return {
        state: started.state,
        effects: [...started.effects, { type: 'signal', signal: { kind: 'play', mediaS: state.mediaS } }],
      };
    }
    case 'stop': {
      if (state.phase === 'idle' || state.phase === 'stopped') return { state, effects: [] };
      const effects: LiveEffect[] = [];
      if (live) effects.push({ type: 'destroy', generation: state.generation });
      effects.push({ type: 'signal', signal: { kind: 'pause', mediaS: state.mediaS } });
      return { state: { ...state, phase: 'stopped', retryAt: null, outageSince: null, baseS: state.mediaS }, effects };
    }
    case 'progress': {
      if (stale || !live) return { state, effects: [] };
      if (state.originS === null) {
        // The first picture of this player: count from here.
        return { state: { ...state, originS: event.currentTime, lastProgressAt: event.at }, effects: [] };
      }
      const mediaS = state.baseS + Math.max(0, event.currentTime - state.originS);
      if (mediaS <= state.mediaS) return { state, effects: [] };
      const effects: LiveEffect[] = [];
      if (state.outageSince !== null)
        effects.push({ type: 'signal', signal: { kind: 'resumed', mediaS: state.mediaS } });
      effects.push({ type: 'signal', signal: { kind: 'timeupdate', mediaS } });
      return {
        state: { ...state, phase: 'playing', failures: 0, outageSince: null, lastProgressAt: event.at, mediaS },
        effects,
      };
    }
    case 'error':
      if (stale || !live) return { state, effects: [] };
      return fail(state, event.at, event.kind === 'media' ? 'media_error' : 'network');
    case 'ended':
      if (stale || !live) return { state, effects: [] };
      return fail(state, event.at, 'end_of_stream');
    case 'tick':
      if (live && event.at - state.lastProgressAt >= WATCHDOG_MS) return fail(state, event.at, 'no_progress');
      if (state.phase === 'waiting' && state.retryAt !== null && event.at >= state.retryAt)
        return create(state, event.at);
      return { state, effects: [] };
    case 'sourceUp':
      if (state.phase !== 'waiting') return { state, effects: [] };
      return create(state, event.at);
  }
}
