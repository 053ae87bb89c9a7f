import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { openAccounts } from '../station/accounts.ts';
import { FIRST_DELAY_MS, FREE_TRIES } from '../station/pin-lockout.ts';
import { CARDS, ORGANISER_ID } from './test-classroom.ts';
import { DEFAULT_ORGANISER_IDLE_MS } from './organiser-sessions.ts';
import { openChannelHarness, ORGANISER_UNLOCK } from './test-host.ts';

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

/** A tap of `card` and its id, as the class screen's gate gets it. */
async function tapOf(h: ReturnType<typeof openChannelHarness>, card: string): Promise<string> {
  h.clock.advance(h.classroom.debounceMs);
  return (await h.value<{ tapId: string }>('reader.tap', { cardNumber: card })).tapId;
}

test("an organiser's card and PIN open a session; wrong PINs lock that organiser only, with a growing delay", async (t) => {
  const h = openChannelHarness(t);
  const unlock = async (pin = ORGANISER_UNLOCK.pin, card: string = ORGANISER_UNLOCK.card) =>
    h.value<Record<string, unknown>>('organiser.unlock', { tapId: await tapOf(h, card), pin });
  const unlocked = await unlock();
  assert.equal(unlocked.unlocked, true);
  assert.equal(unlocked.name, '王老师', 'the name comes from the roster, not from the screen');
  assert.equal(unlocked.idleTimeoutMs, DEFAULT_ORGANISER_IDLE_MS);
  assert.match(String(unlocked.organiserSession), /^[\w-]{43}$/, '256 random bits, not the PIN');
  assert.notEqual((await unlock()).organiserSession, unlocked.organiserSession, 'every unlock opens its own session');
  assert.deepEqual(await h.value('organiser.schedule', { organiserSession: 'x'.repeat(43) }), {
    refused: 'organiser_session_expired',
  });
  assert.equal((await h.call('organiser.schedule', { organiser: ORGANISER_UNLOCK })).ok, false, 'no PIN on calls');

  // A learner who is no organiser, and a tap nobody made, open nothing — whatever the PIN.
  assert.deepEqual(await unlock(ORGANISER_UNLOCK.pin, CARDS.zhang), { refused: 'not_organiser' });
  assert.deepEqual(await h.value('organiser.unlock', { tapId: 'no-such-tap', pin: '2468' }), {
    refused: 'tap_expired',
  });

  for (let i = 1; i < FREE_TRIES; i += 1) assert.deepEqual(await unlock('9999'), { refused: 'pin_wrong' });
  assert.deepEqual(await unlock('9999'), { refused: 'pin_wrong' });
  // Locked: even the right PIN is refused until the delay is over …
  assert.deepEqual(await unlock(), { refused: 'pin_locked' });
  // … while attendance goes on: the locked-out organiser's own card and everyone else's still count.
  const { sessionId } = await h.value<{ sessionId: string }>('organiser.createClass', {
    organiserSession: String(unlocked.organiserSession),
    title: '班',
  });
  assert.equal((await h.value<{ kind: string }>('reader.tap', { cardNumber: CARDS.li })).kind, 'checked_in');
  h.clock.advance(h.classroom.debounceMs);
  assert.equal((await h.value<{ kind: string }>('reader.tap', { cardNumber: CARDS.organiser })).kind, 'checked_in');
  assert.ok(sessionId);
  h.clock.advance(FIRST_DELAY_MS);
  // The next wrong PIN locks for twice as long.
  assert.deepEqual(await unlock('9999'), { refused: 'pin_wrong' });
  h.clock.advance(FIRST_DELAY_MS);
  assert.deepEqual(await unlock(), { refused: 'pin_locked' });
  h.clock.advance(FIRST_DELAY_MS);
  assert.equal((await unlock()).unlocked, true);
});

