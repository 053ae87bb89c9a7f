// The classroom's timers inside the channel layer: a class past its closing time is closed
// and announced, and a self-study attention prompt reaches the screen as an event.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { CARDS } from './test-classroom.ts';
import { silentLogger } from '../runtime/logger.ts';
import { startClassroomTimers } from './classroom-service.ts';
import { openChannelHarness } from './test-host.ts';

const FAST = { closeDueMs: 10, attentionMs: 10 };

test('a class past its end closes by itself and the screens hear of it', async (t) => {
  const h = openChannelHarness(t);
  const session = await h.value<{ sessionId: string }>('organiser.createClass', {
    organiserSession: await h.unlock(),
    title: '班',
    endsAt: h.clock.wallTime() + 60_000,
  });
  const stop = startClassroomTimers(h.host, silentLogger, FAST);
  t.after(stop);
  await sleep(40);
  assert.notEqual(
    (await h.value<{ currentClass: unknown }>('classroom.status', {})).currentClass,
    null,
    'not before its end plus grace',
  );
  h.clock.advance(60_000 + 15 * 60_000);
  await sleep(40);
  const status = await h.value<{ currentClass: unknown }>('classroom.status', {});
  assert.equal(status.currentClass, null);
  assert.ok(
    h.events.some(
      (e) =>
        e.event === 'classroom.attendanceChanged' &&
        (e.payload as { sessionId: string }).sessionId === session.sessionId,
    ),
  );
});

test('a self-study attention check is published as a prompt, then as missed', async (t) => {
  const h = openChannelHarness(t);
  const tap = await h.value<{ tapId: string }>('reader.tap', { cardNumber: CARDS.zhang });
  const study = await h.value<{ sessionId: string }>('selfStudy.start', { tapId: tap.tapId });
  const stop = startClassroomTimers(h.host, silentLogger, FAST);
  t.after(stop);
  // The attention gap is 10–20 minutes (15 with the fixture's random 0.5).
  h.clock.advance(15 * 60_000);
  await sleep(40);
  h.clock.advance(61_000);
  await sleep(40);
  const prompts = h.events.filter((e) => e.event === 'classroom.attentionPrompt').map((e) => e.payload);
  assert.deepEqual(prompts, [
    { sessionId: study.sessionId, action: 'prompt', answerWindowS: 60 },
    { sessionId: study.sessionId, action: 'missed', answerWindowS: 60 },
  ]);
  assert.deepEqual(await h.value('selfStudy.answer', { sessionId: study.sessionId }), { outcome: 'resumed' });
});
