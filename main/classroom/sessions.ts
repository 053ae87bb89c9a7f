// Class sessions: opened from today's schedule or created at the station by an organiser,
// open (learners check in) → in progress (the lecture has started playing) → closed, by an
// organiser or by itself at the scheduled end plus a grace period. The opening and closing
// are ledger events; the playlist and the closing time are the session's plan
// (session_plans), and "in progress" is read from the playback log.
import type { ScheduleEntry } from '../../protocol/wire.ts';
import { uuidv7 } from '../../protocol/uuidv7.ts';
import { record, stopPlayback, type Classroom } from './classroom.ts';
import { Refused } from '../runtime/refusal.ts';
import { prepared } from '../storage/sql.ts';

export type SessionStatus = 'open' | 'in_progress' | 'closed';

export type SessionSummary = {
  sessionId: string;
  mode: 'class' | 'self_study';
  scheduleId: string | null;
  title: string;
  status: SessionStatus;
  /** Unix ms, station clock. */
  openedAt: number;
  /** When it closes by itself (station clock), or null. */
  closesAt: number | null;
  /** When it was closed (station clock), or null while open. */
  closedAt: number | null;
  lessonIds: string[];
};

type SessionRow = {
  session_id: string;
  payload: string;
  wall_time: number;
  closed: number | null;
  started: number;
  lesson_ids: string | null;
  closes_at: number | null;
};

const SESSIONS = `
  SELECT o.session_id, o.payload, o.wall_time,
    (SELECT c.wall_time FROM events c WHERE c.session_id = o.session_id AND c.type = 'session.closed') AS closed,
    EXISTS (SELECT 1 FROM playback_log l WHERE l.session_id = o.session_id AND l.signal = 'play') AS started,
    p.lesson_ids, p.closes_at
  FROM events o LEFT JOIN session_plans p ON p.session_id = o.session_id
  WHERE o.type = 'session.opened'`;

function toSummary(row: SessionRow): SessionSummary {
  const payload = JSON.parse(row.payload) as { mode: 'class' | 'self_study'; scheduleId: string | null; title: string };
  return {
    sessionId: row.session_id,
    mode: payload.mode,
    scheduleId: payload.scheduleId,
    title: payload.title,
    status: row.closed !== null ? 'closed' : row.started ? 'in_progress' : 'open',
    openedAt: row.wall_time,
    closesAt: row.closes_at,
    closedAt: row.closed,
    lessonIds: row.lesson_ids ? (JSON.parse(row.lesson_ids) as string[]) : [],
  };
}

/** Sessions still open (or all since `sinceWall`, closed ones included), oldest first. */
export function listSessions(
  classroom: Classroom,
  filter: { openOnly: true } | { sinceWall: number },
): SessionSummary[] {
  // Open sessions are few however long the history: the closed ones are left out in SQL
  // (an index probe each), not parsed and dropped, so a tap costs the same in a year's time.
  const rows = (
    'openOnly' in filter
      ? prepared(
          classroom.db,
          `${SESSIONS} AND NOT EXISTS (SELECT 1 FROM events c WHERE c.type = 'session.closed' AND c.session_id = o.session_id) ORDER BY o.seq`,
        ).all()
      : prepared(classroom.db, `${SESSIONS} AND o.wall_time >= ? ORDER BY o.seq`).all(filter.sinceWall)
  ) as SessionRow[];
  return rows.map(toSummary);
}

export function getSession(classroom: Classroom, sessionId: string): SessionSummary {
  const row = prepared(classroom.db, `${SESSIONS} AND o.session_id = ?`).get(sessionId) as SessionRow | undefined;
  if (!row) throw new Refused('no_such_session', `No session ${sessionId}`);
  return toSummary(row);
}

/** The class learners tap into now: the most recently opened class still open. */
export function currentClass(classroom: Classroom): SessionSummary | null {
  return (
    listSessions(classroom, { openOnly: true })
      .filter((session) => session.mode === 'class')
      .at(-1) ?? null
  );
}

