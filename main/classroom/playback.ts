// Playback of a session's lecture: the player's signals go through a PlaybackTracker, the
// segments it completes become playback.segment events, and the discrete signals (not the
// four-a-second timeupdates) are kept in the playback log as the evidence behind them.
import { createPlaybackTracker, type PlaybackTrackerOptions, type PlayerSignal } from './playback-tracker.ts';
import { record, stopPlayback, type Classroom } from './classroom.ts';
import { Refused } from '../runtime/refusal.ts';
import { logPlayback, logText } from './playback-rows.ts';
import { getSession } from './sessions.ts';

export type PlaybackSource = { lessonId: string } | { channelId: string };

/** Starts (or switches) what a session plays. A previous player of the session is stopped first. */
export function startPlayback(
  classroom: Classroom,
  sessionId: string,
  source: PlaybackSource,
  options: PlaybackTrackerOptions = {},
): void {
  if (getSession(classroom, sessionId).status === 'closed')
    throw new Refused('session_closed', `Session ${sessionId} is closed`);
  stopPlayback(classroom, sessionId);
  classroom.players.set(sessionId, {
    tracker: createPlaybackTracker(options),
    source:
      'lessonId' in source
        ? { lessonId: source.lessonId, channelId: null }
        : { lessonId: null, channelId: source.channelId },
  });
}

/** One signal from the session's player (monotonic time from the same clock as the ledger's). */
export function playerSignal(classroom: Classroom, sessionId: string, signal: PlayerSignal): void {
  const player = classroom.players.get(sessionId);
  if (!player) throw new Refused('no_such_session', `Session ${sessionId} is not playing anything`);
  if (signal.kind !== 'timeupdate')
    logPlayback(classroom, sessionId, player.source, logText(signal), signal.mediaS, signal.monoMs);
  for (const segment of player.tracker.signal(signal))
    record(classroom, { type: 'playback.segment', payload: { sessionId, ...player.source, ...segment } });
}
