// The organiser.* channels: unlocking, today's classes, opening and closing, the live
// attendance list, manual check-ins and the report. organiser.unlock takes a tap of the
// organiser's card and their PIN (organiser-pin.ts), checked once under that organiser's
// own lockout (main/station/accounts.ts: a growing delay that survives a restart; one
// locked-out organiser locks out nobody else, and card taps for attendance never pass
// here); it opens an organiser session whose token every other organiser call carries
// (organiser-sessions.ts). No organiser call but unlock runs scrypt, and the domain
// functions it reaches check nothing again — they only take the name the session gives.
import type { ScheduleEntryView } from '../../preload/contract/channels.ts';
import { manualCheckIn, markEarlyLeave, undoCheckOut } from './attendance.ts';
import { classHistory, classesBetween } from './history.ts';
import type { Classroom, Organiser } from './classroom.ts';
import { organiserPinHash, rosterOrganiser } from './organiser-pin.ts';
import { createOrganiserSessions, type OrganiserSessions } from './organiser-sessions.ts';
import { closeClass, createClass, getSession, listSessions, openScheduledClass, scheduleOfDay } from './sessions.ts';
import type { Handlers } from '../runtime/router.ts';
import { attendanceView } from './attendance-view.ts';
import type { ClassroomHost } from './classroom-host.ts';
import { organiserAccount, type Accounts } from '../station/accounts.ts';
import { Refused } from '../runtime/refusal.ts';
import { classSheet, rangeSheet, reportFile, type ReportFile } from './report.ts';
import { readEnrollment } from '../station/identity.ts';

type OrganiserHandlers = Pick<
  Handlers,
  | 'classroom.status'
  | 'organiser.unlock'
  | 'organiser.lock'
  | 'organiser.schedule'
  | 'organiser.openScheduled'
  | 'organiser.createClass'
  | 'organiser.closeClass'
  | 'organiser.attendance'
  | 'organiser.manualCheckIn'
  | 'organiser.earlyLeave'
  | 'organiser.undoCheckOut'
  | 'organiser.report'
  | 'organiser.history'
  | 'organiser.rangeReport'
>;

const asAnswer = (file: ReportFile) => ({
  fileName: file.fileName,
  mimeType: file.mimeType,
  base64: file.data.toString('base64'),
});

const DAY_MS = 24 * 3600_000;

export type OrganiserDoor = {
  /** The station's PINs and lockouts (a technician's reset of an organiser's PIN lives there). */
  accounts: Accounts;
  /** The open organiser sessions; the classroom service owns them. */
  sessions?: OrganiserSessions;
};

