// The hours engine (protocol.md §10): learning hours derived from events under a versioned,
// published rule set. Pure and deterministic — the station computes a provisional figure
// with it and the hub recomputes the authoritative one from the same events.
//
// Per session and learner:
//   presence  = intervals between a check-in (card or manual) and a check-out (a tap of a
//               card unknown to the station counts, through the resolver, for the learner
//               the roster gives its hash, and for nobody while none does); a missed
//               attention check suspends presence until the learner answers a later check or
//               checks in again; a check-out missing at the end ends presence at the
//               session's last event (or where a `check_out_at` correction says);
//   played    = the union of playback segments (a lecture really played);
//   credited  = presence ∩ played, in whole minutes;
//   a learner whose credited time is below minAttendanceRatio of the played time, or below
//   minCreditedMinutes, earns nothing for the session; otherwise whole units of unitMinutes
//   earn unitHours each and the remainder earns hours by the first band it reaches.
// The rule set also carries the two attendance windows the station applies to taps (they
// decide which events are written, not how events count): see tapDecision below.
// All durations are measured on a session clock built from the monotonic clock (wall time
// is used only to bridge a reboot), so a wall clock that jumps, backwards or forwards,
// changes no minute. A session counts on the calendar date of its opening in hub time and
// the rule set's time zone, however long it runs (a class across midnight is one session).
// Class sessions are classroom hours; self-study sessions are online hours, which count
// towards the annual target up to onlineMaxShareOfTarget of that target.
import { z } from 'zod';
import type { SignedEvent } from './events.ts';

export const LEARNER_LEVELS = ['county_division', 'section_below'] as const;
export type LearnerLevel = (typeof LEARNER_LEVELS)[number];

export const RuleSetSchema = z.strictObject({
  version: z.number().int().min(1),
  /** First calendar date (in timeZoneOffsetMinutes) this version is meant for; informative. */
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  timeZoneOffsetMinutes: z.number().int().min(-720).max(840),
  minAttendanceRatio: z.number().min(0).max(1),
  unitMinutes: z.number().int().min(1).max(1440),
  unitHours: z.number().min(0).max(24),
  /** Hours for the remainder below unitMinutes: the first band (highest first) it reaches. */
  remainderBands: z
    .array(z.strictObject({ atLeastMinutes: z.number().int().min(1), hours: z.number().min(0).max(24) }))
    .refine(
      (bands) => bands.every((band, i) => i === 0 || band.atLeastMinutes < bands[i - 1]!.atLeastMinutes),
      'bands must be sorted by atLeastMinutes, highest first',
    ),
  annualTargets: z.strictObject({ county_division: z.number().min(0), section_below: z.number().min(0) }),
  onlineMaxShareOfTarget: z.number().min(0).max(1),
  /** A session with fewer credited minutes earns nothing (0: no such floor, as in version 1). */
  minCreditedMinutes: z.number().int().min(0).max(1440).default(0),
  /** A tap of a card checked in less than this long ago answers "already checked in" and records nothing. */
  retapWindowMinutes: z.number().int().min(0).max(240).default(10),
  /** A check-out tap before this much presence must be confirmed by a second tap. */
  minPresenceMinutes: z.number().int().min(0).max(1440).default(20),
});
export type RuleSet = z.infer<typeof RuleSetSchema>;

/** The rule set the demo hub publishes as version 1 (the figures from the issue). */
export const DEFAULT_RULE_SET: RuleSet = {
  version: 1,
  effectiveFrom: '2026-01-01',
  timeZoneOffsetMinutes: 480,
  minAttendanceRatio: 0.8,
  unitMinutes: 60,
  unitHours: 1,
  remainderBands: [
    { atLeastMinutes: 30, hours: 1 },
    { atLeastMinutes: 15, hours: 0.5 },
    { atLeastMinutes: 1, hours: 0.25 },
  ],
  annualTargets: { county_division: 50, section_below: 80 },
  onlineMaxShareOfTarget: 0.4,
  minCreditedMinutes: 0,
  retapWindowMinutes: 10,
  minPresenceMinutes: 20,
};

