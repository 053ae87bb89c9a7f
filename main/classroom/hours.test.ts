// Hours through the real path: taps and player signals into the ledger, the ledger's events
// through the protocol's hours engine. Each case is something a station meets in a county
// classroom; the figures are minutes a person could check with a watch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeHours, DEFAULT_RULE_SET, summariseHours, type RuleSet } from '../../protocol/hour-rules.ts';
import { readEvents } from '../ledger/ledger.ts';
import { tap } from './attendance.ts';
import { createClassroom, learnerByCardHash, record, type Classroom } from './classroom.ts';
import { currentYear, learnerYearHours, sessionHours, warmLearnerHours, yearHours } from './hours.ts';
import { playerSignal, startPlayback } from './playback.ts';
import { attentionTicks, startSelfStudy } from './self-study.ts';
import { closeClass, createClass } from './sessions.ts';
import { CARDS, openTestClassroom, type TestClassroom } from './test-classroom.ts';
import type { ManualClock } from '../ledger/test-ledger.ts';

const MINUTE = 60_000;

/** The projector's player, one timeupdate a second on the test clock. */
function projector(classroom: Classroom, clock: ManualClock, sessionId: string) {
  let media = 0;
  let rate = 1;
  startPlayback(classroom, sessionId, { lessonId: 'lesson-1' });
  const send = (kind: 'play' | 'pause' | 'seeking' | 'seeked' | 'hidden' | 'visible' | 'timeupdate' | 'ended') =>
    playerSignal(classroom, sessionId, { kind, monoMs: clock.monoMs(), mediaS: media });
  send('play');
  return {
    send,
    play(ms: number, everySecond?: () => void) {
      for (let t = 0; t < ms; t += 1000) {
        clock.advance(1000);
        media += rate;
        send('timeupdate');
        everySecond?.();
      }
    },
    seek(toS: number) {
      send('seeking');
      media = toS;
      send('seeked');
    },
    rate(next: number) {
      rate = next;
      playerSignal(classroom, sessionId, { kind: 'ratechange', monoMs: clock.monoMs(), mediaS: media, rate });
    },
  };
}

function classWith(tc: TestClassroom) {
  const { sessionId } = createClass(tc.classroom, { title: '党课', lessonIds: ['lesson-1'], endsAt: null });
  return sessionId;
}

function hoursOf(tc: TestClassroom, sessionId: string, learnerId = 'zhang') {
  const entry = sessionHours(tc.classroom, sessionId, DEFAULT_RULE_SET).find((e) => e.learnerId === learnerId);
  assert.ok(entry, `${learnerId} has an entry`);
  return entry;
}

test('a class across midnight is one session, dated the day it opened', (t) => {
  const tc = openTestClassroom(t, {}, Date.UTC(2026, 10, 27, 15, 30)); // 23:30 China time
  const sessionId = classWith(tc);
  tap(tc.classroom, CARDS.zhang);
  projector(tc.classroom, tc.clock, sessionId).play(75 * MINUTE);
  tap(tc.classroom, CARDS.zhang);
  closeClass(tc.classroom, sessionId);
  const entry = hoursOf(tc, sessionId);
  assert.equal(entry.date, '2026-11-27');
  assert.equal(entry.creditedMinutes, 75);
  assert.equal(entry.hours, 1.5);
});

test('a wall clock jumping backwards mid-class changes no minute', (t) => {
  const tc = openTestClassroom(t);
  const sessionId = classWith(tc);
  tap(tc.classroom, CARDS.zhang);
  const player = projector(tc.classroom, tc.clock, sessionId);
  player.play(30 * MINUTE);
  tc.clock.setWall(tc.clock.wallTime() - 2 * 60 * MINUTE);
  player.play(30 * MINUTE);
  tap(tc.classroom, CARDS.zhang);
  closeClass(tc.classroom, sessionId);
  const entry = hoursOf(tc, sessionId);
  assert.equal(entry.creditedMinutes, 60);
  assert.equal(entry.hours, 1);
});

