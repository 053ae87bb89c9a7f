// A class day through the channels, as the class screen and the reports see it: live minutes
// and provisional hours, the organiser's corrections, the final states after closing, the
// history of a period and its report, and a learner's own sessions.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import ExcelJS from 'exceljs';
import type { AttendanceView, HistoryEntry } from '../../preload/contract/channels.ts';
import { CARDS, MORNING } from './test-classroom.ts';
import { openChannelHarness, type ChannelHarness } from './test-host.ts';

const MINUTE = 60_000;
// The organiser stays unlocked through the test's days (the idle timeout has its own tests).
const DAYS = 3 * 24 * 60 * MINUTE;

/** The lecture plays for `minutes`, a timeupdate a minute, as the screen's player reports it. */
async function play(h: ChannelHarness, minutes: number, from = 0) {
  await h.value('player.signal', { lessonId: 'lesson-1', signal: { kind: 'play', mediaS: from * 60 } });
  for (let m = 1; m <= minutes; m += 1) {
    h.clock.advance(MINUTE);
    await h.value('player.signal', { lessonId: 'lesson-1', signal: { kind: 'timeupdate', mediaS: (from + m) * 60 } });
  }
}

const row = (view: AttendanceView, learnerId: string) => view.rows.find((r) => r.learnerId === learnerId)!;

/** An unlocked organiser (for the test's days) and a class 党课 open, zhang checked in. */
async function classWithZhang(t: TestContext) {
  const h = openChannelHarness(t, { organiserIdleMs: DAYS });
  const organiserSession = await h.unlock();
  const { sessionId } = await h.value<{ sessionId: string }>('organiser.createClass', {
    organiserSession,
    title: '党课',
  });
  await h.value('reader.tap', { cardNumber: CARDS.zhang });
  return { h, organiserSession, sessionId };
}

test('the class screen: minutes played, each learner present and credited minutes and hours, live; final states after closing', async (t) => {
  const { h, organiserSession, sessionId } = await classWithZhang(t);
  await h.value('reader.tap', { cardNumber: CARDS.li });
  h.clock.advance(7 * MINUTE);
  let view = await h.value<AttendanceView>('organiser.attendance', { organiserSession, sessionId });
  assert.equal(view.playedMinutes, 0);
  assert.equal(view.lastPlayedAt, null, 'nothing has played: the screen warns after five minutes');
  assert.equal(view.asOf - view.session.openedAt, 7 * MINUTE);
  assert.deepEqual(
    [row(view, 'zhang').presentMinutes, row(view, 'zhang').creditedMinutes, row(view, 'zhang').hours],
    [7, 0, 0],
    'present seven minutes, nothing credited without a lecture',
  );

  await play(h, 30);
  view = await h.value<AttendanceView>('organiser.attendance', { organiserSession, sessionId });
  assert.equal(view.playedMinutes, 30, 'counted up to now, before the running segment is recorded');
  assert.equal(view.lastPlayedAt, view.asOf, 'playing now');
  assert.deepEqual(
    [row(view, 'zhang').presentMinutes, row(view, 'zhang').creditedMinutes, row(view, 'zhang').hours],
    [37, 30, 1],
  );

  // li leaves early by the organiser's word; zhang taps out by mistake and is put back.
  view = await h.value<AttendanceView>('organiser.earlyLeave', {
    organiserSession,
    sessionId,
    learnerId: 'li',
    reason: '单位有急事',
  });
  assert.deepEqual([row(view, 'li').status, row(view, 'li').earlyLeaveReason], ['left_early', '单位有急事']);
  assert.deepEqual(
    await h.value('organiser.earlyLeave', { organiserSession, sessionId, learnerId: 'li', reason: '再次' }),
    { refused: 'not_present' },
  );
  await h.value('reader.tap', { cardNumber: CARDS.zhang });
  view = await h.value<AttendanceView>('organiser.undoCheckOut', {
    organiserSession,
    sessionId,
    learnerId: 'zhang',
    reason: '误刷卡',
  });
  assert.equal(row(view, 'zhang').status, 'present');
  assert.deepEqual(
    await h.value('organiser.undoCheckOut', { organiserSession, sessionId, learnerId: 'zhang', reason: '再次' }),
    { refused: 'not_checked_out' },
  );

  await play(h, 15, 30);
  await h.value('organiser.closeClass', { organiserSession, sessionId });
  view = await h.value<AttendanceView>('organiser.attendance', { organiserSession, sessionId });
  assert.deepEqual(
    view.rows.map((r) => [r.learnerId, r.status, r.creditedMinutes, r.hours]),
    [
      ['zhang', 'stayed', 45, 1],
      ['li', 'left_early', 30, 0],
      ['organiser-wang', 'absent', 0, 0],
    ],
    'nobody is "present" in a closed class; li left before 80% of the lecture; the organiser, on the roster, never tapped in',
  );
  assert.equal(view.session.closedAt, h.clock.wallTime());
  h.clock.advance(30 * MINUTE);
  const later = await h.value<AttendanceView>('organiser.attendance', { organiserSession, sessionId });
  assert.deepEqual(
    later.rows.map((r) => [r.presentMinutes, r.creditedMinutes]),
    view.rows.map((r) => [r.presentMinutes, r.creditedMinutes]),
    'the counters stopped at the close',
  );
  assert.equal(later.playedMinutes, 45);
});