/**
 * A rule set as a province would publish it: one 学时 per 45 credited minutes (a class
 * period), the remainder in quarter 学时 (each 11¼ minutes, reached at the next whole minute),
 * and nothing for a session with under 20 credited minutes. The demo hub publishes it.
 */
export const PROVINCE_RULE_SET: RuleSet = {
  ...DEFAULT_RULE_SET,
  unitMinutes: 45,
  unitHours: 1,
  remainderBands: [
    { atLeastMinutes: 34, hours: 0.75 },
    { atLeastMinutes: 23, hours: 0.5 },
    { atLeastMinutes: 12, hours: 0.25 },
  ],
  minCreditedMinutes: 20,
};

/** The fields of an event the engine reads (a SignedEvent has them all). */
export type HourEvent = Pick<
  SignedEvent,
  'id' | 'stationId' | 'seq' | 'type' | 'payload' | 'wallTime' | 'bootId' | 'monoMs' | 'hubOffsetMs' | 'ruleVersion'
>;

export type SessionHours = {
  sessionId: string;
  stationId: string;
  learnerId: string;
  mode: 'class' | 'self_study';
  /** YYYY-MM-DD of the session's opening, hub time, in the rule set's time zone. */
  date: string;
  ruleVersion: number;
  playedMinutes: number;
  presentMinutes: number;
  creditedMinutes: number;
  hours: number;
};

export type IncompleteSession = { sessionId: string; reason: 'not_opened' | 'unknown_rule_version' };
/** Taps of a card no learner has (yet) in a computed session: they count for nobody until the roster gives the hash a learner. */
export type UnresolvedCard = { sessionId: string; stationId: string; cardHash: string; taps: number };
/** Minutes a lecture played in each computed session, whoever was there. */
export type SessionPlayed = { sessionId: string; playedMinutes: number };
export type HoursResult = {
  entries: SessionHours[];
  incomplete: IncompleteSession[];
  unresolved: UnresolvedCard[];
  played: SessionPlayed[];
};

export type HoursOptions = {
  /** The learner a keyed card hash belongs to on the roster, for `*.unknown_card` events. */
  learnerByCardHash?: (cardHash: string) => string | undefined;
  /**
   * A live figure for sessions not closed yet: presence still open ends at this moment (of
   * the station's clocks) instead of at the session's last event. Never used for a figure
   * that is stored or sent.
   */
  openUntil?: Pick<HourEvent, 'wallTime' | 'bootId' | 'monoMs' | 'hubOffsetMs'>;
};

type Interval = [number, number];

const MINUTE = 60_000;

/**
 * Hours per session and learner. With one rule set every session is computed under it (the
 * station's provisional figure); with a list, each session uses the version its opening
 * event names, as the hub does.
 */