/** The schedule of a day (YYYY-MM-DD, China time as the hub publishes it) from catalog.db. */
export function scheduleOfDay(classroom: Classroom, date: string): ScheduleEntry[] {
  const rows = prepared(
    classroom.catalog,
    'SELECT id, title, date, starts_at, ends_at, organiser, lesson_ids FROM schedule WHERE date = ? ORDER BY starts_at',
  ).all(date) as {
    id: string;
    title: string;
    date: string;
    starts_at: string;
    ends_at: string;
    organiser: string;
    lesson_ids: string;
  }[];
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    date: row.date,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    organiser: row.organiser,
    lessonIds: JSON.parse(row.lesson_ids) as string[],
  }));
}

function open(
  classroom: Classroom,
  input: { scheduleId: string | null; title: string; lessonIds: string[]; closesAt: number | null },
): SessionSummary {
  const sessionId = uuidv7(classroom.ledger.clock.wallTime());
  // One transaction: a session never exists without its plan (the closing time), nor the reverse.
  classroom.db
    .transaction(() => {
      prepared(classroom.db, 'INSERT INTO session_plans (session_id, lesson_ids, closes_at) VALUES (?, ?, ?)').run(
        sessionId,
        JSON.stringify(input.lessonIds),
        input.closesAt,
      );
      record(classroom, {
        type: 'session.opened',
        payload: { sessionId, mode: 'class', scheduleId: input.scheduleId, title: input.title },
      });
    })
    .immediate();
  return getSession(classroom, sessionId);
}

/**
 * Opens a scheduled class (an entry of scheduleOfDay) or, when `scheduleId` is already open,
 * returns that session. The schedule's times are hub time; the automatic close is computed
 * on the station clock with the current hub offset.
 */
export function openScheduledClass(classroom: Classroom, entry: ScheduleEntry): SessionSummary {
  const already = listSessions(classroom, { openOnly: true }).find((session) => session.scheduleId === entry.id);
  if (already) return already;
  const endsAt = Date.parse(entry.endsAt);
  if (!Number.isFinite(endsAt))
    throw new Refused('no_such_schedule', `Schedule entry ${entry.id} has no valid end time`);
  return open(classroom, {
    scheduleId: entry.id,
    title: entry.title,
    lessonIds: entry.lessonIds,
    closesAt: endsAt - classroom.ledger.hubOffsetMs() + classroom.graceMs,
  });
}

/** A class the organiser creates at the station; `endsAt` (station clock) or null to close by hand. */
export function createClass(
  classroom: Classroom,
  input: { title: string; lessonIds: string[]; endsAt: number | null },
): SessionSummary {
  return open(classroom, {
    scheduleId: null,
    title: input.title,
    lessonIds: input.lessonIds,
    closesAt: input.endsAt === null ? null : input.endsAt + classroom.graceMs,
  });
}

/** The organiser picks what the class plays next. */
export function setPlaylist(classroom: Classroom, sessionId: string, lessonIds: string[]): void {
  if (getSession(classroom, sessionId).status === 'closed')
    throw new Refused('session_closed', `Session ${sessionId} is closed`);
  prepared(classroom.db, 'UPDATE session_plans SET lesson_ids = ? WHERE session_id = ?').run(
    JSON.stringify(lessonIds),
    sessionId,
  );
}

/**
 * Ends a session: what is still playing is recorded up to now, then the session is closed.
 * Learners still checked in are not checked out: their presence ends at the session's last
 * event (the hours engine's rule for a missing check-out), which is what happened.
 */
export function endSession(classroom: Classroom, sessionId: string): void {
  stopPlayback(classroom, sessionId);
  classroom.selfStudy.delete(sessionId);
  record(classroom, { type: 'session.closed', payload: { sessionId } });
  classroom.onSessionClosed?.(sessionId);
}

export function closeClass(classroom: Classroom, sessionId: string): void {
  if (getSession(classroom, sessionId).status === 'closed')
    throw new Refused('session_closed', `Session ${sessionId} is already closed`);
  endSession(classroom, sessionId);
}

/**
 * Run on a timer and at start: closes every class past its closing time, and every
 * self-study session nobody is running any more (left open by a crash or a restart).
 * Returns the ids it closed.
 */
export function closeDueSessions(classroom: Classroom): string[] {
  const now = classroom.ledger.clock.wallTime();
  const due = listSessions(classroom, { openOnly: true }).filter((session) =>
    session.mode === 'class'
      ? session.closesAt !== null && session.closesAt <= now
      : !classroom.selfStudy.has(session.sessionId),
  );
  for (const session of due) endSession(classroom, session.sessionId);
  return due.map((session) => session.sessionId);
}
