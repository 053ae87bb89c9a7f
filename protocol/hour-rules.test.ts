import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  computeHours,
  DEFAULT_RULE_SET,
  hoursFor,
  localDate,
  PROVINCE_RULE_SET,
  RuleSetSchema,
  summariseHours,
  tapDecision,
} from './hour-rules.ts';
import type { HourEvent, RuleSet, TapDecision } from './hour-rules.ts';
import { uuidv7 } from './uuidv7.ts';

const MIN = 60_000;
const CARD = 'a'.repeat(64);

/**
 * Builds one station's events. `at` advances both clocks; `wallJump` moves only the wall
 * clock (an operator or NTP stepping it) and `reboot` starts a new monotonic clock.
 */
function station(startWall: number, options: { ruleVersion?: number; hubOffsetMs?: number } = {}) {
  let wall = startWall;
  let mono = 5_000;
  let boot = 'boot-1';
  let seq = 0;
  const events: HourEvent[] = [];
  const api = {
    events,
    at(minutes: number) {
      wall += minutes * MIN;
      mono += minutes * MIN;
      return api;
    },
    wallJump(minutes: number) {
      wall += minutes * MIN;
      return api;
    },
    reboot(downMinutes: number) {
      wall += downMinutes * MIN;
      mono = 3_000;
      boot = `boot-${seq}`;
      return api;
    },
    emit(type: HourEvent['type'], payload: Record<string, unknown>) {
      seq += 1;
      const event = {
        id: uuidv7(wall),
        stationId: 'st-1',
        seq,
        type,
        payload,
        wallTime: wall,
        bootId: boot,
        monoMs: mono,
        hubOffsetMs: options.hubOffsetMs ?? 0,
        ruleVersion: options.ruleVersion ?? 1,
      } as HourEvent;
      events.push(event);
      return event;
    },
    open(sessionId = 'S1', mode: 'class' | 'self_study' = 'class') {
      api.emit('session.opened', { sessionId, mode, scheduleId: null, title: 'T' });
      return api;
    },
    close(sessionId = 'S1') {
      api.emit('session.closed', { sessionId });
      return api;
    },
    checkIn(learnerId: string, sessionId = 'S1') {
      api.emit('check_in', { sessionId, learnerId, cardHash: CARD });
      return api;
    },
    checkOut(learnerId: string, sessionId = 'S1') {
      api.emit('check_out', { sessionId, learnerId });
      return api;
    },
    unknownIn(cardHash: string, sessionId = 'S1') {
      api.emit('check_in.unknown_card', { sessionId, cardHash });
      return api;
    },
    unknownOut(cardHash: string, sessionId = 'S1') {
      api.emit('check_out.unknown_card', { sessionId, cardHash });
      return api;
    },
    /** A playback segment that ran for the last `minutes` and is recorded now. */
    played(minutes: number, sessionId = 'S1') {
      api.emit('playback.segment', {
        sessionId,
        lessonId: 'lesson-1',
        channelId: null,
        startMonoMs: mono - minutes * MIN,
        endMonoMs: mono,
      });
      return api;
    },
  };
  return api;
}

// 2026-03-02 09:00 China Standard Time.
const NINE_AM = Date.UTC(2026, 2, 2, 1, 0);
const only = (events: HourEvent[], rules: RuleSet | RuleSet[] = DEFAULT_RULE_SET) =>
  computeHours(events, rules).entries;

test('the rounding table: whole hours, then the remainder band', () => {
  assert.equal(hoursFor(0, DEFAULT_RULE_SET), 0);
  assert.equal(hoursFor(1, DEFAULT_RULE_SET), 0.25);
  assert.equal(hoursFor(14, DEFAULT_RULE_SET), 0.25);
  assert.equal(hoursFor(15, DEFAULT_RULE_SET), 0.5);
  assert.equal(hoursFor(29, DEFAULT_RULE_SET), 0.5);
  assert.equal(hoursFor(30, DEFAULT_RULE_SET), 1);
  assert.equal(hoursFor(60, DEFAULT_RULE_SET), 1);
  assert.equal(hoursFor(95, DEFAULT_RULE_SET), 2);
  assert.equal(hoursFor(130, DEFAULT_RULE_SET), 2.25);
});