test('a class across two days with the station restarted overnight counts both days on the first', (t) => {
  const tc = openTestClassroom(t, {}, Date.UTC(2026, 10, 27, 8, 0)); // 16:00 China time
  const sessionId = classWith(tc);
  tap(tc.classroom, CARDS.zhang);
  projector(tc.classroom, tc.clock, sessionId).play(60 * MINUTE);
  tc.clock.reboot(Date.UTC(2026, 10, 28, 0, 30)); // 08:30 next morning, a new boot
  const restarted = createClassroom({ ledger: tc.ledger, catalog: tc.classroom.catalog, cardHashKey: tc.siteKey });
  projector(restarted, tc.clock, sessionId).play(60 * MINUTE);
  assert.equal(tap(restarted, CARDS.zhang).kind, 'checked_out');
  closeClass(restarted, sessionId);
  const entry = hoursOf(tc, sessionId);
  assert.equal(entry.date, '2026-11-27');
  assert.equal(entry.playedMinutes, 120);
  assert.equal(entry.creditedMinutes, 120);
  assert.equal(entry.hours, 2);
});

test('a missing check-out ends presence at the last thing that happened in the class', (t) => {
  const tc = openTestClassroom(t);
  const sessionId = classWith(tc);
  tap(tc.classroom, CARDS.zhang);
  tap(tc.classroom, CARDS.li);
  const player = projector(tc.classroom, tc.clock, sessionId);
  player.play(20 * MINUTE);
  tap(tc.classroom, CARDS.li);
  player.play(30 * MINUTE);
  tc.clock.advance(120 * MINUTE); // the room empties; the class is closed much later
  closeClass(tc.classroom, sessionId);
  const zhang = hoursOf(tc, sessionId, 'zhang');
  assert.equal(zhang.presentMinutes, 50, 'not the two hours until the class was closed');
  assert.equal(zhang.creditedMinutes, 50);
  assert.equal(zhang.hours, 1);
  const li = hoursOf(tc, sessionId, 'li');
  assert.equal(li.creditedMinutes, 20);
  assert.equal(li.hours, 0, 'below 80% of what was played');
});

test('seeking forward earns nothing for the part skipped', (t) => {
  const tc = openTestClassroom(t);
  const sessionId = classWith(tc);
  tap(tc.classroom, CARDS.zhang);
  const player = projector(tc.classroom, tc.clock, sessionId);
  player.play(20 * MINUTE);
  player.seek(60 * 60); // from minute 20 to minute 60 of the lesson
  player.play(20 * MINUTE);
  tap(tc.classroom, CARDS.zhang);
  closeClass(tc.classroom, sessionId);
  assert.equal(hoursOf(tc, sessionId).creditedMinutes, 40);
});

test('a hidden view is not watching', (t) => {
  const tc = openTestClassroom(t);
  const sessionId = classWith(tc);
  tap(tc.classroom, CARDS.zhang);
  const player = projector(tc.classroom, tc.clock, sessionId);
  player.play(30 * MINUTE);
  player.send('hidden');
  player.play(30 * MINUTE);
  player.send('visible');
  player.play(30 * MINUTE);
  tap(tc.classroom, CARDS.zhang);
  closeClass(tc.classroom, sessionId);
  const entry = hoursOf(tc, sessionId);
  assert.equal(entry.playedMinutes, 60);
  assert.equal(entry.creditedMinutes, 60);
});

test('playing at 2× earns the time spent, not the lesson time covered', (t) => {
  const tc = openTestClassroom(t);
  const sessionId = classWith(tc);
  tap(tc.classroom, CARDS.zhang);
  const player = projector(tc.classroom, tc.clock, sessionId);
  player.rate(2);
  player.play(30 * MINUTE);
  tap(tc.classroom, CARDS.zhang);
  closeClass(tc.classroom, sessionId);
  const entry = hoursOf(tc, sessionId);
  assert.equal(entry.playedMinutes, 30);
  assert.equal(entry.hours, 1, '30 minutes reach the 30-minute band, not two units');
});

