// Past classes over a period of calendar days in the rule set's time zone (hub time): the
// organiser's history and the period's report. A class belongs to the day it opened on, as
// its hours do (protocol/hour-rules.ts).
import type { HistoryEntry } from '../../preload/contract/channels.ts';
import type { Classroom } from './classroom.ts';
import { liveSessionHours } from './hours.ts';
import { listSessions, type SessionSummary } from './sessions.ts';

const DAY_MS = 86_400_000;

/** The classes opened from `from` to `to` (YYYY-MM-DD, both included), newest first. */
export function classesBetween(classroom: Classroom, range: { from: string; to: string }): SessionSummary[] {
  const zone = classroom.calendar.timeZoneOffsetMinutes();
  const hubOffset = classroom.ledger.hubOffsetMs();
  // A day earlier on the station clock is enough slack for any zone and offset; the exact
  // day is then read per session.
  const since = Date.parse(`${range.from}T00:00:00Z`) - zone * 60_000 - hubOffset - DAY_MS;
  return listSessions(classroom, { sinceWall: since })
    .filter((session) => session.mode === 'class')
    .filter((session) => {
      const date = classroom.calendar.today(session.openedAt);
      return date >= range.from && date <= range.to;
    })
    .reverse();
}

export function classHistory(classroom: Classroom, range: { from: string; to: string }): HistoryEntry[] {
  const rules = classroom.rules();
  return classesBetween(classroom, range).map((session) => {
    const live = liveSessionHours(classroom, session.sessionId, rules);
    return {
      session,
      date: classroom.calendar.today(session.openedAt),
      attended: live.entries.length,
      playedMinutes: live.playedMinutes,
      hours: live.entries.reduce((sum, entry) => sum + entry.hours, 0),
    };
  });
}