test('a learner present for the whole lecture earns its hours; presence without playback earns nothing', () => {
  const s = station(NINE_AM)
    .open()
    .checkIn('L1')
    .checkIn('L2')
    .at(90)
    .played(90)
    .checkOut('L1')
    .at(30)
    .checkOut('L2')
    .close();
  const [l1, l2] = only(s.events);
  assert.deepEqual(
    { ...l1 },
    {
      sessionId: 'S1',
      stationId: 'st-1',
      learnerId: 'L1',
      mode: 'class',
      date: '2026-03-02',
      ruleVersion: 1,
      playedMinutes: 90,
      presentMinutes: 90,
      creditedMinutes: 90,
      hours: 2,
    },
  );
  assert.equal(l2!.presentMinutes, 120);
  assert.equal(l2!.creditedMinutes, 90, 'the half hour after the lecture ended does not count');
});

test('below the attendance ratio a learner earns nothing, at the ratio they earn their minutes', () => {
  const s = station(NINE_AM)
    .open()
    .checkIn('early')
    .at(19)
    .checkIn('from-minute-19')
    .at(1)
    .checkIn('from-minute-20')
    .at(80)
    .played(100)
    .checkOut('early')
    .checkOut('from-minute-19')
    .checkOut('from-minute-20')
    .close();
  const byLearner = Object.fromEntries(only(s.events).map((e) => [e.learnerId, e]));
  assert.equal(byLearner['early']!.hours, 2);
  assert.equal(byLearner['from-minute-19']!.creditedMinutes, 81);
  assert.equal(byLearner['from-minute-19']!.hours, 1.5);
  assert.equal(byLearner['from-minute-20']!.creditedMinutes, 80);
  assert.equal(byLearner['from-minute-20']!.hours, 1.5, '80 of 100 minutes is exactly the 0.8 ratio');
  const stricter = { ...DEFAULT_RULE_SET, minAttendanceRatio: 0.81 };
  assert.equal(Object.fromEntries(only(s.events, stricter).map((e) => [e.learnerId, e.hours]))['from-minute-20'], 0);
});

test("a check-out missing at close ends presence at the session's last event, not at the close", () => {
  const s = station(NINE_AM).open().checkIn('L1').at(45).played(45).at(120).close();
  const [entry] = only(s.events);
  assert.equal(entry!.presentMinutes, 45);
  assert.equal(entry!.creditedMinutes, 45);
  assert.equal(entry!.hours, 1);
});

test('a wall clock stepped backwards (or forwards) mid-class changes no minute', () => {
  const steady = station(NINE_AM).open().checkIn('L1').at(30).played(30).at(30).played(30).checkOut('L1').close();
  const jumpBack = station(NINE_AM)
    .open()
    .checkIn('L1')
    .at(30)
    .played(30)
    .wallJump(-50)
    .at(30)
    .played(30)
    .checkOut('L1')
    .close();
  const jumpAhead = station(NINE_AM)
    .open()
    .checkIn('L1')
    .at(30)
    .played(30)
    .wallJump(+600)
    .at(30)
    .played(30)
    .checkOut('L1')
    .close();
  const strip = (events: HourEvent[]) =>
    only(events).map(({ creditedMinutes, presentMinutes, hours, date }) => ({
      creditedMinutes,
      presentMinutes,
      hours,
      date,
    }));
  assert.deepEqual(strip(jumpBack.events), strip(steady.events));
  assert.deepEqual(strip(jumpAhead.events), strip(steady.events));
  assert.equal(strip(steady.events)[0]!.creditedMinutes, 60);
});

test('a reboot mid-class bridges on hub-corrected wall time and counts nothing while the station was down', () => {
  const s = station(NINE_AM).open().checkIn('L1').at(40).played(40).reboot(10).at(40).played(40).checkOut('L1').close();
  const [entry] = only(s.events);
  assert.equal(entry!.playedMinutes, 80);
  assert.equal(entry!.presentMinutes, 90);
  assert.equal(entry!.creditedMinutes, 80);
});

test('midnight: a session opened at 23:59 CST is dated that day, one opened at 00:00 the next', () => {
  const beforeMidnight = Date.UTC(2026, 2, 2, 15, 59);
  const s1 = station(beforeMidnight).open().checkIn('L1').at(60).played(60).checkOut('L1').close();
  const s2 = station(beforeMidnight + MIN)
    .open()
    .checkIn('L1')
    .at(60)
    .played(60)
    .checkOut('L1')
    .close();
  assert.equal(only(s1.events)[0]!.date, '2026-03-02');
  assert.equal(only(s2.events)[0]!.date, '2026-03-03');
  assert.equal(localDate(Date.UTC(2026, 11, 31, 16, 0), 480), '2027-01-01');
});