test('self-study: a missed attention check stops the hours until the learner taps again', (t) => {
  const tc = openTestClassroom(t, {
    // Left unanswered for longer than the 20 minutes below would end the session.
    attention: {
      minGapMs: 10 * MINUTE,
      maxGapMs: 20 * MINUTE,
      answerWindowMs: MINUTE,
      abandonAfterMs: 60 * MINUTE,
      random: () => 0.5,
    },
  });
  const { classroom } = tc;
  const identified = tap(classroom, CARDS.li);
  assert.equal(identified.kind, 'identified');
  const sessionId = startSelfStudy(classroom, {
    learnerId: 'li',
    cardHash: (identified as { cardHash: string }).cardHash,
    title: '党史学习',
  });
  const prompts: string[] = [];
  const tick = () => prompts.push(...attentionTicks(classroom).map((p) => p.action));
  const player = projector(classroom, tc.clock, sessionId);

  player.play(15 * MINUTE + 20_000, tick); // first prompt at 15 min, answered 20 s later
  assert.deepEqual(prompts, ['prompt']);
  assert.equal(tap(classroom, CARDS.li).kind, 'attention_passed');
  player.play(15 * MINUTE + 61_000, tick); // next prompt 15 min later, not answered
  assert.deepEqual(prompts, ['prompt', 'prompt', 'missed']);
  player.play(20 * MINUTE, tick); // still playing, nobody there
  assert.equal(tap(classroom, CARDS.li).kind, 'attention_passed', 'the tap resumes');
  player.play(5 * MINUTE, tick);
  assert.equal(tap(classroom, CARDS.li).kind, 'self_study_ended');

  const entry = hoursOf(tc, sessionId, 'li');
  assert.equal(entry.mode, 'self_study');
  // Present: 0 → the missed prompt at 30:20, then 5 minutes after the answer.
  assert.equal(entry.creditedMinutes, 35);
  assert.equal(entry.playedMinutes, 56);
  assert.equal(entry.hours, 0, 'below 80% of what was played');
});

test('a year of hours per learner against the target of their level', (t) => {
  const tc = openTestClassroom(t);
  for (let day = 0; day < 3; day += 1) {
    const sessionId = classWith(tc);
    tap(tc.classroom, CARDS.zhang);
    if (day < 2) tap(tc.classroom, CARDS.li);
    projector(tc.classroom, tc.clock, sessionId).play(90 * MINUTE);
    closeClass(tc.classroom, sessionId);
    tc.clock.advance(24 * 60 * MINUTE);
  }
  assert.equal(currentYear(tc.classroom), 2026);
  const year = yearHours(tc.classroom, DEFAULT_RULE_SET, 2026);
  assert.deepEqual(
    year.map((l) => [l.learnerId, l.classroomHours, l.target, l.met]),
    [
      ['li', 4, 80, false],
      ['zhang', 6, 50, false],
    ],
  );
  assert.deepEqual(
    yearHours(tc.classroom, DEFAULT_RULE_SET, 2025).map((l) => l.classroomHours),
    [0, 0],
  );
});

test('a card the station did not know: the class counts for the learner once the roster has the card', (t) => {
  const tc = openTestClassroom(t);
  const sessionId = classWith(tc);
  assert.equal(tap(tc.classroom, CARDS.wang).kind, 'unknown_card');
  tap(tc.classroom, CARDS.zhang);
  projector(tc.classroom, tc.clock, sessionId).play(60 * MINUTE);
  assert.equal(tap(tc.classroom, CARDS.wang).kind, 'unknown_card');
  tap(tc.classroom, CARDS.zhang);
  closeClass(tc.classroom, sessionId);
  assert.deepEqual(
    sessionHours(tc.classroom, sessionId, DEFAULT_RULE_SET).map((e) => e.learnerId),
    ['zhang'],
    'counted for nobody while unknown',
  );

  tc.addLearner('wang', CARDS.wang);
  const wang = hoursOf(tc, sessionId, 'wang');
  assert.equal(wang.creditedMinutes, 60);
  assert.equal(wang.hours, hoursOf(tc, sessionId, 'zhang').hours);
  const year = yearHours(tc.classroom, DEFAULT_RULE_SET, 2026, [{ id: 'wang', level: 'section_below' }]);
  assert.equal(year[0]!.classroomHours, 1);
});

