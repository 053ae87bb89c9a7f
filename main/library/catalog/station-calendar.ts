// The station's one notion of "today" and "what time of day": the rule set's time zone
// (timeZoneOffsetMinutes of the rule set in force, China time by default) applied to
// hub-corrected time (the station clock plus the hub link's measured offset). The hub
// publishes schedules and rules in that zone and counts hours by it, so a station whose OS
// is set to another zone, or whose clock is off, still opens today's classes, queues and
// protects today's lessons and keeps its download window on the hub's day. Nothing else in
// the station reads the OS time zone or the raw UTC date.
import type Database from 'better-sqlite3';
import { localDate, type RuleSet } from '../../../protocol/hour-rules.ts';
import { currentRuleSet } from './rule-sets.ts';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

export interface StationCalendar {
  /** The rule set's zone: minutes east of UTC. */
  timeZoneOffsetMinutes(): number;
  /** Hub-corrected time for a station-clock instant (now by default), Unix ms. */
  hubTime(stationMs?: number): number;
  /** YYYY-MM-DD of a station-clock instant (now by default) in the rule set's zone, hub time. */
  today(stationMs?: number): string;
  /** The minute of the day (0–1439) of a station-clock instant (now by default), same zone and time. */
  minuteOfDay(stationMs?: number): number;
}

export type StationCalendarOptions = {
  /** The rule set in force (only its time zone is read). */
  rules: () => Pick<RuleSet, 'timeZoneOffsetMinutes'>;
  /** hub time − station clock: the hub link's latest measurement. */
  hubOffsetMs: () => number;
  /** The station clock, Unix ms; Date.now by default. */
  wallTime?: () => number;
};

export function createStationCalendar(options: StationCalendarOptions): StationCalendar {
  const wallTime = options.wallTime ?? Date.now;
  const zone = () => options.rules().timeZoneOffsetMinutes;
  const hubTime = (stationMs = wallTime()) => stationMs + options.hubOffsetMs();
  return {
    timeZoneOffsetMinutes: zone,
    hubTime,
    today: (stationMs) => localDate(hubTime(stationMs), zone()),
    minuteOfDay(stationMs) {
      const minutes = Math.floor(hubTime(stationMs) / MINUTE_MS) + zone();
      return ((minutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
    },
  };
}

/** The calendar of a station whose rule sets are in `catalog` (catalog.db). */
export function catalogCalendar(
  catalog: Database.Database,
  hubOffsetMs: () => number,
  wallTime?: () => number,
): StationCalendar {
  return createStationCalendar({ rules: () => currentRuleSet(catalog), hubOffsetMs, wallTime });
}
