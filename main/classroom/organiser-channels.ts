// The organiser.* channels: the PIN, today's classes, opening and closing, the live
// attendance list, manual check-ins and the report. Every call names the organiser and
// carries the PIN, checked through the pin guard before the domain sees it; the domain
// checks it again (it guards its own functions), which costs one more scrypt per action.
import { localDate } from '../../protocol/hour-rules.ts';
import type { ScheduleEntryView } from '../../preload/contract/channels.ts';
import { manualCheckIn } from './attendance.ts';
import type { Classroom, Organiser } from './classroom.ts';
import { hasOrganiserPin, setOrganiserPin } from './organiser-pin.ts';
import { closeClass, createClass, getSession, listSessions, openScheduledClass, scheduleOfDay } from './sessions.ts';
import type { Handlers } from '../runtime/router.ts';
import { attendanceView } from './attendance-view.ts';
import type { ClassroomHost } from './classroom-host.ts';
import { createPinGuard, type PinGuard } from './pin-guard.ts';
import { Refused } from '../runtime/refusal.ts';
import { reportFile } from './report.ts';

type OrganiserHandlers = Pick<
  Handlers,
  | 'classroom.status'
  | 'organiser.setPin'
  | 'organiser.unlock'
  | 'organiser.schedule'
  | 'organiser.openScheduled'
  | 'organiser.createClass'
  | 'organiser.closeClass'
  | 'organiser.attendance'
  | 'organiser.manualCheckIn'
  | 'organiser.report'
>;

const DAY_MS = 24 * 3600_000;

export function createOrganiserHandlers(host: ClassroomHost, guard: PinGuard = createPinGuard()): OrganiserHandlers {
  /** The classroom when the PIN is right; a refusal otherwise. Writes need the ledger. */
  const asOrganiser = (organiser: Organiser): Classroom => {
    const classroom = host.require();
    const verdict = guard.check(classroom.db, organiser.pin);
    if (verdict !== 'ok') throw new Refused(verdict, 'The organiser PIN was not accepted');
    return classroom;
  };
  const today = (classroom: Classroom) => {
    const rules = host.rules();
    return localDate(classroom.ledger.clock.wallTime() + classroom.ledger.hubOffsetMs(), rules.timeZoneOffsetMinutes);
  };

  return {
    'classroom.status': () => host.status(),

    'organiser.setPin': ({ pin, currentPin }) => {
      const classroom = host.require();
      if (hasOrganiserPin(classroom.db)) {
        const verdict = currentPin === undefined ? 'pin_wrong' : guard.check(classroom.db, currentPin);
        if (verdict !== 'ok') throw new Refused(verdict, 'The current organiser PIN was not accepted');
      }
      setOrganiserPin(classroom.db, pin, classroom.ledger.clock.wallTime());
      host.publishStatus();
      return { pinSet: true as const };
    },

    'organiser.unlock': ({ pin }) => {
      const verdict = guard.check(host.require().db, pin);
      if (verdict !== 'ok') throw new Refused(verdict, 'The organiser PIN was not accepted');
      return { unlocked: true as const };
    },

    'organiser.schedule': ({ organiser }) => {
      const classroom = asOrganiser(organiser);
      const date = today(classroom);
      const offset = classroom.ledger.hubOffsetMs();
      const now = classroom.ledger.clock.wallTime();
      // Sessions of the last day: today's classes, opened or closed, including ad-hoc ones.
      const sessions = listSessions(classroom, { sinceWall: now - DAY_MS }).filter(
        (session) => session.mode === 'class',
      );
      const entries: ScheduleEntryView[] = scheduleOfDay(classroom, date).map((entry) => {
        const endsAt = Date.parse(entry.endsAt) - offset;
        return {
          id: entry.id,
          title: entry.title,
          organiser: entry.organiser,
          startsAt: Date.parse(entry.startsAt) - offset,
          endsAt,
          lessonIds: entry.lessonIds,
          session: sessions.filter((session) => session.scheduleId === entry.id).at(-1) ?? null,
          ended: endsAt <= now,
        };
      });
      return { date, entries, sessions: sessions.reverse() };
    },

    'organiser.openScheduled': ({ organiser, scheduleId }) => {
      const classroom = asOrganiser(organiser);
      const entry = scheduleOfDay(classroom, today(classroom)).find((candidate) => candidate.id === scheduleId);
      if (!entry) throw new Refused('no_such_schedule', `No class ${scheduleId} on today's schedule`);
      // It would close again at the next check (scheduled end plus grace).
      if (
        Date.parse(entry.endsAt) - classroom.ledger.hubOffsetMs() + classroom.graceMs <=
        classroom.ledger.clock.wallTime()
      )
        throw new Refused('schedule_ended', `The class ${scheduleId} is already over`);
      const session = openScheduledClass(classroom, entry, organiser);
      host.publishStatus();
      return session;
    },

    'organiser.createClass': ({ organiser, title, lessonIds, endsAt }) => {
      const classroom = asOrganiser(organiser);
      const session = createClass(classroom, { title, lessonIds, endsAt }, organiser);
      host.publishStatus();
      return session;
    },

    'organiser.closeClass': ({ organiser, sessionId }) => {
      const classroom = asOrganiser(organiser);
      closeClass(classroom, sessionId, organiser);
      host.publishStatus();
      host.publishAttendance(sessionId);
      return getSession(classroom, sessionId);
    },

    'organiser.attendance': ({ organiser, sessionId }) => {
      const classroom = asOrganiser(organiser);
      return attendanceView(classroom, sessionId);
    },

    'organiser.manualCheckIn': ({ organiser, sessionId, learnerId, reason }) => {
      const classroom = asOrganiser(organiser);
      manualCheckIn(classroom, { sessionId, learnerId, reason }, organiser);
      host.publishAttendance(sessionId);
      return attendanceView(classroom, sessionId);
    },

    'organiser.report': ({ organiser, sessionId, format, locale }) => {
      const classroom = asOrganiser(organiser);
      const file = reportFile(attendanceView(classroom, sessionId), format, locale, host.rules().timeZoneOffsetMinutes);
      return { fileName: file.fileName, mimeType: file.mimeType, base64: file.data.toString('base64') };
    },
  };
}
