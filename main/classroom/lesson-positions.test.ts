// A learner studying alone finds each lesson where they left it: through the real router, on
// a real ledger.db, from the library player's signals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CARDS } from './test-classroom.ts';
import { LESSONS, openProjectorHarness, type ProjectorHarness } from './test-projector.ts';

const lesson = LESSONS.one.id;

async function study(h: ProjectorHarness, card: string): Promise<void> {
  h.clock.advance(h.classroom.debounceMs);
  const { tapId } = await h.value<{ tapId: string }>('reader.tap', { cardNumber: card });
  await h.value('selfStudy.start', { tapId });
}

async function stopStudying(h: ProjectorHarness, card: string): Promise<void> {
  h.clock.advance(h.classroom.debounceMs);
  await h.value('reader.tap', { cardNumber: card });
}

async function playTo(h: ProjectorHarness, fromS: number, toS: number): Promise<void> {
  await h.value('player.signal', { lessonId: lesson, signal: { kind: 'play', mediaS: fromS } });
  for (let s = fromS + 1; s <= toS; s += 1) {
    h.clock.advance(1000);
    await h.value('player.signal', { lessonId: lesson, signal: { kind: 'timeupdate', mediaS: s } });
  }
}

const resumeAt = async (h: ProjectorHarness) =>
  (await h.value<{ positionS: number | null }>('player.resumeAt', { lessonId: lesson })).positionS;

test('the place is kept per learner and lesson across sessions; the end starts over; a crash loses at most 10 s', async (t) => {
  const h = await openProjectorHarness(t);
  await study(h, CARDS.li);
  assert.equal(await resumeAt(h), null, 'never opened: from the start');
  await playTo(h, 0, 95);
  assert.equal(await resumeAt(h), 90, 'playing: kept every 10 s of media, so a crash loses at most that');
  await h.value('player.signal', { lessonId: lesson, signal: { kind: 'pause', mediaS: 95 } });
  assert.equal(await resumeAt(h), 95, 'paused: where it stands');
  await stopStudying(h, CARDS.li);

  await study(h, CARDS.zhang);
  assert.equal(await resumeAt(h), null, "another learner does not start at li's place");
  await playTo(h, 0, 3);
  await h.value('player.signal', { lessonId: lesson, signal: { kind: 'pause', mediaS: 3 } });
  assert.equal(await resumeAt(h), null, 'three seconds in is not worth resuming');
  await stopStudying(h, CARDS.zhang);

  await study(h, CARDS.li);
  assert.equal(await resumeAt(h), 95, 'li, the next day or after a restart: where they left it');
  await playTo(h, 95, 110);
  await h.value('player.signal', { lessonId: lesson, signal: { kind: 'ended', mediaS: 600 } });
  assert.equal(await resumeAt(h), null, 'watched to the end: from the start next time');
});