test('an organiser without a PIN cannot unlock until the hub or a technician sets one; nobody claims it at the screen', async (t) => {
  const h = openChannelHarness(t);
  h.classroom.catalog.prepare('UPDATE learners SET organiser_pin_hash = NULL WHERE organiser = 1').run();
  assert.equal((await h.value<{ pinSet: boolean }>('classroom.status', {})).pinSet, false);
  assert.deepEqual(await h.value('organiser.unlock', { tapId: await tapOf(h, CARDS.organiser), pin: '2468' }), {
    refused: 'organiser_pin_not_set',
  });
  assert.equal((await h.call('organiser.setPin', { pin: '135790' })).ok, false, 'no channel claims a PIN');
  // The technician's reset (technician-channels.ts) writes the station's own PIN for the organiser.
  openAccounts(h.dir, h.clock.wallTime).setOrganiserPin(ORGANISER_ID, '135790');
  assert.equal((await h.value<{ pinSet: boolean }>('classroom.status', {})).pinSet, true);
  const answer = await h.value<{ unlocked?: boolean }>('organiser.unlock', {
    tapId: await tapOf(h, CARDS.organiser),
    pin: '135790',
  });
  assert.equal(answer.unlocked, true);
  const bad = await h.call('organiser.unlock', { tapId: 'x', pin: '12a4' });
  assert.equal(!bad.ok && bad.error.code, 'VALIDATION');
});

test('one scrypt run at unlock; none for any organiser call, tap or attendance refresh afterwards', async (t) => {
  const h = openChannelHarness(t);
  const scrypt = t.mock.method(crypto, 'scryptSync');
  const organiserSession = await h.unlock();
  assert.equal(scrypt.mock.callCount(), 1, 'the PIN is checked once, at unlock');

  addSchedule(h, 'morning', h.clock.wallTime() - 10 * 60_000, h.clock.wallTime() + 80 * 60_000);
  await h.value('organiser.schedule', { organiserSession });
  const { sessionId } = await h.value<{ sessionId: string }>('organiser.openScheduled', {
    organiserSession,
    scheduleId: 'morning',
  });
  for (const card of [CARDS.zhang, CARDS.li]) {
    await h.value('reader.tap', { cardNumber: card });
    // What the organiser's screen does after every tap.
    await h.value('organiser.attendance', { organiserSession, sessionId });
  }
  await h.value('organiser.manualCheckIn', { organiserSession, sessionId, learnerId: 'zhang', reason: '测试' });
  await h.value('organiser.report', { organiserSession, sessionId, format: 'csv' });
  await h.value('organiser.closeClass', { organiserSession, sessionId });
  await h.value('organiser.createClass', { organiserSession, title: '临时班' });
  assert.equal(scrypt.mock.callCount(), 1, 'no scrypt after the unlock');
});

test('a session ends after the idle time without an organiser call, when locked, and when the PIN is reset', async (t) => {
  const idleMs = 10 * 60_000;
  const h = openChannelHarness(t, { organiserIdleMs: idleMs });
  const expired = { refused: 'organiser_session_expired' };
  const organiserSession = await h.unlock();
  // Each call restarts the idle time: an organiser at work is never sent back.
  for (let i = 0; i < 3; i += 1) {
    h.clock.advance(idleMs - 1000);
    assert.ok('date' in (await h.value('organiser.schedule', { organiserSession })));
  }
  h.clock.advance(idleMs);
  assert.deepEqual(await h.value('organiser.schedule', { organiserSession }), expired, 'idle too long');
  assert.deepEqual(await h.value('organiser.createClass', { organiserSession, title: '班' }), expired);

  // The wall clock set forward (a technician fixing the time) ends nobody's session.
  const again = await h.unlock();
  h.clock.setWall(h.clock.wallTime() + 24 * 3600_000);
  assert.ok('date' in (await h.value('organiser.schedule', { organiserSession: again })));

  assert.deepEqual(await h.value('organiser.lock', { organiserSession: again }), { locked: true });
  assert.deepEqual(await h.value('organiser.schedule', { organiserSession: again }), expired, 'locked');
  assert.deepEqual(await h.value('organiser.lock', { organiserSession: again }), { locked: true }, 'twice is fine');

  const first = await h.unlock();
  const second = await h.unlock();
  // What the technician's PIN reset does for this organiser.
  h.organiserSessions.closeAll((identity) => identity.learnerId === ORGANISER_ID);
  for (const session of [first, second])
    assert.deepEqual(await h.value('organiser.schedule', { organiserSession: session }), expired, 'new PIN');
});