test('the history of a period and its report: a row per class and learner, real numbers and dates', async (t) => {
  // Unlocking taps the organiser's card past the reader's debounce: the classes open at 09:00.
  const h = openChannelHarness(t, { organiserIdleMs: DAYS, wallStart: MORNING - 5_000 });
  const organiserSession = await h.unlock();
  for (const title of ['第一讲', '第二讲']) {
    const { sessionId } = await h.value<{ sessionId: string }>('organiser.createClass', { organiserSession, title });
    await h.value('reader.tap', { cardNumber: CARDS.zhang });
    await play(h, 45);
    await h.value('organiser.closeClass', { organiserSession, sessionId });
    h.clock.advance(24 * 60 * MINUTE);
  }
  const history = await h.value<{ entries: HistoryEntry[] }>('organiser.history', {
    organiserSession,
    from: '2026-11-27',
    to: '2026-11-28',
  });
  assert.deepEqual(
    history.entries.map((e) => [e.date, e.session.title, e.attended, e.playedMinutes, e.hours]),
    [
      ['2026-11-28', '第二讲', 1, 45, 1],
      ['2026-11-27', '第一讲', 1, 45, 1],
    ],
    'newest first',
  );
  const oneDay = await h.value<{ entries: HistoryEntry[] }>('organiser.history', {
    organiserSession,
    from: '2026-11-28',
    to: '2026-11-28',
  });
  assert.deepEqual(
    oneDay.entries.map((e) => e.session.title),
    ['第二讲'],
  );
  const backwards = await h.call('organiser.history', { organiserSession, from: '2026-11-28', to: '2026-11-27' });
  assert.equal(!backwards.ok && backwards.error.code, 'VALIDATION');

  const file = await h.value<{ fileName: string; base64: string }>('organiser.rangeReport', {
    organiserSession,
    from: '2026-11-27',
    to: '2026-11-28',
    format: 'xlsx',
  });
  assert.equal(file.fileName, '2026-11-27_2026-11-28.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ExcelJS.Buffer);
  const ws = book.worksheets[0]!;
  assert.equal(ws.getCell('A1').value, '考勤汇总报表');
  assert.deepEqual([ws.getCell('A2').value, ws.getCell('B2').value], ['日期范围', '2026-11-27 – 2026-11-28']);
  const header = ws.getRow(9).values as unknown[];
  assert.deepEqual(header.slice(1, 4), ['日期', '班次', '姓名']);
  const first = ws.getRow(10).values as unknown[];
  assert.deepEqual(first.slice(1, 4), ['2026-11-27', '第一讲', '学员zhang']);
  const checkedIn = first[8] as Date;
  assert.ok(checkedIn instanceof Date);
  assert.equal(checkedIn.toISOString(), '2026-11-27T09:00:00.000Z', '09:00 China time, as the report shows it');
  assert.deepEqual(first.slice(10, 13), [45, 45, 1], 'minutes and hours are numbers');
  assert.equal(ws.rowCount, 11, 'two classes, one learner each');
});

test('"我的学时": the tapping learner sees their own sessions of the year, newest first', async (t) => {
  const { h, organiserSession, sessionId } = await classWithZhang(t);
  await play(h, 60);
  await h.value('organiser.closeClass', { organiserSession, sessionId });
  const tap = await h.value<{ tapId: string }>('reader.tap', { cardNumber: CARDS.zhang });
  assert.deepEqual(await h.value('learner.sessions', { tapId: tap.tapId }), {
    year: 2026,
    sessions: [{ date: '2026-11-27', title: '党课', mode: 'class', creditedMinutes: 60, hours: 1 }],
  });
  assert.deepEqual(await h.value('learner.sessions', { tapId: 'nobody' }), { refused: 'tap_expired' });
});
