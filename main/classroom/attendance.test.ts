import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readEvents } from '../ledger/ledger.ts';
import { DEFAULT_RULE_SET } from '../../protocol/hour-rules.ts';
import {
  attendanceOf,
  manualCheckIn,
  markEarlyLeave,
  pendingCards,
  resolvePendingCards,
  tap,
  undoCheckOut,
} from './attendance.ts';
import { closeClass, createClass } from './sessions.ts';
import { addOrganiser, CARDS, ORGANISER, openTestClassroom } from './test-classroom.ts';

test('taps alternate check-in and check-out per learner, each durable in the ledger', (t) => {
  const { classroom, clock } = openTestClassroom(t);
  const { sessionId } = createClass(classroom, { title: '党课', lessonIds: [], endsAt: null });
  assert.equal(tap(classroom, CARDS.zhang).kind, 'checked_in');
  assert.equal(tap(classroom, CARDS.li).kind, 'checked_in', 'another learner is independent');
  clock.advance(60_000);
  assert.equal(tap(classroom, CARDS.zhang).kind, 'checked_out');
  clock.advance(60_000);
  const again = tap(classroom, ` ${CARDS.zhang.slice(0, 5)}-${CARDS.zhang.slice(5)} `);
  assert.equal(again.kind, 'checked_in', 'the same card however the reader formats it');
  const types = readEvents(classroom.db, { sessionId }).map(
    (event) => `${event.type}:${'learnerId' in event.payload ? event.payload.learnerId : ''}`,
  );
  assert.deepEqual(types, ['session.opened:', 'check_in:zhang', 'check_in:li', 'check_out:zhang', 'check_in:zhang']);
  assert.deepEqual(
    attendanceOf(classroom, sessionId).map((row) => [row.learnerId, row.present]),
    [
      ['zhang', true],
      ['li', true],
    ],
  );
});

test('the same card again within a few seconds is ignored, also while it is held on the reader', (t) => {
  const { classroom, clock } = openTestClassroom(t);
  createClass(classroom, { title: '党课', lessonIds: [], endsAt: null });
  assert.equal(tap(classroom, CARDS.zhang).kind, 'checked_in');
  clock.advance(2000);
  assert.equal(tap(classroom, CARDS.zhang).kind, 'ignored');
  for (let i = 0; i < 10; i += 1) {
    clock.advance(1000);
    assert.equal(tap(classroom, CARDS.zhang).kind, 'ignored', 'a card left on the reader repeats every second');
  }
  assert.equal(tap(classroom, CARDS.li).kind, 'checked_in', 'another card is not held back');
  clock.advance(5000);
  assert.equal(tap(classroom, CARDS.zhang).kind, 'checked_out');
  assert.equal(readEvents(classroom.db).length, 4);
});

test('an unknown card is kept pending with a masked number, never the number, and resolved when the roster learns it', (t) => {
  const { classroom, dir, addLearner } = openTestClassroom(t);
  const { sessionId } = createClass(classroom, { title: '党课', lessonIds: [], endsAt: null });
  const result = tap(classroom, CARDS.wang);
  assert.deepEqual(
    { ...result, pendingId: undefined },
    { kind: 'unknown_card', sessionId, masked: '******0000', pendingId: undefined },
  );
  const events = readEvents(classroom.db);
  assert.deepEqual(
    events.map((event) => event.type),
    ['session.opened', 'check_in.unknown_card'],
    'the tap is a signed, durable record',
  );
  assert.deepEqual(
    Object.keys(events[1]!.payload).sort(),
    ['cardHash', 'sessionId'],
    'the keyed hash only, never a number',
  );
  assert.equal(JSON.stringify(events).includes(CARDS.wang), false);
  assert.deepEqual(
    pendingCards(classroom, sessionId).map((card) => [card.masked, card.resolvedLearnerId]),
    [['******0000', null]],
  );
  classroom.db.pragma('wal_checkpoint(TRUNCATE)');
  for (const file of fs.readdirSync(dir).filter((name) => name.startsWith('ledger.db'))) {
    assert.equal(
      fs.readFileSync(path.join(dir, file)).includes(CARDS.wang),
      false,
      `${file} does not hold the card number`,
    );
  }
  addLearner('wang', CARDS.wang);
  assert.equal(resolvePendingCards(classroom), 1);
  assert.deepEqual(
    pendingCards(classroom).map((card) => card.resolvedLearnerId),
    ['wang'],
  );
  assert.throws(
    () => classroom.db.prepare("UPDATE pending_cards SET resolved_learner_id = 'li'").run(),
    /only its resolution is written, once/,
  );
});

