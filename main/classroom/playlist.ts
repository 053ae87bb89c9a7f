// A class's playlist in ledger.db (migration 004), moved by playlist-rules.ts: read (a class
// that never touched its playlist has its plan's lessons), changed by the organiser, advanced
// by the projector's player when a lesson ends. When the item on the projector changes or
// stops, what it played is recorded up to its last position at once (stopPlayback), so a
// late signal of the previous item can never count for the next. One class is on air at a
// time: starting one pauses any other.
import crypto from 'node:crypto';
import { stopPlayback, type Classroom } from './classroom.ts';
import {
  afterEnded,
  applyControl,
  applyEdit,
  currentItem,
  EMPTY_PLAYLIST,
  type Playlist,
  type PlaylistControl,
  type PlaylistEdit,
  type PlaylistItem,
} from './playlist-rules.ts';
import { getSession } from './sessions.ts';
import { PLAYLIST_MAX_ITEMS } from '../../preload/contract/channels/player.ts';
import { Refused } from '../runtime/refusal.ts';
import { prepared } from '../storage/sql.ts';

type PlaylistRow = { items: string; current: number; state: Playlist['state']; position_s: number };

const newKey = () => crypto.randomBytes(6).toString('hex');

function planLessons(classroom: Classroom, sessionId: string): string[] {
  const json = prepared(classroom.db, 'SELECT lesson_ids FROM session_plans WHERE session_id = ?', { pluck: true }).get(
    sessionId,
  ) as string | undefined;
  return json ? (JSON.parse(json) as string[]) : [];
}

/** The session's playlist; a class that never touched it has its plan's lessons, not started. */
export function readPlaylist(classroom: Classroom, sessionId: string): Playlist {
  const row = prepared(
    classroom.db,
    'SELECT items, current, state, position_s FROM playlists WHERE session_id = ?',
  ).get(sessionId) as PlaylistRow | undefined;
  if (row)
    return {
      items: JSON.parse(row.items) as PlaylistItem[],
      current: row.current,
      state: row.state,
      positionS: row.position_s,
    };
  // Keys from the plan's order, so an untouched playlist reads the same every time.
  const items = planLessons(classroom, sessionId).map((id, index): PlaylistItem => ({
    key: `plan-${index}-${id}`.slice(0, 128),
    kind: 'lesson',
    id,
  }));
  return { ...EMPTY_PLAYLIST, items };
}

/** Stores the playlist, and keeps the plan's lessons (what the class is about) in its order. */
function writePlaylist(classroom: Classroom, sessionId: string, playlist: Playlist): void {
  const now = classroom.ledger.clock.wallTime();
  classroom.db
    .transaction(() => {
      prepared(
        classroom.db,
        `INSERT INTO playlists (session_id, items, current, state, position_s, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_id) DO UPDATE SET items = excluded.items, current = excluded.current,
           state = excluded.state, position_s = excluded.position_s, updated_at = excluded.updated_at`,
      ).run(sessionId, JSON.stringify(playlist.items), playlist.current, playlist.state, playlist.positionS, now);
      prepared(classroom.db, 'UPDATE session_plans SET lesson_ids = ? WHERE session_id = ?').run(
        JSON.stringify(playlist.items.filter((item) => item.kind === 'lesson').map((item) => item.id)),
        sessionId,
      );
    })
    .immediate();
}

/** The open class whose playlist the projector follows: the one last started, playing or paused. */
export function onAirSession(classroom: Classroom): string | null {
  return (
    (prepared(
      classroom.db,
      `SELECT p.session_id FROM playlists p
       WHERE p.state IN ('playing', 'paused')
         AND NOT EXISTS (SELECT 1 FROM events c WHERE c.type = 'session.closed' AND c.session_id = p.session_id)
       ORDER BY p.updated_at DESC, p.rowid DESC LIMIT 1`,
      { pluck: true },
    ).get() as string | undefined) ?? null
  );
}

function requireOpen(classroom: Classroom, sessionId: string): void {
  if (getSession(classroom, sessionId).status === 'closed')
    throw new Refused('session_closed', `Session ${sessionId} is closed`);
}

/** Records what the session's projector played when the item on it is no longer what plays. */
function settle(classroom: Classroom, sessionId: string, before: Playlist, after: Playlist): void {
  const was = currentItem(before);
  const is = currentItem(after);
  if (before.state === 'playing' && (after.state !== 'playing' || was?.key !== is?.key))
    stopPlayback(classroom, sessionId);
}

export function controlPlaylist(
  classroom: Classroom,
  sessionId: string,
  action: PlaylistControl,
  itemKey?: string,
): Playlist {
  requireOpen(classroom, sessionId);
  const before = readPlaylist(classroom, sessionId);
  const after = applyControl(before, action, itemKey);
  if (after.state === 'playing') {
    // One projector: another class on air pauses.
    const other = onAirSession(classroom);
    if (other && other !== sessionId) pauseOnAir(classroom, other);
  }
  settle(classroom, sessionId, before, after);
  writePlaylist(classroom, sessionId, after);
  return after;
}

function pauseOnAir(classroom: Classroom, sessionId: string): void {
  const playlist = readPlaylist(classroom, sessionId);
  const paused = applyControl(playlist, 'pause');
  settle(classroom, sessionId, playlist, paused);
  writePlaylist(classroom, sessionId, paused);
}

export type ItemCheck = { lesson(id: string): boolean; channel(id: string): boolean };

export function editPlaylist(classroom: Classroom, sessionId: string, edit: PlaylistEdit, known: ItemCheck): Playlist {
  requireOpen(classroom, sessionId);
  if (edit.action === 'addLesson' && !known.lesson(edit.lessonId))
    throw new Refused('no_such_lesson', `No lesson ${edit.lessonId} with a recording in the library`);
  if (edit.action === 'addLive' && !known.channel(edit.channelId))
    throw new Refused('no_such_channel', `No live channel ${edit.channelId}`);
  const after = applyEdit(readPlaylist(classroom, sessionId), edit, newKey(), PLAYLIST_MAX_ITEMS);
  writePlaylist(classroom, sessionId, after);
  return after;
}

/** The projector's lesson `itemKey` ended: the next item follows. True when the playlist moved. */
export function endedOnProjector(classroom: Classroom, sessionId: string, itemKey: string): boolean {
  const before = readPlaylist(classroom, sessionId);
  const after = afterEnded(before, itemKey);
  if (!after) return false;
  settle(classroom, sessionId, before, after);
  writePlaylist(classroom, sessionId, after);
  return true;
}

/** Where the lesson on the projector stands, so a new projector window or a restart resumes there. */
export function notePosition(classroom: Classroom, sessionId: string, itemKey: string, positionS: number): void {
  const playlist = readPlaylist(classroom, sessionId);
  if (currentItem(playlist)?.key !== itemKey) return;
  prepared(classroom.db, 'UPDATE playlists SET position_s = ? WHERE session_id = ?').run(positionS, sessionId);
}
