// The organiser's attendance list of one class: everyone on the roster as present, left
// (by their card, or early by the organiser's word) or absent — and once the class is closed,
// those who stayed to its end — who came late, who was checked in by hand, the unknown cards
// tapped in it, and the hours: minutes played so far, and each learner's present and credited
// minutes and provisional hours, live while the class is open (hours.ts liveSessionHours).
// The roster is the site's (the hub publishes no class lists), so "absent" means "on the
// roster and not here" — what an organiser reads off a paper list today.
import type { AttendanceView } from '../../preload/contract/channels.ts';
import { attendanceOf, pendingCards, type AttendanceRow } from './attendance.ts';
import { learnerById, type Classroom } from './classroom.ts';
import { liveSessionHours } from './hours.ts';
import { prepared } from '../storage/sql.ts';
import { readEnrollment } from '../station/identity.ts';
import { getSession, type SessionSummary } from './sessions.ts';

/** A first check-in this long after the class's start counts as late. */
export const LATE_AFTER_MS = 10 * 60_000;

const STATUS_ORDER = { present: 0, stayed: 0, left: 1, left_early: 1, absent: 2 } as const;

function statusOf(row: AttendanceRow, session: SessionSummary): AttendanceView['rows'][number]['status'] {
  if (row.present) return session.status === 'closed' ? 'stayed' : 'present';
  return row.earlyLeave !== null ? 'left_early' : 'left';
}

/** When the lecture last played (station clock), for the "nothing has played" warning: now while it plays. */
function lastPlayedAt(classroom: Classroom, sessionId: string): number | null {
  if (classroom.players.get(sessionId)?.tracker.running()) return classroom.ledger.clock.wallTime();
  return (
    (prepared(classroom.db, "SELECT MAX(wall_time) FROM events WHERE session_id = ? AND type = 'playback.segment'", {
      pluck: true,
    }).get(sessionId) as number | null) ?? null
  );
}

/** When a class starts on the station clock (its scheduled start, or its opening), and its scheduled organiser. */
function classPlan(
  classroom: Classroom,
  session: { scheduleId: string | null; openedAt: number },
): { startsAt: number; organiser: string | null } {
  if (session.scheduleId === null) return { startsAt: session.openedAt, organiser: null };
  const row = prepared(classroom.catalog, 'SELECT starts_at, organiser FROM schedule WHERE id = ?').get(
    session.scheduleId,
  ) as { starts_at: string; organiser: string } | undefined;
  const hubStart = row ? Date.parse(row.starts_at) : Number.NaN;
  return {
    startsAt: Number.isFinite(hubStart) ? hubStart - classroom.ledger.hubOffsetMs() : session.openedAt,
    organiser: row?.organiser ?? null,
  };
}

export function attendanceView(classroom: Classroom, sessionId: string): AttendanceView {
  const session = getSession(classroom, sessionId);
  const { startsAt, organiser } = classPlan(classroom, session);
  const roster = prepared(classroom.catalog, 'SELECT id, name, unit FROM learners ORDER BY id').all() as {
    id: string;
    name: string;
    unit: string;
  }[];
  const attended = attendanceOf(classroom, sessionId);
  const seen = new Set(attended.map((row) => row.learnerId));
  const live = liveSessionHours(classroom, sessionId, classroom.rules());
  const hoursOf = new Map(live.entries.map((entry) => [entry.learnerId, entry]));
  const rows: AttendanceView['rows'] = [
    ...attended.map((row) => ({
      learnerId: row.learnerId,
      // Someone dropped from the roster since keeps their row, under their id.
      name: row.learner?.name ?? row.learnerId,
      unit: row.learner?.unit ?? '',
      status: statusOf(row, session),
      late: row.firstInWall > startsAt + LATE_AFTER_MS,
      manual: row.manual,
      earlyLeaveReason: row.earlyLeave,
      firstInAt: row.firstInWall,
      outAt: row.outWall,
      lastAt: row.lastWall,
      presentMinutes: hoursOf.get(row.learnerId)?.presentMinutes ?? 0,
      creditedMinutes: hoursOf.get(row.learnerId)?.creditedMinutes ?? 0,
      hours: hoursOf.get(row.learnerId)?.hours ?? 0,
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
        earlyLeaveReason: null,
        firstInAt: null,
        outAt: null,
        lastAt: null,
        presentMinutes: 0,
        creditedMinutes: 0,
        hours: 0,
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
    organiser,
    site: readEnrollment(classroom.db)?.siteName ?? null,
    asOf: classroom.ledger.clock.wallTime(),
    playedMinutes: live.playedMinutes,
    lastPlayedAt: lastPlayedAt(classroom, sessionId),
    counts: {
      present: count('present') + count('stayed'),
      left: count('left') + count('left_early'),
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
