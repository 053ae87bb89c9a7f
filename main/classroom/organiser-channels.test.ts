import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CARDS } from './test-classroom.ts';
import { LOCK_MS, MAX_FAILURES } from './pin-guard.ts';
import { openChannelHarness, ORGANISER_INPUT } from './test-host.ts';

const organiser = ORGANISER_INPUT;

function addSchedule(h: ReturnType<typeof openChannelHarness>, id: string, startsAt: number, endsAt: number): void {
  h.classroom.catalog
    .prepare(
      'INSERT INTO schedule (id, title, date, starts_at, ends_at, organiser, lesson_ids) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      id,
      `班次 ${id}`,
      '2026-11-27',
      new Date(startsAt).toISOString(),
      new Date(endsAt).toISOString(),
      '县委组织部',
      '[]',
    );
}

test('the PIN guards every organiser call, and too many wrong PINs lock it for a while', async (t) => {
  const h = openChannelHarness(t);
  assert.deepEqual(await h.value('organiser.unlock', { pin: '2468' }), { unlocked: true });
  assert.deepEqual(await h.value('organiser.schedule', { organiser: { ...organiser, pin: '1111' } }), {
    refused: 'pin_wrong',
  });
  for (let i = 1; i < MAX_FAILURES; i += 1)
    assert.deepEqual(await h.value('organiser.unlock', { pin: '9999' }), { refused: 'pin_wrong' });
  // Locked: even the right PIN is refused until the minute is over.
  assert.deepEqual(await h.value('organiser.unlock', { pin: '2468' }), { refused: 'pin_locked' });
  h.clock.advance(LOCK_MS);
  assert.deepEqual(await h.value('organiser.unlock', { pin: '2468' }), { unlocked: true });
});

test('replacing the PIN needs the current one; a malformed PIN is a validation error', async (t) => {
  const h = openChannelHarness(t);
  assert.deepEqual(await h.value('classroom.status', {}).then((s) => s.pinSet), true);
  assert.deepEqual(await h.value('organiser.setPin', { pin: '135790' }), { refused: 'pin_wrong' });
  assert.deepEqual(await h.value('organiser.setPin', { pin: '135790', currentPin: '2468' }), { pinSet: true });
  assert.deepEqual(await h.value('organiser.unlock', { pin: '135790' }), { unlocked: true });
  const bad = await h.call('organiser.setPin', { pin: '12a4' });
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.error.code, 'VALIDATION');
  const extra = await h.call('organiser.closeClass', { organiser, sessionId: 'x', force: true });
  assert.equal(!extra.ok && extra.error.code, 'VALIDATION');
});

test("today's schedule is listed with station times; a class over is refused, an open one joined", async (t) => {
  const h = openChannelHarness(t);
  const now = h.clock.wallTime();
  addSchedule(h, 'morning', now - 10 * 60_000, now + 80 * 60_000);
  addSchedule(h, 'early', now - 3 * 3600_000, now - 2 * 3600_000);
  const day = await h.value<{ date: string; entries: { id: string; ended: boolean; session: unknown }[] }>(
    'organiser.schedule',
    { organiser },
  );
  assert.equal(day.date, '2026-11-27');
  assert.deepEqual(
    day.entries.map((e) => [e.id, e.ended, e.session]),
    [
      ['early', true, null],
      ['morning', false, null],
    ],
  );
  assert.deepEqual(await h.value('organiser.openScheduled', { organiser, scheduleId: 'early' }), {
    refused: 'schedule_ended',
  });
  assert.deepEqual(await h.value('organiser.openScheduled', { organiser, scheduleId: 'nope' }), {
    refused: 'no_such_schedule',
  });
  const opened = await h.value<{ sessionId: string; status: string }>('organiser.openScheduled', {
    organiser,
    scheduleId: 'morning',
  });
  assert.equal(opened.status, 'open');
  const again = await h.value<{ sessionId: string }>('organiser.openScheduled', { organiser, scheduleId: 'morning' });
  assert.equal(again.sessionId, opened.sessionId);
  const status = await h.value<{ currentClass: { sessionId: string } }>('classroom.status', {});
  assert.equal(status.currentClass.sessionId, opened.sessionId);
  assert.ok(h.events.some((e) => e.event === 'classroom.statusChanged'));
});