export function computeHours(
  events: readonly HourEvent[],
  rules: RuleSet | readonly RuleSet[],
  options: HoursOptions = {},
): HoursResult {
  const sessions = new Map<string, HourEvent[]>();
  for (const event of events) {
    const sessionId = (event.payload as { sessionId: string }).sessionId;
    let list = sessions.get(sessionId);
    if (!list) sessions.set(sessionId, (list = []));
    list.push(event);
  }
  const byVersion = Array.isArray(rules)
    ? new Map((rules as readonly RuleSet[]).map((set) => [set.version, set]))
    : null;
  const entries: SessionHours[] = [];
  const incomplete: IncompleteSession[] = [];
  const unresolved: UnresolvedCard[] = [];
  const played: SessionPlayed[] = [];
  const ids = [...sessions.keys()].sort();
  for (const sessionId of ids) {
    const list = sessions.get(sessionId)!;
    list.sort((a, b) => (a.stationId === b.stationId ? a.seq - b.seq : a.stationId < b.stationId ? -1 : 1));
    const opened = list.find((event) => event.type === 'session.opened');
    if (!opened) {
      incomplete.push({ sessionId, reason: 'not_opened' });
      continue;
    }
    const ruleSet = byVersion ? byVersion.get(opened.ruleVersion) : (rules as RuleSet);
    if (!ruleSet) {
      incomplete.push({ sessionId, reason: 'unknown_rule_version' });
      continue;
    }
    const until = options.openUntil;
    if (until && !list.some((event) => event.type === 'session.closed'))
      // A moment of evidence and nothing else: an answer to no attention check (nobody is
      // suspended under the empty learner id), so presence still open runs up to it.
      list.push({
        ...until,
        id: '',
        stationId: opened.stationId,
        seq: Number.MAX_SAFE_INTEGER,
        type: 'attention.passed',
        payload: { sessionId, learnerId: '' },
        ruleVersion: opened.ruleVersion,
      });
    played.push({
      sessionId,
      playedMinutes: sessionHours(sessionId, list, opened, ruleSet, entries, options.learnerByCardHash, unresolved),
    });
  }
  return { entries, incomplete, unresolved, played };
}