test('a class across two days is one session, dated at its opening, with all its minutes', () => {
  const s = station(Date.UTC(2026, 2, 2, 15, 0))
    .open()
    .checkIn('L1')
    .at(120)
    .played(120)
    .checkOut('L1')
    .close();
  const [entry] = only(s.events);
  assert.equal(entry!.date, '2026-03-02');
  assert.equal(entry!.creditedMinutes, 120);
  assert.equal(entry!.hours, 2);
});

test("the date is the hub's: the station clock's measured offset is applied", () => {
  const s = station(Date.UTC(2026, 2, 2, 16, 10), { hubOffsetMs: -20 * MIN })
    .open()
    .checkIn('L1')
    .at(60)
    .played(60)
    .checkOut('L1')
    .close();
  assert.equal(only(s.events)[0]!.date, '2026-03-02');
});

test('a missed attention check suspends presence from the prompt until the learner answers again', () => {
  const s = station(NINE_AM).open('S1', 'self_study').checkIn('L1').at(20);
  s.emit('attention.missed', { sessionId: 'S1', learnerId: 'L1', promptedMonoMs: 5_000 + 10 * MIN });
  s.at(30).emit('attention.passed', { sessionId: 'S1', learnerId: 'L1' });
  s.at(30).played(80).checkOut('L1').close();
  const [entry] = only(s.events);
  assert.equal(entry!.mode, 'self_study');
  assert.equal(entry!.presentMinutes, 40, '10 minutes before the prompt, 30 after the answer');
  assert.equal(entry!.hours, 0, '40 of 80 played minutes is below the ratio');
});

test('corrections: a voided check-in is ignored, check_out_at ends a forgotten presence where the organiser says', () => {
  const s = station(NINE_AM).open().checkIn('L1');
  const wrong = s.emit('check_in', { sessionId: 'S1', learnerId: 'L2', cardHash: CARD });
  s.at(60);
  s.emit('playback.segment', {
    sessionId: 'S1',
    lessonId: 'x',
    channelId: null,
    startMonoMs: 5_000,
    endMonoMs: 5_000 + 60 * MIN,
  });
  const lectureEnd = s.events.at(-1)!;
  s.at(60).emit('check_in', { sessionId: 'S1', learnerId: 'L3', cardHash: CARD });
  s.at(30).close();
  s.emit('correction', {
    sessionId: 'S1',
    learnerId: 'L2',
    action: 'void',
    targetEventId: wrong.id,
    reason: 'tapped the wrong card',
    operator: 'admin',
  });
  s.emit('correction', {
    sessionId: 'S1',
    learnerId: 'L1',
    action: 'check_out_at',
    targetEventId: lectureEnd.id,
    reason: 'left with the class',
    operator: 'admin',
  });
  const byLearner = Object.fromEntries(only(s.events).map((e) => [e.learnerId, e]));
  assert.equal(byLearner['L2'], undefined);
  assert.equal(
    byLearner['L1']!.presentMinutes,
    60,
    'ends at the lecture, not at the later check-in that was the last event',
  );
  assert.equal(byLearner['L3']!.creditedMinutes, 0);
});

test('events in any order give the same result, and sessions are independent', () => {
  const s = station(NINE_AM)
    .open('A')
    .checkIn('L1', 'A')
    .open('B', 'self_study')
    .checkIn('L2', 'B')
    .at(45)
    .played(45, 'A')
    .played(45, 'B')
    .checkOut('L1', 'A')
    .close('A')
    .close('B');
  const forward = computeHours(s.events, DEFAULT_RULE_SET);
  const shuffled = computeHours([...s.events].reverse(), DEFAULT_RULE_SET);
  assert.deepEqual(shuffled, forward);
  assert.deepEqual(
    forward.entries.map((e) => [e.sessionId, e.learnerId, e.mode, e.hours]),
    [
      ['A', 'L1', 'class', 1],
      ['B', 'L2', 'self_study', 1],
    ],
  );
});

