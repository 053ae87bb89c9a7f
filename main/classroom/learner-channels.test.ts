import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CARDS } from './test-classroom.ts';
import { createEventBus } from '../runtime/event-bus.ts';
import { createClassroomHost, TAP_MEMORY_MS } from './classroom-host.ts';
import { openChannelHarness } from './test-host.ts';
import { fillYear, yearCard } from './test-year.ts';

type Tap = { tapId: string; kind: string; learner: { name: string } | null; masked: string | null };

test('a tap outside a class identifies the learner; their summary is theirs, for two minutes only', async (t) => {
  const h = openChannelHarness(t);
  const tap = await h.value<Tap>('reader.tap', { cardNumber: CARDS.zhang });
  assert.equal(tap.kind, 'identified');
  assert.deepEqual(
    h.events.map((e) => e.event),
    ['classroom.statusChanged', 'classroom.tapped'],
  );
  const summary = await h.value<Record<string, unknown>>('learner.summary', { tapId: tap.tapId });
  assert.deepEqual(summary, {
    name: '学员zhang',
    unit: '县委组织部',
    level: 'county_division',
    year: 2026,
    countedHours: 0,
    classroomHours: 0,
    onlineHours: 0,
    onlineCountedHours: 0,
    target: 50,
    progress: 0,
    met: false,
  });
  assert.deepEqual(await h.value('learner.summary', { tapId: 'made-up' }), { refused: 'tap_expired' });
  h.clock.advance(TAP_MEMORY_MS + 1);
  assert.deepEqual(await h.value('learner.summary', { tapId: tap.tapId }), { refused: 'tap_expired' });
});

test('self-study from a tap: played time counts, the attention prompt is answered, a second tap ends it', async (t) => {
  const h = openChannelHarness(t);
  const tap = await h.value<Tap>('reader.tap', { cardNumber: CARDS.li });
  const study = await h.value<{ sessionId: string; answerWindowS: number }>('selfStudy.start', { tapId: tap.tapId });
  assert.equal(study.answerWindowS, 60);
  assert.deepEqual((await h.value<{ selfStudy: unknown }>('classroom.status', {})).selfStudy, {
    sessionId: study.sessionId,
    learnerName: '学员li',
    startedAt: h.clock.wallTime(),
    playing: null,
  });
  assert.deepEqual(await h.value('selfStudy.start', { tapId: tap.tapId }), { refused: 'station_busy' });
  assert.deepEqual(await h.value('player.signal', { lessonId: 'lesson-1', signal: { kind: 'play', mediaS: 0 } }), {
    recorded: true,
  });
  for (let s = 1; s <= 40; s += 1) {
    h.clock.advance(60_000);
    await h.value('player.signal', { lessonId: 'lesson-1', signal: { kind: 'timeupdate', mediaS: s * 60 } });
  }
  assert.deepEqual(await h.value('selfStudy.answer', { sessionId: study.sessionId }), { outcome: 'none' });
  // Stop the player (what the screen does when the learner leaves it), then tap out.
  await h.value('player.signal', { lessonId: 'lesson-1', signal: { kind: 'pause', mediaS: 2400 } });
  h.clock.advance(10_000);
  const out = await h.value<Tap & { selfStudy: unknown }>('reader.tap', { cardNumber: CARDS.li });
  assert.equal(out.kind, 'self_study_ended');
  assert.deepEqual(
    out.selfStudy,
    { sessionId: study.sessionId, learnerName: '学员li', presentMinutes: 40, creditedMinutes: 40, hours: 1 },
    'the end says what the session came to',
  );
  const summary = await h.value<{ onlineHours: number; countedHours: number; progress: number }>('learner.summary', {
    tapId: out.tapId,
  });
  assert.equal(summary.onlineHours, 1);
  assert.equal(summary.countedHours, 1);
  assert.equal(summary.progress, 1 / 80);
  assert.deepEqual(await h.value('player.signal', { lessonId: 'lesson-1', signal: { kind: 'play', mediaS: 0 } }), {
    recorded: false,
  });
});

test('a card number of the wrong shape never reaches the ledger', async (t) => {
  const h = openChannelHarness(t);
  for (const cardNumber of ['12345', '0012345678;DROP', '', 'x'.repeat(33), 12345678]) {
    const answer = await h.call('reader.tap', { cardNumber });
    assert.equal(!answer.ok && answer.error.code, 'VALIDATION', String(cardNumber));
  }
  assert.equal((h.classroom.db.prepare('SELECT count(*) AS n FROM pending_cards').get() as { n: number }).n, 0);
});

test('demo cards are named by id, their numbers stay in main; the same card at once is ignored', async (t) => {
  const h = openChannelHarness(t, {
    cards: [{ id: 'zhang', kind: 'learner', name: '学员zhang', unit: '县委组织部', cardNumber: CARDS.zhang }],
  });
  const { cards } = await h.value<{ cards: Record<string, unknown>[] }>('reader.demoCards', {});
  assert.deepEqual(cards, [{ id: 'zhang', kind: 'learner', name: '学员zhang', unit: '县委组织部' }]);
  await h.value('organiser.createClass', { organiserSession: await h.unlock(), title: '班' });
  assert.equal((await h.value<Tap>('reader.simulate', { cardId: 'zhang' })).kind, 'checked_in');
  assert.equal((await h.value<Tap>('reader.simulate', { cardId: 'zhang' })).kind, 'ignored');
  const unknown = await h.call('reader.simulate', { cardId: 'nobody' });
  assert.equal(!unknown.ok && unknown.error.code, 'VALIDATION');
});

test('without a writable ledger every write is LEDGER_UNAVAILABLE and the status says why', (t) => {
  const h = openChannelHarness(t);
  const broken = createClassroomHost({
    bus: createEventBus(),
    catalog: h.classroom.catalog,
    ledgerDb: h.classroom.db,
    ledgerVerified: false,
  });
  broken.attach(h.classroom);
  assert.equal(broken.status().state, 'ledger_broken');
  assert.throws(() => broken.tap(CARDS.zhang), { code: 'LEDGER_UNAVAILABLE' });
  const unenrolled = createClassroomHost({
    bus: createEventBus(),
    catalog: h.classroom.catalog,
    ledgerDb: h.classroom.db,
    ledgerVerified: true,
  });
  assert.equal(unenrolled.status().state, 'not_enrolled');
  assert.throws(() => unenrolled.require(), { code: 'LEDGER_UNAVAILABLE' });
});

test("learner.summary at 100,000 events answers in at most 5 ms, from the learner's own sessions", async (t) => {
  const h = openChannelHarness(t);
  fillYear(h, 100_000);
  const timed: number[] = [];
  for (const i of [3, 41, 77, 150, 202, 263, 318, 356, 401, 444, 488, 495]) {
    const card = yearCard(i);
    const tap = await h.value<Tap>('reader.tap', { cardNumber: card });
    assert.equal(tap.kind, 'identified');
    await h.value('learner.summary', { tapId: tap.tapId }); // the learner's first summary since the start
    const started = performance.now();
    const summary = await h.value<{ classroomHours: number }>('learner.summary', { tapId: tap.tapId });
    timed.push(performance.now() - started);
    assert.ok(summary.classroomHours > 0, `learner-${i} has hours`);
  }
  timed.sort((a, b) => a - b);
  const median = timed[Math.floor(timed.length / 2)]!;
  t.diagnostic(
    `learner.summary at 100,000 events: median ${median.toFixed(2)} ms, slowest ${timed.at(-1)!.toFixed(2)} ms`,
  );
  assert.ok(median <= 5, `median ${median.toFixed(2)} ms`);
});