function sessionHours(
  sessionId: string,
  list: HourEvent[],
  opened: HourEvent,
  rules: RuleSet,
  out: SessionHours[],
  resolve: ((cardHash: string) => string | undefined) | undefined,
  unresolved: UnresolvedCard[],
): number {
  // The session clock: milliseconds since the first event, advanced by the monotonic clock
  // within a boot and by hub-corrected wall time across a reboot, never backwards.
  // (Arrays indexed like `list` rather than maps keyed by id: this runs for every event of a
  // year's report.)
  const clock = new Float64Array(list.length);
  for (let i = 1; i < list.length; i += 1) {
    const event = list[i]!;
    const previous = list[i - 1]!;
    const step =
      event.bootId === previous.bootId
        ? event.monoMs - previous.monoMs
        : event.wallTime + event.hubOffsetMs - (previous.wallTime + previous.hubOffsetMs);
    clock[i] = clock[i - 1]! + Math.max(0, step);
  }

  let voided: Set<string> | null = null;
  let checkOutAt: Map<string, string> | null = null;
  for (const event of list) {
    if (event.type !== 'correction') continue;
    const payload = event.payload as { action: string; targetEventId: string; learnerId: string };
    if (payload.action === 'void') (voided ??= new Set()).add(payload.targetEventId);
    else (checkOutAt ??= new Map()).set(payload.learnerId, payload.targetEventId);
  }
  const counts = (i: number) => voided === null || !voided.has(list[i]!.id);

  // Where each event ends on the session clock (a playback segment at its end), and the
  // session's last evidence: the latest end of anything but the close and corrections.
  const ends = new Float64Array(list.length);
  const segments: Interval[] = [];
  let lastEvidence = 0;
  for (let i = 0; i < list.length; i += 1) {
    const event = list[i]!;
    let end = clock[i]!;
    if (event.type === 'playback.segment') {
      const payload = event.payload as { startMonoMs: number; endMonoMs: number };
      const start = Math.max(0, end + payload.startMonoMs - event.monoMs);
      end = Math.max(start, end + payload.endMonoMs - event.monoMs);
      if (end > start && counts(i)) segments.push([start, end]);
    }
    ends[i] = end;
    if (event.type !== 'correction' && event.type !== 'session.closed' && end > lastEvidence && counts(i))
      lastEvidence = end;
  }
  const played = union(segments);
  const playedMs = measure(played);

  const presence = new Map<string, Interval[]>();
  const openSince = new Map<string, number>();
  const suspended = new Set<string>();
  const close = (learnerId: string, since: number, end: number) => {
    presence.get(learnerId)!.push([since, Math.max(since, end)]);
    openSince.delete(learnerId);
  };
  let unknown: Map<string, number> | null = null;
  for (let i = 0; i < list.length; i += 1) {
    const event = list[i]!;
    if (
      event.type === 'correction' ||
      event.type === 'session.opened' ||
      event.type === 'session.closed' ||
      event.type === 'playback.segment' ||
      !counts(i)
    )
      continue;
    let type: string = event.type;
    let learnerId: string;
    if (type === 'check_in.unknown_card' || type === 'check_out.unknown_card') {
      // A card the station did not know: the learner the roster now gives its hash, as if
      // the station had known them; nobody yet otherwise.
      const cardHash = (event.payload as { cardHash: string }).cardHash;
      const resolved = resolve?.(cardHash);
      if (resolved === undefined) {
        (unknown ??= new Map()).set(cardHash, (unknown.get(cardHash) ?? 0) + 1);
        continue;
      }
      learnerId = resolved;
      type = type === 'check_in.unknown_card' ? 'check_in' : 'check_out';
    } else {
      learnerId = (event.payload as { learnerId: string }).learnerId;
    }
    const now = clock[i]!;
    const since = openSince.get(learnerId);
    switch (type) {
      case 'check_in':
      case 'check_in.manual':
        suspended.delete(learnerId);
        if (since === undefined) openSince.set(learnerId, now);
        if (!presence.has(learnerId)) presence.set(learnerId, []);
        break;
      case 'check_out':
      case 'check_out.manual':
        if (since !== undefined) close(learnerId, since, now);
        suspended.delete(learnerId);
        break;
      case 'attention.missed':
        if (since !== undefined) {
          close(
            learnerId,
            since,
            Math.min(now, now + (event.payload as { promptedMonoMs: number }).promptedMonoMs - event.monoMs),
          );
          suspended.add(learnerId);
        }
        break;
      case 'attention.passed':
        if (suspended.delete(learnerId)) openSince.set(learnerId, now);
        break;
    }
  }
  for (const [learnerId, since] of openSince) {
    const target = checkOutAt?.get(learnerId);
    const index =
      target === undefined
        ? -1
        : list.findIndex((event, i) => event.id === target && counts(i) && event.type !== 'correction');
    close(learnerId, since, index === -1 ? lastEvidence : ends[index]!);
  }

  if (unknown) {
    for (const cardHash of [...unknown.keys()].sort())
      unresolved.push({ sessionId, stationId: opened.stationId, cardHash, taps: unknown.get(cardHash)! });
  }

  const date = localDate(opened.wallTime + opened.hubOffsetMs, rules.timeZoneOffsetMinutes);
  const mode = (opened.payload as { mode: 'class' | 'self_study' }).mode;
  const playedMinutes = Math.floor(playedMs / MINUTE);
  for (const learnerId of [...presence.keys()].sort()) {
    const present = union(presence.get(learnerId)!);
    const creditedMs = measureIntersection(present, played);
    const creditedMinutes = Math.floor(creditedMs / MINUTE);
    const attended =
      playedMs > 0 && creditedMs >= rules.minAttendanceRatio * playedMs && creditedMinutes >= rules.minCreditedMinutes;
    out.push({
      sessionId,
      stationId: opened.stationId,
      learnerId,
      mode,
      date,
      ruleVersion: rules.version,
      playedMinutes,
      presentMinutes: Math.floor(measure(present) / MINUTE),
      creditedMinutes,
      hours: attended ? hoursFor(creditedMinutes, rules) : 0,
    });
  }
  return playedMinutes;
}

/** Hours for a number of credited minutes: nothing under the floor, else whole units, then the remainder's band. */
export function hoursFor(
  minutes: number,
  rules: Pick<RuleSet, 'unitMinutes' | 'unitHours' | 'remainderBands'> & { minCreditedMinutes?: number },
): number {
  if (minutes < (rules.minCreditedMinutes ?? 0)) return 0;
  const units = Math.floor(minutes / rules.unitMinutes);
  const remainder = minutes - units * rules.unitMinutes;
  const band = rules.remainderBands.find((b) => remainder >= b.atLeastMinutes);
  return units * rules.unitHours + (band ? band.hours : 0);
}

