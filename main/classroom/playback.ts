// Playback of a session's lecture: the player's signals go through a PlaybackTracker, the
// segments it completes become playback.segment events, and the discrete signals (not the
// four-a-second timeupdates) are kept in the playback log as the evidence behind them.
import { createPlaybackTracker, type PlaybackTrackerOptions, type PlayerSignal } from './playback-tracker.ts';
import { record, stopPlayback, type Classroom } from './classroom.ts';
import { Refused } from '../runtime/refusal.ts';
import { prepared } from '../storage/sql.ts';
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
  if (signal.kind !== 'timeupdate') {
    const clock = classroom.ledger.clock;
    prepared(
      classroom.db,
      'INSERT INTO playback_log (session_id, source_id, source_kind, signal, media_s, mono_ms, boot_id, wall_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      sessionId,
      player.source.lessonId ?? player.source.channelId,
      player.source.lessonId !== null ? 'lesson' : 'live',
      logText(signal),
      signal.mediaS,
      signal.monoMs,
      clock.bootId,
      clock.wallTime(),
    );
  }
  for (const segment of player.tracker.signal(signal))
    record(classroom, { type: 'playback.segment', payload: { sessionId, ...player.source, ...segment } });
}

/** The playback log's words for a signal: its kind, and the rate or the stall's reason after a space. */
function logText(signal: PlayerSignal): string {
  if (signal.kind === 'ratechange') return `ratechange ${signal.rate}`;
  if (signal.kind === 'stalled') return `stalled ${signal.reason ?? 'buffering'}`;
  return signal.kind;
}