test('with a list of rule sets each session uses the version it was opened under', () => {
  const v1 = station(NINE_AM, { ruleVersion: 1 })
    .open('A')
    .checkIn('L1', 'A')
    .at(20)
    .played(20, 'A')
    .checkOut('L1', 'A');
  const v2 = station(NINE_AM, { ruleVersion: 2 })
    .open('B')
    .checkIn('L1', 'B')
    .at(20)
    .played(20, 'B')
    .checkOut('L1', 'B');
  const v3 = station(NINE_AM, { ruleVersion: 3 })
    .open('C')
    .checkIn('L1', 'C')
    .at(20)
    .played(20, 'C')
    .checkOut('L1', 'C');
  const generous: RuleSet = { ...DEFAULT_RULE_SET, version: 2, remainderBands: [{ atLeastMinutes: 15, hours: 1 }] };
  const result = computeHours([...v1.events, ...v2.events, ...v3.events], [DEFAULT_RULE_SET, generous]);
  assert.deepEqual(
    result.entries.map((e) => [e.sessionId, e.ruleVersion, e.hours]),
    [
      ['A', 1, 0.5],
      ['B', 2, 1],
    ],
  );
  assert.deepEqual(result.incomplete, [{ sessionId: 'C', reason: 'unknown_rule_version' }]);
  const orphan = station(NINE_AM).checkIn('L1').at(60).played(60);
  assert.deepEqual(computeHours(orphan.events, DEFAULT_RULE_SET).incomplete, [
    { sessionId: 'S1', reason: 'not_opened' },
  ]);
});

test('annual totals: targets by level, online hours capped at 40% of the target, period bounds inclusive', () => {
  const entry = (learnerId: string, mode: 'class' | 'self_study', date: string, hours: number) => ({
    sessionId: `${learnerId}-${date}-${mode}`,
    stationId: 's',
    learnerId,
    mode,
    date,
    ruleVersion: 1,
    playedMinutes: 0,
    presentMinutes: 0,
    creditedMinutes: 0,
    hours,
  });
  const entries = [
    entry('county', 'class', '2026-01-01', 30),
    entry('county', 'self_study', '2026-06-01', 25),
    entry('county', 'class', '2027-01-01', 99),
    entry('section', 'class', '2026-12-31', 60),
    entry('section', 'self_study', '2026-03-01', 10),
  ];
  const learners = [
    { id: 'county', level: 'county_division' as const },
    { id: 'section', level: 'section_below' as const },
    { id: 'idle', level: 'section_below' as const },
  ];
  const report = summariseHours({ entries, learners, rules: DEFAULT_RULE_SET, from: '2026-01-01', to: '2026-12-31' });
  assert.deepEqual(report, [
    {
      learnerId: 'county',
      level: 'county_division',
      classroomHours: 30,
      onlineHours: 25,
      onlineCountedHours: 20,
      countedHours: 50,
      target: 50,
      met: true,
    },
    {
      learnerId: 'section',
      level: 'section_below',
      classroomHours: 60,
      onlineHours: 10,
      onlineCountedHours: 10,
      countedHours: 70,
      target: 80,
      met: false,
    },
    {
      learnerId: 'idle',
      level: 'section_below',
      classroomHours: 0,
      onlineHours: 0,
      onlineCountedHours: 0,
      countedHours: 0,
      target: 80,
      met: false,
    },
  ]);
});

test('the rule-set schema accepts the default and refuses unsorted bands and unknown fields', () => {
  assert.equal(RuleSetSchema.safeParse(DEFAULT_RULE_SET).success, true);
  assert.equal(
    RuleSetSchema.safeParse({
      ...DEFAULT_RULE_SET,
      remainderBands: [
        { atLeastMinutes: 1, hours: 0.25 },
        { atLeastMinutes: 30, hours: 1 },
      ],
    }).success,
    false,
  );
  assert.equal(RuleSetSchema.safeParse({ ...DEFAULT_RULE_SET, bonus: 1 }).success, false);
});

test('card readers and people are messy: a double tap, a stray check-out, a manual check-in, overlapping segments', () => {
  const s = station(NINE_AM).open().checkIn('L1').at(5).checkIn('L1').checkOut('stray');
  s.emit('check_in.manual', { sessionId: 'S1', learnerId: 'L2', reason: '卡片遗失', operator: '班主任' });
  s.at(55);
  s.emit('playback.segment', {
    sessionId: 'S1',
    lessonId: 'a',
    channelId: null,
    startMonoMs: 5_000,
    endMonoMs: 5_000 + 60 * MIN,
  });
  s.emit('playback.segment', {
    sessionId: 'S1',
    lessonId: 'a',
    channelId: null,
    startMonoMs: 5_000 + 30 * MIN,
    endMonoMs: 5_000 + 60 * MIN,
  });
  s.checkOut('L1').checkOut('L2').close();
  const byLearner = Object.fromEntries(only(s.events).map((e) => [e.learnerId, e]));
  assert.equal(byLearner['L1']!.presentMinutes, 60, 'the second tap does not restart presence');
  assert.equal(byLearner['L1']!.playedMinutes, 60, 'a replayed half hour is not counted twice');
  assert.equal(byLearner['L2']!.creditedMinutes, 55);
  assert.equal(byLearner['L2']!.hours, 1, 'a manual check-in counts like a card');
  assert.equal(byLearner['stray'], undefined, 'a check-out without a check-in is no presence');
});