test('an unknown card alternates check-in and check-out with the same debounce; once the roster knows it, the next tap continues as the learner', (t) => {
  const { classroom, clock, addLearner } = openTestClassroom(t);
  const { sessionId } = createClass(classroom, { title: '党课', lessonIds: [], endsAt: null });
  assert.equal(tap(classroom, CARDS.wang).kind, 'unknown_card');
  clock.advance(2000);
  assert.equal(tap(classroom, CARDS.wang).kind, 'ignored', 'a card held on the reader');
  clock.advance(60_000);
  assert.equal(tap(classroom, CARDS.wang).kind, 'unknown_card');
  clock.advance(60_000);
  assert.equal(tap(classroom, CARDS.wang).kind, 'unknown_card');
  assert.deepEqual(
    readEvents(classroom.db, { sessionId }).map((event) => event.type),
    ['session.opened', 'check_in.unknown_card', 'check_out.unknown_card', 'check_in.unknown_card'],
  );
  assert.equal(pendingCards(classroom, sessionId).length, 3, "each tap is on the organiser's list, masked");
  addLearner('wang', CARDS.wang);
  assert.deepEqual(
    attendanceOf(classroom, sessionId).map((row) => [row.learnerId, row.present]),
    [['wang', true]],
  );
  assert.throws(
    () => manualCheckIn(classroom, { sessionId, learnerId: 'wang', reason: '补录' }, ORGANISER),
    /already checked in/,
    'present by the card tapped while unknown',
  );
  clock.advance(60_000);
  const result = tap(classroom, CARDS.wang);
  assert.equal(result.kind, 'checked_out', 'checked in while unknown, so this tap checks out');
  assert.deepEqual(readEvents(classroom.db, { sessionId }).at(-1)!.payload, { sessionId, learnerId: 'wang' });
  assert.deepEqual(
    attendanceOf(classroom, sessionId).map((row) => [row.learnerId, row.present]),
    [['wang', false]],
    "the organiser's list counts the taps made while unknown",
  );
});

test('a manual check-in needs a roster learner, and names the organiser and reason', (t) => {
  const { classroom } = openTestClassroom(t);
  const { sessionId } = createClass(classroom, { title: '党课', lessonIds: [], endsAt: null });
  const input = { sessionId, learnerId: 'li', reason: '忘带卡' };
  assert.throws(() => manualCheckIn(classroom, { ...input, learnerId: 'nobody' }, ORGANISER), /not on the roster/);
  manualCheckIn(classroom, input, ORGANISER);
  assert.throws(() => manualCheckIn(classroom, input, ORGANISER), /already checked in/);
  const event = readEvents(classroom.db).at(-1)!;
  assert.equal(event.type, 'check_in.manual');
  assert.deepEqual(event.payload, { sessionId, learnerId: 'li', reason: '忘带卡', operator: '王老师' });
  assert.deepEqual(
    attendanceOf(classroom, sessionId).map((row) => [row.learnerId, row.present, row.manual]),
    [['li', true, true]],
  );
  assert.equal(tap(classroom, CARDS.li).kind, 'checked_out', 'a card tap after a manual check-in checks out');
});

test('with no class open, a known card identifies the learner for self-study', (t) => {
  const { classroom } = openTestClassroom(t);
  const result = tap(classroom, CARDS.li);
  assert.equal(result.kind, 'identified');
  assert.equal(readEvents(classroom.db).length, 0);
});

test('the re-tap window: a second tap "to be sure" answers already checked in and records nothing', (t) => {
  const { classroom, clock } = openTestClassroom(t, { rules: () => DEFAULT_RULE_SET });
  const { sessionId } = createClass(classroom, { title: '党课', lessonIds: [], endsAt: null });
  assert.equal(tap(classroom, CARDS.zhang).kind, 'checked_in');
  clock.advance(9_000);
  assert.equal(tap(classroom, CARDS.zhang).kind, 'already_checked_in', 'nine seconds later');
  clock.advance(9 * 60_000);
  assert.equal(tap(classroom, CARDS.zhang).kind, 'already_checked_in', 'still inside ten minutes');
  assert.deepEqual(
    readEvents(classroom.db, { sessionId }).map((event) => event.type),
    ['session.opened', 'check_in'],
  );
  assert.deepEqual(
    attendanceOf(classroom, sessionId).map((row) => [row.learnerId, row.present]),
    [['zhang', true]],
  );
  // An unknown card, the same.
  assert.equal(tap(classroom, CARDS.wang).kind, 'unknown_card');
  clock.advance(30_000);
  assert.equal(tap(classroom, CARDS.wang).kind, 'unknown_card');
  assert.equal(pendingCards(classroom, sessionId).length, 1, 'one pending tap, not two');
  assert.equal(readEvents(classroom.db, { sessionId }).length, 3);
});