export function createOrganiserHandlers(host: ClassroomHost, door: OrganiserDoor): OrganiserHandlers {
  const { accounts } = door;
  const sessions = door.sessions ?? createOrganiserSessions();
  /** The classroom and who acts, for a live organiser session; a refusal otherwise. */
  const asOrganiser = (token: string): { classroom: Classroom; organiser: Organiser } => {
    const { identity } = sessions.use(token);
    return { classroom: host.require(), organiser: { name: identity.name } };
  };

  return {
    'classroom.status': () => host.status(),

    'organiser.unlock': ({ tapId, pin }) => {
      const classroom = host.require();
      const tap = host.recentTap(tapId);
      if (!tap) throw new Refused('tap_expired', `Tap ${tapId} is unknown or older than two minutes`);
      const organiser = rosterOrganiser(classroom.catalog, tap.learner.id);
      if (!organiser) throw new Refused('not_organiser', `${tap.learner.id} is not an organiser of this site`);
      const hash = organiserPinHash(accounts, organiser);
      if (hash === null) throw new Refused('organiser_pin_not_set', `${organiser.learnerId} has no organiser PIN yet`);
      const { verdict } = accounts.check(organiserAccount(organiser.learnerId), hash, pin);
      if (verdict !== 'ok') throw new Refused(verdict, 'The organiser PIN was not accepted');
      const session = sessions.open({ kind: 'roster_organiser', learnerId: organiser.learnerId, name: organiser.name });
      return {
        unlocked: true as const,
        organiserSession: session.token,
        name: session.identity.name,
        idleTimeoutMs: sessions.idleMs,
      };
    },

    'organiser.lock': ({ organiserSession }) => {
      sessions.close(organiserSession);
      return { locked: true as const };
    },

    'organiser.schedule': ({ organiserSession }) => {
      const { classroom } = asOrganiser(organiserSession);
      const date = classroom.calendar.today();
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

    'organiser.openScheduled': ({ organiserSession, scheduleId }) => {
      const { classroom } = asOrganiser(organiserSession);
      const entry = scheduleOfDay(classroom, classroom.calendar.today()).find(
        (candidate) => candidate.id === scheduleId,
      );
      if (!entry) throw new Refused('no_such_schedule', `No class ${scheduleId} on today's schedule`);
      // It would close again at the next check (scheduled end plus grace).
      if (
        Date.parse(entry.endsAt) - classroom.ledger.hubOffsetMs() + classroom.graceMs <=
        classroom.ledger.clock.wallTime()
      )
        throw new Refused('schedule_ended', `The class ${scheduleId} is already over`);
      const session = openScheduledClass(classroom, entry);
      host.publishStatus();
      return session;
    },

    'organiser.createClass': ({ organiserSession, title, lessonIds, endsAt }) => {
      const { classroom } = asOrganiser(organiserSession);
      const session = createClass(classroom, { title, lessonIds, endsAt });
      host.publishStatus();
      return session;
    },

    'organiser.closeClass': ({ organiserSession, sessionId }) => {
      const { classroom } = asOrganiser(organiserSession);
      closeClass(classroom, sessionId);
      host.publishStatus();
      host.publishAttendance(sessionId);
      return getSession(classroom, sessionId);
    },

    'organiser.attendance': ({ organiserSession, sessionId }) => {
      const { classroom } = asOrganiser(organiserSession);
      return attendanceView(classroom, sessionId);
    },

    'organiser.manualCheckIn': ({ organiserSession, sessionId, learnerId, reason }) => {
      const { classroom, organiser } = asOrganiser(organiserSession);
      manualCheckIn(classroom, { sessionId, learnerId, reason }, organiser);
      host.publishAttendance(sessionId);
      return attendanceView(classroom, sessionId);
    },

    'organiser.earlyLeave': ({ organiserSession, sessionId, learnerId, reason }) => {
      const { classroom, organiser } = asOrganiser(organiserSession);
      markEarlyLeave(classroom, { sessionId, learnerId, reason }, organiser);
      host.publishAttendance(sessionId);
      return attendanceView(classroom, sessionId);
    },

    'organiser.undoCheckOut': ({ organiserSession, sessionId, learnerId, reason }) => {
      const { classroom, organiser } = asOrganiser(organiserSession);
      undoCheckOut(classroom, { sessionId, learnerId, reason }, organiser);
      host.publishAttendance(sessionId);
      return attendanceView(classroom, sessionId);
    },

    'organiser.report': async ({ organiserSession, sessionId, format, locale }) => {
      const { classroom, organiser } = asOrganiser(organiserSession);
      const clock = { offsetMinutes: classroom.calendar.timeZoneOffsetMinutes() };
      const view = attendanceView(classroom, sessionId);
      const author = { preparedBy: organiser.name, exportedAt: classroom.ledger.clock.wallTime() };
      const date = new Date(view.startsAt + clock.offsetMinutes * 60_000).toISOString().slice(0, 10);
      return asAnswer(
        await reportFile(classSheet(view, locale, clock, author), `${date} ${view.session.title}`, format),
      );
    },

    'organiser.history': ({ organiserSession, from, to }) => {
      const { classroom } = asOrganiser(organiserSession);
      return { from, to, entries: classHistory(classroom, { from, to }) };
    },

    'organiser.rangeReport': async ({ organiserSession, from, to, format, locale }) => {
      const { classroom, organiser } = asOrganiser(organiserSession);
      const clock = { offsetMinutes: classroom.calendar.timeZoneOffsetMinutes() };
      const views = classesBetween(classroom, { from, to })
        .reverse()
        .map((session) => attendanceView(classroom, session.sessionId));
      const author = { preparedBy: organiser.name, exportedAt: classroom.ledger.clock.wallTime() };
      const site = readEnrollment(classroom.db)?.siteName ?? null;
      const sheet = rangeSheet(views, { from, to, site }, locale, clock, author);
      return asAnswer(await reportFile(sheet, `${from}_${to}`, format));
    },
  };
}
