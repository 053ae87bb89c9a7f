import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Database from 'better-sqlite3';
import { readEvents } from '../ledger/ledger.ts';
import { startPlayback, playerSignal } from './playback.ts';
import {
  closeClass,
  closeDueSessions,
  createClass,
  currentClass,
  listSessions,
  openScheduledClass,
  scheduleOfDay,
  setPlaylist,
} from './sessions.ts';
import { MORNING, openTestClassroom } from './test-classroom.ts';

const HOUR = 3_600_000;

function seedSchedule(catalog: Database.Database): void {
  const insert = catalog.prepare(
    'INSERT INTO schedule (id, title, date, starts_at, ends_at, organiser, lesson_ids) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  insert.run(
    'sch-am',
    '学习贯彻党的二十大精神',
    '2026-11-27',
    new Date(MORNING).toISOString(),
    new Date(MORNING + 2 * HOUR).toISOString(),
    '县委党校',
    JSON.stringify(['lesson-1', 'lesson-2']),
  );
  insert.run(
    'sch-pm',
    '基层治理专题',
    '2026-11-27',
    new Date(MORNING + 5 * HOUR).toISOString(),
    new Date(MORNING + 7 * HOUR).toISOString(),
    '县委党校',
    JSON.stringify(['lesson-3']),
  );
  insert.run(
    'sch-next',
    '明天的课',
    '2026-11-28',
    new Date(MORNING + 24 * HOUR).toISOString(),
    new Date(MORNING + 26 * HOUR).toISOString(),
    '县委党校',
    '[]',
  );
}

test("today's classes come from the catalogue's schedule and open → in progress → closed", (t) => {
  const { classroom, clock } = openTestClassroom(t, { graceMs: 10 * 60_000 });
  seedSchedule(classroom.catalog);
  const today = scheduleOfDay(classroom, '2026-11-27');
  assert.deepEqual(
    today.map((entry) => entry.id),
    ['sch-am', 'sch-pm'],
  );

  const session = openScheduledClass(classroom, today[0]!);
  assert.equal(session.status, 'open');
  assert.deepEqual(session.lessonIds, ['lesson-1', 'lesson-2']);
  assert.equal(session.closesAt, MORNING + 2 * HOUR + 10 * 60_000);
  assert.equal(
    openScheduledClass(classroom, today[0]!).sessionId,
    session.sessionId,
    'opening it again returns the open class',
  );
  assert.equal(currentClass(classroom)?.sessionId, session.sessionId);

  startPlayback(classroom, session.sessionId, { lessonId: 'lesson-1' });
  playerSignal(classroom, session.sessionId, { kind: 'play', monoMs: clock.monoMs(), mediaS: 0 });
  assert.equal(currentClass(classroom)?.status, 'in_progress');

  clock.advance(2 * HOUR + 9 * 60_000);
  assert.deepEqual(closeDueSessions(classroom), [], 'not before the grace period is over');
  clock.advance(60_000);
  assert.deepEqual(closeDueSessions(classroom), [session.sessionId]);
  assert.equal(currentClass(classroom), null);
  assert.equal(listSessions(classroom, { sinceWall: 0 })[0]!.status, 'closed');
  assert.deepEqual(
    readEvents(classroom.db).map((event) => event.type),
    ['session.opened', 'session.closed'],
  );
});

test('an organiser creates a class at the station with its playlist, changes it and closes it by hand', (t) => {
  const { classroom } = openTestClassroom(t);
  const session = createClass(classroom, { title: '临时加课', lessonIds: ['lesson-9'], endsAt: null });
  assert.equal(session.closesAt, null);
  setPlaylist(classroom, session.sessionId, ['lesson-9', 'lesson-10']);
  assert.deepEqual(currentClass(classroom)?.lessonIds, ['lesson-9', 'lesson-10']);
  assert.deepEqual(closeDueSessions(classroom), [], 'no end time: never closed by itself');
  closeClass(classroom, session.sessionId);
  assert.throws(() => closeClass(classroom, session.sessionId), /already closed/);
  assert.throws(() => setPlaylist(classroom, session.sessionId, []), /is closed/);
});

test('closing a class records what was still playing', (t) => {
  const { classroom, clock } = openTestClassroom(t);
  const { sessionId } = createClass(classroom, { title: '党课', lessonIds: ['lesson-1'], endsAt: null });
  startPlayback(classroom, sessionId, { lessonId: 'lesson-1' });
  playerSignal(classroom, sessionId, { kind: 'play', monoMs: clock.monoMs(), mediaS: 0 });
  for (let i = 1; i <= 30; i += 1) {
    clock.advance(1000);
    playerSignal(classroom, sessionId, { kind: 'timeupdate', monoMs: clock.monoMs(), mediaS: i });
  }
  closeClass(classroom, sessionId);
  const [segment, closed] = readEvents(classroom.db).slice(-2);
  assert.equal(segment!.type, 'playback.segment');
  assert.deepEqual(segment!.payload, {
    sessionId,
    lessonId: 'lesson-1',
    channelId: null,
    startMonoMs: 1000,
    endMonoMs: 31_000,
  });
  assert.equal(closed!.type, 'session.closed');
  const log = classroom.db.prepare('SELECT signal, media_s FROM playback_log').all();
  assert.deepEqual(
    log,
    [
      { signal: 'play', media_s: 0 },
      { signal: 'pause', media_s: 30 },
    ],
    'discrete signals are logged, timeupdates are not; the close stops it where it stood',
  );
});

test('every close — by hand or when due — is announced once it is recorded (the hub link sends the class soon after)', (t) => {
  const { classroom, clock } = openTestClassroom(t);
  const closed: string[] = [];
  classroom.onSessionClosed = (sessionId) => {
    // Announced after the close is in the ledger, so a sync started now sends it.
    assert.equal(readEvents(classroom.db).at(-1)?.type, 'session.closed');
    closed.push(sessionId);
  };
  const byHand = createClass(classroom, { title: '临时加课', lessonIds: [], endsAt: null });
  closeClass(classroom, byHand.sessionId);
  const due = createClass(classroom, { title: '到点下课', lessonIds: [], endsAt: classroom.ledger.clock.wallTime() });
  assert.deepEqual(closeDueSessions(classroom), []);
  clock.advance(classroom.graceMs + 1);
  assert.deepEqual(closeDueSessions(classroom), [due.sessionId]);
  assert.deepEqual(closed, [byHand.sessionId, due.sessionId]);
});