test('the attendance list: present, left, absent, late, manual, pending — and closing ends it', async (t) => {
  const h = openChannelHarness(t);
  h.addLearner('wang', CARDS.wang);
  const session = await h.value<{ sessionId: string }>('organiser.createClass', { organiser, title: '专题讲座' });
  await h.value('reader.tap', { cardNumber: CARDS.zhang });
  h.clock.advance(11 * 60_000);
  await h.value('reader.tap', { cardNumber: CARDS.li });
  h.clock.advance(6_000);
  await h.value('reader.tap', { cardNumber: CARDS.li }); // out again
  await h.value('reader.tap', { cardNumber: '0099999999' });
  const manual = await h.value<{
    rows: { learnerId: string; status: string; late: boolean; manual: boolean }[];
    counts: Record<string, number>;
    pending: { masked: string }[];
  }>('organiser.manualCheckIn', { organiser, sessionId: session.sessionId, learnerId: 'wang', reason: '忘带卡' });
  assert.deepEqual(
    manual.rows.map((r) => [r.learnerId, r.status, r.late, r.manual]),
    [
      ['zhang', 'present', false, false],
      ['wang', 'present', true, true],
      ['li', 'left', true, false],
    ],
  );
  assert.deepEqual(manual.counts, { present: 2, left: 1, absent: 0, late: 2, roster: 3 });
  assert.deepEqual(
    manual.pending.map((p) => p.masked),
    ['******9999'],
  );
  assert.deepEqual(
    await h.value('organiser.manualCheckIn', {
      organiser,
      sessionId: session.sessionId,
      learnerId: 'wang',
      reason: '再次',
    }),
    { refused: 'already_present' },
  );
  assert.deepEqual(
    await h.value('organiser.manualCheckIn', {
      organiser,
      sessionId: session.sessionId,
      learnerId: 'nobody',
      reason: '测试',
    }),
    { refused: 'unknown_learner' },
  );
  const changes = h.events
    .filter((e) => e.event === 'classroom.attendanceChanged')
    .map((e) => (e.payload as { present: number }).present);
  assert.deepEqual(changes, [1, 2, 1, 1, 2]);

  const closed = await h.value<{ status: string }>('organiser.closeClass', { organiser, sessionId: session.sessionId });
  assert.equal(closed.status, 'closed');
  assert.deepEqual(await h.value('organiser.closeClass', { organiser, sessionId: session.sessionId }), {
    refused: 'session_closed',
  });
  assert.deepEqual(await h.value('organiser.attendance', { organiser, sessionId: 'no-such' }), {
    refused: 'no_such_session',
  });
  // With no class open, a roster card is a self-study identification, not a check-in.
  assert.equal((await h.value<{ kind: string }>('reader.tap', { cardNumber: CARDS.wang })).kind, 'identified');
});

test('the report holds names, units and masked numbers, never a card number', async (t) => {
  const h = openChannelHarness(t);
  const session = await h.value<{ sessionId: string }>('organiser.createClass', { organiser, title: '专题讲座' });
  await h.value('reader.tap', { cardNumber: CARDS.zhang });
  await h.value('reader.tap', { cardNumber: '0099999999' });
  const csv = await h.value<{ fileName: string; base64: string }>('organiser.report', {
    organiser,
    sessionId: session.sessionId,
    format: 'csv',
  });
  assert.equal(csv.fileName, '2026-11-27 专题讲座.csv');
  const text = Buffer.from(csv.base64, 'base64').toString('utf8');
  assert.match(text, /^\uFEFF序号,姓名,单位,状态/);
  assert.match(text, /学员zhang,县委组织部,在场,,,2026-11-27 09:00/);
  assert.match(text, /学员li,县委组织部,缺席/);
  assert.match(text, /未登记卡 \*{6}9999/);
  for (const number of [CARDS.zhang, '0099999999']) assert.equal(text.includes(number), false);
  const xlsx = await h.value<{ fileName: string; base64: string }>('organiser.report', {
    organiser,
    sessionId: session.sessionId,
    format: 'xlsx',
    locale: 'en',
  });
  assert.equal(xlsx.fileName, '2026-11-27 专题讲座.xlsx');
  assert.equal(Buffer.from(xlsx.base64, 'base64').subarray(0, 4).toString('hex'), '504b0304');
});