test('the audit name of a manual check-in is the one given at unlock, whatever a call says', async (t) => {
  const h = openChannelHarness(t);
  const organiserSession = await h.unlock();
  const { sessionId } = await h.value<{ sessionId: string }>('organiser.createClass', {
    organiserSession,
    title: '班',
  });
  const forged = await h.call('organiser.manualCheckIn', {
    organiserSession,
    sessionId,
    learnerId: 'li',
    reason: '忘带卡',
    name: '别人',
  });
  assert.equal(!forged.ok && forged.error.code, 'VALIDATION');
  await h.value('organiser.manualCheckIn', { organiserSession, sessionId, learnerId: 'li', reason: '忘带卡' });
  const event = h.classroom.db
    .prepare("SELECT json_extract(payload, '$.operator') AS operator FROM events WHERE type = 'check_in.manual'")
    .get() as { operator: string };
  assert.equal(event.operator, '王老师');
});

test("today's schedule is listed with station times; a class over is refused, an open one joined", async (t) => {
  const h = openChannelHarness(t);
  const organiserSession = await h.unlock();
  const now = h.clock.wallTime();
  addSchedule(h, 'morning', now - 10 * 60_000, now + 80 * 60_000);
  addSchedule(h, 'early', now - 3 * 3600_000, now - 2 * 3600_000);
  const day = await h.value<{ date: string; entries: { id: string; ended: boolean; session: unknown }[] }>(
    'organiser.schedule',
    { organiserSession },
  );
  assert.equal(day.date, '2026-11-27');
  assert.deepEqual(
    day.entries.map((e) => [e.id, e.ended, e.session]),
    [
      ['early', true, null],
      ['morning', false, null],
    ],
  );
  assert.deepEqual(await h.value('organiser.openScheduled', { organiserSession, scheduleId: 'early' }), {
    refused: 'schedule_ended',
  });
  assert.deepEqual(await h.value('organiser.openScheduled', { organiserSession, scheduleId: 'nope' }), {
    refused: 'no_such_schedule',
  });
  const opened = await h.value<{ sessionId: string; status: string }>('organiser.openScheduled', {
    organiserSession,
    scheduleId: 'morning',
  });
  assert.equal(opened.status, 'open');
  const again = await h.value<{ sessionId: string }>('organiser.openScheduled', {
    organiserSession,
    scheduleId: 'morning',
  });
  assert.equal(again.sessionId, opened.sessionId);
  const status = await h.value<{ currentClass: { sessionId: string } }>('classroom.status', {});
  assert.equal(status.currentClass.sessionId, opened.sessionId);
  assert.ok(h.events.some((e) => e.event === 'classroom.statusChanged'));
});