test('check_out_at does not move a check-out the learner did record', () => {
  const s = station(NINE_AM).open().checkIn('L1').at(30).checkOut('L1').at(30).played(60);
  const end = s.events.at(-1)!;
  s.close().emit('correction', {
    sessionId: 'S1',
    learnerId: 'L1',
    action: 'check_out_at',
    targetEventId: end.id,
    reason: 'r',
    operator: 'o',
  });
  assert.equal(only(s.events)[0]!.presentMinutes, 30);
});

test('a tap of a card the station did not know counts, once the roster resolves its hash, exactly as a known card', () => {
  const NEW_CARD = 'b'.repeat(64);
  const known = station(NINE_AM)
    .open()
    .checkIn('L1')
    .checkIn('L2')
    .at(20)
    .checkOut('L2')
    .at(5)
    .checkIn('L2')
    .at(70)
    .played(95)
    .checkOut('L1')
    .checkOut('L2')
    .close();
  const unknown = station(NINE_AM)
    .open()
    .checkIn('L1')
    .unknownIn(NEW_CARD)
    .at(20)
    .unknownOut(NEW_CARD)
    .at(5)
    .unknownIn(NEW_CARD)
    .at(70)
    .played(95)
    .checkOut('L1')
    .unknownOut(NEW_CARD)
    .close();
  const resolver = { learnerByCardHash: (hash: string) => (hash === NEW_CARD ? 'L2' : undefined) };
  const resolved = computeHours(unknown.events, DEFAULT_RULE_SET, resolver);
  assert.deepEqual(resolved.entries, computeHours(known.events, DEFAULT_RULE_SET).entries);
  assert.equal(resolved.entries.find((e) => e.learnerId === 'L2')!.creditedMinutes, 90);
  assert.deepEqual(resolved.unresolved, []);
});

test('an unresolved card counts for nobody and is listed; no resolver is the same as none resolving', () => {
  const NEW_CARD = 'c'.repeat(64);
  const s = station(NINE_AM)
    .open()
    .checkIn('L1')
    .unknownIn(NEW_CARD)
    .at(60)
    .played(60)
    .unknownOut(NEW_CARD)
    .checkOut('L1')
    .close();
  for (const result of [
    computeHours(s.events, DEFAULT_RULE_SET),
    computeHours(s.events, DEFAULT_RULE_SET, { learnerByCardHash: () => undefined }),
  ]) {
    assert.deepEqual(
      result.entries.map((e) => [e.learnerId, e.hours]),
      [['L1', 1]],
    );
    assert.deepEqual(result.unresolved, [{ sessionId: 'S1', stationId: 'st-1', cardHash: NEW_CARD, taps: 2 }]);
  }
});

test('the province-style rule set: one 学时 per 45 minutes, quarters for the rest, nothing under 20 minutes', () => {
  const table: [minutes: number, hours: number][] = [
    [0, 0],
    [1, 0],
    [11, 0],
    [19, 0],
    [20, 0.25],
    [22, 0.25],
    [23, 0.5],
    [33, 0.5],
    [34, 0.75],
    [44, 0.75],
    [45, 1],
    [56, 1],
    [57, 1.25],
    [60, 1.25],
    [90, 2],
    [120, 2.5],
    [135, 3],
  ];
  for (const [minutes, hours] of table) assert.equal(hoursFor(minutes, PROVINCE_RULE_SET), hours, `${minutes} min`);
  assert.deepEqual(RuleSetSchema.parse(PROVINCE_RULE_SET), PROVINCE_RULE_SET);
});

