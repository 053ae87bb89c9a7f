// One row of the playback log (ledger.db playback_log): a discrete player signal as the
// station saw it, with its source, the media time and the station's clocks. Written for every
// signal but the once-a-second timeupdate, and for the stop the station makes itself when
// what a session plays is taken off the screen (paused or moved on by the organiser, the
// class closed, another item started) while it was playing.
import type { Classroom, Player } from './classroom.ts';
import type { PlayerSignal } from './playback-tracker.ts';
import { prepared } from '../storage/sql.ts';

/** The log's words for a signal: its kind, and the rate or the stall's reason after a space. */
export function logText(signal: Pick<PlayerSignal, 'kind'> & { rate?: number; reason?: string }): string {
  if (signal.kind === 'ratechange') return `ratechange ${signal.rate}`;
  if (signal.kind === 'stalled') return `stalled ${signal.reason ?? 'buffering'}`;
  return signal.kind;
}

export function logPlayback(
  classroom: Classroom,
  sessionId: string,
  source: Player['source'],
  text: string,
  mediaS: number | null,
  monoMs: number,
): void {
  const clock = classroom.ledger.clock;
  prepared(
    classroom.db,
    'INSERT INTO playback_log (session_id, source_id, source_kind, signal, media_s, mono_ms, boot_id, wall_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    sessionId,
    source.lessonId ?? source.channelId,
    source.lessonId !== null ? 'lesson' : 'live',
    text,
    mediaS,
    monoMs,
    clock.bootId,
    clock.wallTime(),
  );
}