test("just after midnight China time the schedule is the new day's, whatever the OS time zone", async (t) => {
  const zone = process.env.TZ;
  process.env.TZ = 'America/Los_Angeles';
  t.after(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  // 00:05 on 27 November China time: still the 26th in UTC and in Los Angeles.
  const h = openChannelHarness(t, { wallStart: Date.UTC(2026, 10, 26, 16, 5) });
  const organiserSession = await h.unlock();
  const now = h.clock.wallTime();
  addSchedule(h, 'night', now - 60_000, now + 3600_000);
  h.classroom.catalog
    .prepare(
      "INSERT INTO schedule (id, title, date, starts_at, ends_at, organiser, lesson_ids) VALUES (?, ?, ?, ?, ?, ?, '[]')",
    )
    .run(
      'yesterday',
      '昨天的课',
      '2026-11-26',
      new Date(now - 3 * 3600_000).toISOString(),
      new Date(now - 2 * 3600_000).toISOString(),
      '县委党校',
    );
  const day = await h.value<{ date: string; entries: { id: string }[] }>('organiser.schedule', { organiserSession });
  assert.deepEqual([day.date, day.entries.map((e) => e.id)], ['2026-11-27', ['night']]);
  assert.equal(
    (await h.value<{ status: string }>('organiser.openScheduled', { organiserSession, scheduleId: 'night' })).status,
    'open',
  );
});

test('the attendance list: present, left, absent, late, manual, pending — and closing ends it', async (t) => {
  // Eleven quiet minutes pass below: the organiser's session must outlast them.
  const h = openChannelHarness(t, { organiserIdleMs: 3600_000 });
  const organiserSession = await h.unlock();
  h.addLearner('wang', CARDS.wang);
  const session = await h.value<{ sessionId: string }>('organiser.createClass', {
    organiserSession,
    title: '专题讲座',
  });
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
  }>('organiser.manualCheckIn', {
    organiserSession,
    sessionId: session.sessionId,
    learnerId: 'wang',
    reason: '忘带卡',
  });
  assert.deepEqual(
    manual.rows.map((r) => [r.learnerId, r.status, r.late, r.manual]),
    [
      ['zhang', 'present', false, false],
      ['wang', 'present', true, true],
      ['li', 'left', true, false],
      // The organiser is on the roster too; they unlocked before the class and did not tap in it.
      ['organiser-wang', 'absent', false, false],
    ],
  );
  assert.deepEqual(manual.counts, { present: 2, left: 1, absent: 1, late: 2, roster: 4 });
  assert.deepEqual(
    manual.pending.map((p) => p.masked),
    ['******9999'],
  );
  assert.deepEqual(
    await h.value('organiser.manualCheckIn', {
      organiserSession,
      sessionId: session.sessionId,
      learnerId: 'wang',
      reason: '再次',
    }),
    { refused: 'already_present' },
  );
  assert.deepEqual(
    await h.value('organiser.manualCheckIn', {
      organiserSession,
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

  const closed = await h.value<{ status: string }>('organiser.closeClass', {
    organiserSession,
    sessionId: session.sessionId,
  });
  assert.equal(closed.status, 'closed');
  assert.deepEqual(await h.value('organiser.closeClass', { organiserSession, sessionId: session.sessionId }), {
    refused: 'session_closed',
  });
  assert.deepEqual(await h.value('organiser.attendance', { organiserSession, sessionId: 'no-such' }), {
    refused: 'no_such_session',
  });
  // With no class open, a roster card is a self-study identification, not a check-in.
  assert.equal((await h.value<{ kind: string }>('reader.tap', { cardNumber: CARDS.wang })).kind, 'identified');
});

test('the report holds names, units and masked numbers, never a card number', async (t) => {
  const h = openChannelHarness(t);
  const organiserSession = await h.unlock();
  const session = await h.value<{ sessionId: string }>('organiser.createClass', {
    organiserSession,
    title: '专题讲座',
  });
  await h.value('reader.tap', { cardNumber: CARDS.zhang });
  await h.value('reader.tap', { cardNumber: '0099999999' });
  const csv = await h.value<{ fileName: string; base64: string }>('organiser.report', {
    organiserSession,
    sessionId: session.sessionId,
    format: 'csv',
  });
  assert.equal(csv.fileName, '2026-11-27 专题讲座.csv');
  const text = Buffer.from(csv.base64, 'base64').toString('utf8');
  const lines = text.slice(1).split('\r\n');
  assert.deepEqual(lines.slice(0, 3), ['考勤报表：专题讲座', '班次,专题讲座', '时间,2026-11-27 09:00']);
  assert.ok(lines.includes('序号,姓名,单位,状态,迟到,补签,签到时间,签退时间,在场分钟,计入分钟,学时（暂计）,备注'));
  assert.ok(lines.includes('1,学员zhang,县委组织部,在场,,,2026-11-27 09:00,,0,0,0,'), text);
  assert.ok(lines.includes('2,学员li,县委组织部,缺席,,,,,,,,'), text);
  assert.match(text, /未登记卡 \*{6}9999/);
  for (const number of [CARDS.zhang, '0099999999']) assert.equal(text.includes(number), false);
  const xlsx = await h.value<{ fileName: string; base64: string }>('organiser.report', {
    organiserSession,
    sessionId: session.sessionId,
    format: 'xlsx',
    locale: 'en',
  });
  assert.equal(xlsx.fileName, '2026-11-27 专题讲座.xlsx');
  assert.equal(Buffer.from(xlsx.base64, 'base64').subarray(0, 4).toString('hex'), '504b0304');
});