/** What computeHours gives over the whole ledger for each learner on the roster: the reference. */
function fromWholeLedger(classroom: Classroom, rules: RuleSet) {
  const learners = classroom.catalog.prepare('SELECT id, level FROM learners ORDER BY id').all() as {
    id: string;
    level: 'county_division' | 'section_below';
  }[];
  const { entries } = computeHours(readEvents(classroom.db), rules, {
    learnerByCardHash: (cardHash) => learnerByCardHash(classroom, cardHash)?.id,
  });
  const expected = summariseHours({ entries, learners, rules, from: '2026-01-01', to: '2026-12-31' });
  return learners.map((learner, i) => ({ learner, expected: expected[i]! }));
}

function assertSameAsWholeLedger(classroom: Classroom, rules: RuleSet, when: string) {
  const whole = fromWholeLedger(classroom, rules);
  for (const { learner, expected } of whole)
    assert.deepEqual(learnerYearHours(classroom, rules, 2026, learner), expected, `${learner.id}, ${when}`);
  // Every learner's year at once, from the same kept sessions.
  assert.deepEqual(
    yearHours(classroom, rules, 2026),
    whole.map(({ expected }) => expected),
    `the whole roster, ${when}`,
  );
}

test("one learner's year from their own sessions equals computeHours over the whole ledger, as the ledger grows", async (t) => {
  const tc = openTestClassroom(t);
  const { classroom } = tc;
  // A class: zhang by card, wang's card not on the roster yet.
  const first = classWith(tc);
  tap(classroom, CARDS.zhang);
  assert.equal(tap(classroom, CARDS.wang).kind, 'unknown_card');
  const player = projector(classroom, tc.clock, first);
  player.play(70 * MINUTE);
  tap(classroom, CARDS.zhang);
  assert.equal(tap(classroom, CARDS.wang).kind, 'unknown_card');
  closeClass(classroom, first);
  assertSameAsWholeLedger(classroom, DEFAULT_RULE_SET, 'after a class with an unknown card');

  // A class across a reboot: both learners in, the station restarts mid-lecture.
  tc.clock.advance(3 * 60 * MINUTE);
  const second = classWith(tc);
  tap(classroom, CARDS.zhang);
  tap(classroom, CARDS.li);
  projector(classroom, tc.clock, second).play(40 * MINUTE);
  assertSameAsWholeLedger(classroom, DEFAULT_RULE_SET, 'in the middle of an open class');
  tc.clock.reboot(tc.clock.wallTime() + 3 * MINUTE);
  const restarted = createClassroom({ ledger: tc.ledger, catalog: classroom.catalog, cardHashKey: tc.siteKey });
  projector(restarted, tc.clock, second).play(50 * MINUTE);
  tap(restarted, CARDS.li);
  closeClass(restarted, second);
  assertSameAsWholeLedger(restarted, DEFAULT_RULE_SET, 'after the class across a reboot');

  // The roster learns wang's card: the first class now counts for him.
  tc.addLearner('wang', CARDS.wang);
  assertSameAsWholeLedger(restarted, DEFAULT_RULE_SET, 'once the roster has the unknown card');
  assert.equal(
    learnerYearHours(restarted, DEFAULT_RULE_SET, 2026, { id: 'wang', level: 'section_below' }).classroomHours,
    1.25,
  );

  // A correction to the first, closed class: the session changes long after it closed.
  const [zhangIn] = readEvents(restarted.db, { sessionId: first }).filter((event) => event.type === 'check_in');
  record(restarted, {
    type: 'correction',
    payload: {
      sessionId: first,
      learnerId: 'zhang',
      action: 'void',
      targetEventId: zhangIn!.id,
      reason: '代刷',
      operator: '王老师',
    },
  });
  assertSameAsWholeLedger(restarted, DEFAULT_RULE_SET, 'after a correction');

  // Another rule set: 45-minute class periods.
  const periods: RuleSet = { ...DEFAULT_RULE_SET, version: 2, unitMinutes: 45 };
  assertSameAsWholeLedger(restarted, periods, 'under other rules');

  // The background warm-up leaves the same figures.
  const fresh = createClassroom({ ledger: tc.ledger, catalog: classroom.catalog, cardHashKey: tc.siteKey });
  await warmLearnerHours(fresh, () => DEFAULT_RULE_SET);
  assertSameAsWholeLedger(fresh, DEFAULT_RULE_SET, 'after the warm-up');
});