test('the province-style rule set in a class: one minute played earns nothing, 90 minutes earn 2', () => {
  const rules = [PROVINCE_RULE_SET];
  const short = station(NINE_AM).open().checkIn('L1').at(1).played(1).checkOut('L1').close();
  assert.deepEqual(
    only(short.events, rules).map((e) => [e.creditedMinutes, e.hours]),
    [[1, 0]],
  );
  const full = station(NINE_AM).open().checkIn('L1').checkIn('L2').at(90).played(90).checkOut('L1').close();
  assert.deepEqual(
    only(full.events, rules).map((e) => [e.learnerId, e.creditedMinutes, e.hours]),
    [
      ['L1', 90, 2],
      ['L2', 90, 2],
    ],
  );
  const nineteen = station(NINE_AM).open().checkIn('L1').at(19).played(19).close();
  assert.equal(only(nineteen.events, rules)[0]!.hours, 0, '19 credited minutes are under the floor');
  const twenty = station(NINE_AM).open().checkIn('L1').at(20).played(20).close();
  assert.equal(only(twenty.events, rules)[0]!.hours, 0.25);
});

test('a rule set published before the attendance windows and the floor existed reads with their defaults', () => {
  const { minCreditedMinutes: _a, retapWindowMinutes: _b, minPresenceMinutes: _c, ...older } = DEFAULT_RULE_SET;
  const parsed = RuleSetSchema.parse(older);
  assert.equal(parsed.minCreditedMinutes, 0, 'no floor: version 1 keeps counting as it did');
  assert.equal(parsed.retapWindowMinutes, 10);
  assert.equal(parsed.minPresenceMinutes, 20);
  assert.throws(() => RuleSetSchema.parse({ ...DEFAULT_RULE_SET, retapWindowMinutes: -1 }));
});

test('the tap table: the re-tap window and the minimum presence', () => {
  const rules = { retapWindowMinutes: 10, minPresenceMinutes: 20 };
  const table: [present: boolean, minutes: number, confirming: boolean, decision: TapDecision][] = [
    [false, 0, false, 'check_in'],
    [false, 500, true, 'check_in'],
    [true, 0, false, 'already_checked_in'],
    [true, 0.15, false, 'already_checked_in'], // nine seconds later, "to be sure"
    [true, 9.99, true, 'already_checked_in'], // inside the window even a confirmation changes nothing
    [true, 10, false, 'confirm_check_out'],
    [true, 19.9, false, 'confirm_check_out'],
    [true, 19.9, true, 'check_out'],
    [true, 20, false, 'check_out'],
    [true, 95, false, 'check_out'],
  ];
  for (const [present, minutes, confirming, decision] of table)
    assert.equal(
      tapDecision({ present, minutesSinceCheckIn: minutes, confirming }, rules),
      decision,
      `${present ? 'present' : 'away'} ${minutes} min${confirming ? ', confirming' : ''}`,
    );
  // A window of 0 forgives nothing, a presence of 0 asks nothing: the old behaviour.
  assert.equal(
    tapDecision(
      { present: true, minutesSinceCheckIn: 0, confirming: false },
      { retapWindowMinutes: 0, minPresenceMinutes: 0 },
    ),
    'check_out',
  );
});

test('an early leave marked by the organiser ends presence like a check-out', () => {
  const s = station(NINE_AM).open().checkIn('L1').checkIn('L2').at(30);
  s.emit('check_out.manual', { sessionId: 'S1', learnerId: 'L1', reason: '单位急事', operator: '班主任' });
  s.at(60).played(90).checkOut('L2').close();
  const [l1, l2] = only(s.events);
  assert.equal(l1!.presentMinutes, 30);
  assert.equal(l1!.creditedMinutes, 30);
  assert.equal(l1!.hours, 0, 'a third of the lecture is under the attendance ratio');
  assert.equal(l2!.creditedMinutes, 90);
});

test('a live figure: presence still open runs to the moment asked, only while the session is open', () => {
  const s = station(NINE_AM).open().checkIn('L1').at(30).played(30);
  const now = { wallTime: NINE_AM + 40 * MIN, bootId: 'boot-1', monoMs: 5_000 + 40 * MIN, hubOffsetMs: 0 };
  const [atLastEvent] = only(s.events);
  assert.equal(atLastEvent!.presentMinutes, 30, 'without a moment, presence ends at the last event');
  const [live] = computeHours(s.events, DEFAULT_RULE_SET, { openUntil: now }).entries;
  assert.equal(live!.presentMinutes, 40);
  assert.equal(live!.creditedMinutes, 30, 'only what played is credited');
  assert.equal(live!.hours, 1);
  s.close();
  const [closed] = computeHours(s.events, DEFAULT_RULE_SET, { openUntil: now }).entries;
  assert.equal(closed!.presentMinutes, 30, 'a closed session is as it ended');
});