/** What the station does with a card tapped in an open class (attendance.ts applies it). */
export type TapDecision = 'check_in' | 'already_checked_in' | 'confirm_check_out' | 'check_out';

/**
 * The attendance windows of a rule set, for a known learner's tap in an open class: not
 * present → check in; checked in less than retapWindowMinutes ago → "already checked in",
 * nothing written (a second tap "to be sure"); present for less than minPresenceMinutes →
 * ask for a second tap, unless this tap is that confirmation; else check out.
 */
export function tapDecision(
  input: {
    /** Present now (checked in and not out). */
    present: boolean;
    /** Minutes since the learner's latest check-in, when present. */
    minutesSinceCheckIn: number;
    /** A first check-out tap is waiting for its confirmation. */
    confirming: boolean;
  },
  rules: Pick<RuleSet, 'retapWindowMinutes' | 'minPresenceMinutes'>,
): TapDecision {
  if (!input.present) return 'check_in';
  if (input.minutesSinceCheckIn < rules.retapWindowMinutes) return 'already_checked_in';
  if (input.minutesSinceCheckIn < rules.minPresenceMinutes && !input.confirming) return 'confirm_check_out';
  return 'check_out';
}

/** YYYY-MM-DD of a Unix ms instant at a fixed offset from UTC. */
export function localDate(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * MINUTE).toISOString().slice(0, 10);
}

function union(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function measure(intervals: Interval[]): number {
  let total = 0;
  for (const [a, b] of intervals) total += b - a;
  return total;
}

/** Length of a ∩ b, both sorted unions of disjoint intervals. */
function measureIntersection(a: Interval[], b: Interval[]): number {
  let total = 0;
  let j = 0;
  for (const [a0, a1] of a) {
    while (j < b.length && b[j]![1] <= a0) j += 1;
    for (let k = j; k < b.length && b[k]![0] < a1; k += 1) {
      total += Math.min(a1, b[k]![1]) - Math.max(a0, b[k]![0]);
    }
  }
  return total;
}

export type LearnerHours = {
  learnerId: string;
  level: LearnerLevel;
  classroomHours: number;
  onlineHours: number;
  /** Online hours that count: at most onlineMaxShareOfTarget × target. */
  onlineCountedHours: number;
  countedHours: number;
  target: number;
  met: boolean;
};

/**
 * Totals per learner over [from, to] (inclusive YYYY-MM-DD dates) against the annual
 * target of their level under `rules` (the version in force for the period).
 */
export function summariseHours(input: {
  entries: readonly SessionHours[];
  learners: readonly { id: string; level: LearnerLevel }[];
  rules: RuleSet;
  from: string;
  to: string;
}): LearnerHours[] {
  const totals = new Map<string, { classroom: number; online: number }>();
  for (const entry of input.entries) {
    if (entry.date < input.from || entry.date > input.to) continue;
    let total = totals.get(entry.learnerId);
    if (!total) totals.set(entry.learnerId, (total = { classroom: 0, online: 0 }));
    if (entry.mode === 'class') total.classroom += entry.hours;
    else total.online += entry.hours;
  }
  return input.learners.map((learner) => {
    const total = totals.get(learner.id) ?? { classroom: 0, online: 0 };
    const target = input.rules.annualTargets[learner.level];
    const onlineCountedHours = Math.min(total.online, input.rules.onlineMaxShareOfTarget * target);
    const countedHours = total.classroom + onlineCountedHours;
    return {
      learnerId: learner.id,
      level: learner.level,
      classroomHours: total.classroom,
      onlineHours: total.online,
      onlineCountedHours,
      countedHours,
      target,
      met: countedHours >= target,
    };
  });
}