test('a check-out before the minimum presence waits for a second tap; after it one tap checks out', (t) => {
  const { classroom, clock } = openTestClassroom(t, { rules: () => DEFAULT_RULE_SET });
  const { sessionId } = createClass(classroom, { title: '党课', lessonIds: [], endsAt: null });
  tap(classroom, CARDS.zhang);
  tap(classroom, CARDS.li);
  clock.advance(12 * 60_000);
  assert.equal(tap(classroom, CARDS.zhang).kind, 'confirm_check_out');
  assert.equal(readEvents(classroom.db, { sessionId }).at(-1)!.type, 'check_in', 'nothing recorded yet');
  clock.advance(90_000);
  assert.equal(tap(classroom, CARDS.zhang).kind, 'confirm_check_out', 'a confirmation too late asks again');
  clock.advance(10_000);
  assert.equal(tap(classroom, CARDS.zhang).kind, 'checked_out', 'the second tap within a minute confirms');
  clock.advance(10 * 60_000);
  assert.equal(tap(classroom, CARDS.li).kind, 'checked_out', 'after twenty minutes one tap is enough');
  assert.deepEqual(
    readEvents(classroom.db, { sessionId })
      .slice(-2)
      .map((event) => event.type),
    ['check_out', 'check_out'],
  );
});

test("an organiser's card in their own open class checks them in once and then only names them (it unlocks the class screen)", (t) => {
  const tc = openTestClassroom(t, { rules: () => DEFAULT_RULE_SET });
  addOrganiser(tc);
  const { classroom, clock } = tc;
  const { sessionId } = createClass(classroom, { title: '党课', lessonIds: [], endsAt: null });
  assert.equal(tap(classroom, CARDS.organiser).kind, 'checked_in');
  for (const minutes of [5, 15, 60]) {
    clock.advance(minutes * 60_000);
    const again = tap(classroom, CARDS.organiser);
    assert.deepEqual([again.kind, 'learner' in again && again.learner.name], ['already_checked_in', ORGANISER.name]);
  }
  assert.deepEqual(
    readEvents(classroom.db, { sessionId }).map((event) => event.type),
    ['session.opened', 'check_in'],
    'unlocking again and again never checks the organiser out',
  );
});

test('the organiser undoes a check-out and marks an early leave, each named and with its reason', (t) => {
  const { classroom, clock } = openTestClassroom(t);
  const { sessionId } = createClass(classroom, { title: '党课', lessonIds: [], endsAt: null });
  tap(classroom, CARDS.zhang);
  tap(classroom, CARDS.li);
  clock.advance(60_000);
  tap(classroom, CARDS.zhang);
  const input = { sessionId, learnerId: 'zhang', reason: '误刷卡' };
  assert.throws(() => markEarlyLeave(classroom, input, ORGANISER), /not checked in/);
  undoCheckOut(classroom, input, ORGANISER);
  const voided = readEvents(classroom.db, { sessionId }).at(-1)!;
  assert.equal(voided.type, 'correction');
  assert.deepEqual(
    { ...voided.payload, targetEventId: undefined },
    { sessionId, learnerId: 'zhang', action: 'void', targetEventId: undefined, reason: '误刷卡', operator: '王老师' },
  );
  assert.throws(() => undoCheckOut(classroom, input, ORGANISER), /no check-out to undo/);
  assert.deepEqual(
    attendanceOf(classroom, sessionId).map((row) => [row.learnerId, row.present]),
    [
      ['zhang', true],
      ['li', true],
    ],
  );
  clock.advance(60_000);
  assert.equal(tap(classroom, CARDS.zhang).kind, 'checked_out', 'present again: the next tap checks out');

  markEarlyLeave(classroom, { sessionId, learnerId: 'li', reason: '单位有急事' }, ORGANISER);
  const left = readEvents(classroom.db, { sessionId }).at(-1)!;
  assert.deepEqual(left.payload, { sessionId, learnerId: 'li', reason: '单位有急事', operator: '王老师' });
  assert.equal(left.type, 'check_out.manual');
  const li = attendanceOf(classroom, sessionId).find((row) => row.learnerId === 'li')!;
  assert.deepEqual([li.present, li.earlyLeave, li.outWall], [false, '单位有急事', left.wallTime]);
  assert.equal(tap(classroom, CARDS.li).kind, 'checked_in', 'coming back checks in again');
  closeClass(classroom, sessionId);
  assert.throws(() => undoCheckOut(classroom, input, ORGANISER), /closed/);
});
