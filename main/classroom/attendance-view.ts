// The organiser's attendance list of one class: everyone on the roster as present, left or
// absent, who came late, who was checked in by hand, and the unknown cards tapped in it.
// The roster is the site's (the hub publishes no class lists), so "absent" means "on the
// roster and not here" — what an organiser reads off a paper list today.
import type { AttendanceView } from '../../preload/contract/channels.ts';
import { attendanceOf, pendingCards } from './attendance.ts';
import { learnerById, type Classroom } from './classroom.ts';
import { prepared } from '../storage/sql.ts';
import { getSession } from './sessions.ts';

/** A first check-in this long after the class's start counts as late. */
export const LATE_AFTER_MS = 10 * 60_000;

const STATUS_ORDER = { present: 0, left: 1, absent: 2 } as const;

/** When a class starts on the station clock: its scheduled start, or its opening. */
function classStart(classroom: Classroom, session: { scheduleId: string | null; openedAt: number }): number {
  if (session.scheduleId === null) return session.openedAt;
  const row = prepared(classroom.catalog, 'SELECT starts_at FROM schedule WHERE id = ?').get(session.scheduleId) as
    { starts_at: string } | undefined;
  const hubStart = row ? Date.parse(row.starts_at) : Number.NaN;
  return Number.isFinite(hubStart) ? hubStart - classroom.ledger.hubOffsetMs() : session.openedAt;
}

export function attendanceView(classroom: Classroom, sessionId: string): AttendanceView {
  const session = getSession(classroom, sessionId);
  const startsAt = classStart(classroom, session);
  const roster = prepared(classroom.catalog, 'SELECT id, name, unit FROM learners ORDER BY id').all() as {
    id: string;
    name: string;
    unit: string;
  }[];
  const attended = attendanceOf(classroom, sessionId);
  const seen = new Set(attended.map((row) => row.learnerId));
  const rows: AttendanceView['rows'] = [
    ...attended.map((row) => ({
      learnerId: row.learnerId,
      // Someone dropped from the roster since keeps their row, under their id.
      name: row.learner?.name ?? row.learnerId,
      unit: row.learner?.unit ?? '',
      status: row.present ? ('present' as const) : ('left' as const),
      late: row.firstInWall > startsAt + LATE_AFTER_MS,
      manual: row.manual,
      firstInAt: row.firstInWall,
      lastAt: row.lastWall,
    })),
    ...roster
      .filter((learner) => !seen.has(learner.id))
      .map((learner) => ({
        learnerId: learner.id,
        name: learner.name,
        unit: learner.unit,
        status: 'absent' as const,
        late: false,
        manual: false,
        firstInAt: null,
        lastAt: null,
      })),
  ];
  rows.sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.firstInAt ?? 0) - (b.firstInAt ?? 0) ||
      a.learnerId.localeCompare(b.learnerId),
  );
  const count = (status: keyof typeof STATUS_ORDER) => rows.filter((row) => row.status === status).length;
  return {
    session,
    startsAt,
    counts: {
      present: count('present'),
      left: count('left'),
      absent: count('absent'),
      late: rows.filter((row) => row.late).length,
      roster: roster.length,
    },
    rows,
    pending: pendingCards(classroom, sessionId).map((card) => ({
      id: card.id,
      masked: card.masked,
      at: card.wallTime,
      resolvedName: card.resolvedLearnerId
        ? (learnerById(classroom, card.resolvedLearnerId)?.name ?? card.resolvedLearnerId)
        : null,
    })),
  };
}
