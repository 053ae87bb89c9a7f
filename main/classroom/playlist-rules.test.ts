import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Refused } from '../runtime/refusal.ts';
import { afterEnded, applyControl, applyEdit, currentItem, type Playlist } from './playlist-rules.ts';

const lesson = (key: string) => ({ key, kind: 'lesson' as const, id: `lesson-${key}` });
const live = (key: string) => ({ key, kind: 'live' as const, id: `channel-${key}` });
const three: Playlist = { items: [lesson('a'), lesson('b'), lesson('c')], current: 0, state: 'stopped', positionS: 0 };

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof Refused) return error.code;
    throw error;
  }
  return null;
};

test('play, pause, next: advancing keeps playing, and nothing starts unasked', () => {
  const playing = applyControl(three, 'play');
  assert.deepEqual([playing.state, currentItem(playing)?.key], ['playing', 'a']);
  const paused = applyControl({ ...playing, positionS: 42 }, 'pause');
  assert.deepEqual([paused.state, paused.positionS], ['paused', 42], 'a pause keeps the place');
  assert.equal(applyControl(paused, 'play').positionS, 42, 'and play resumes there');
  const next = applyControl(playing, 'next');
  assert.deepEqual([next.state, currentItem(next)?.key, next.positionS], ['playing', 'b', 0]);
  const nextWhilePaused = applyControl(paused, 'next');
  assert.deepEqual([nextWhilePaused.state, currentItem(nextWhilePaused)?.key], ['stopped', 'b']);
  assert.equal(applyControl(three, 'pause'), three, 'pausing what does not play changes nothing');
});

test('the last item ends the playlist; play then starts from the top; an empty one refuses', () => {
  const last = applyControl(applyControl(applyControl(three, 'play'), 'next'), 'next');
  const finished = applyControl(last, 'next');
  assert.deepEqual([finished.state, finished.current, currentItem(finished)], ['finished', 3, null]);
  assert.equal(applyControl(finished, 'next'), finished);
  const again = applyControl(finished, 'play');
  assert.deepEqual([again.state, currentItem(again)?.key], ['playing', 'a']);
  assert.equal(
    refusal(() => applyControl({ ...three, items: [] }, 'play')),
    'playlist_empty',
  );
});

test('a lesson that ended moves to the next one, playing; a late end of another item changes nothing', () => {
  const playing = applyControl(three, 'play');
  const after = afterEnded(playing, 'a');
  assert.deepEqual([after?.state, after && currentItem(after)?.key], ['playing', 'b']);
  assert.equal(afterEnded(after!, 'a'), null, 'the end of an item the class already left');
  assert.equal(afterEnded(applyControl(playing, 'pause'), 'a'), null, 'paused: the organiser decides');
  const onLive: Playlist = { ...three, items: [live('l'), lesson('a')], state: 'playing' };
  assert.equal(afterEnded(onLive, 'l'), null, 'a live lecture never ends by itself');
  const lastEnded = afterEnded({ ...playing, current: 2 }, 'c');
  assert.equal(lastEnded?.state, 'finished');
  assert.deepEqual(applyControl(three, 'playItem', 'c').current, 2);
  assert.equal(
    refusal(() => applyControl(three, 'playItem', 'zz')),
    'no_such_item',
  );
});

test('live goes before what has not played yet; lessons go to the end', () => {
  const withLive = applyEdit(three, { action: 'addLive', channelId: 'channel-x' }, 'x', 50);
  assert.deepEqual(
    withLive.items.map((item) => item.key),
    ['x', 'a', 'b', 'c'],
    'not started: live, then the recordings',
  );
  assert.equal(currentItem(withLive)?.key, 'x');
  const playingB = { ...three, current: 1, state: 'playing' as const };
  const liveNext = applyEdit(playingB, { action: 'addLive', channelId: 'channel-x' }, 'x', 50);
  assert.deepEqual(
    liveNext.items.map((item) => item.key),
    ['a', 'b', 'x', 'c'],
  );
  assert.equal(currentItem(liveNext)?.key, 'b', 'what plays goes on');
  const more = applyEdit(three, { action: 'addLesson', lessonId: 'lesson-d' }, 'd', 50);
  assert.deepEqual(
    more.items.map((item) => item.key),
    ['a', 'b', 'c', 'd'],
  );
  assert.equal(
    refusal(() => applyEdit(three, { action: 'addLesson', lessonId: 'x' }, 'd', 3)),
    'playlist_full',
  );
  const finished = { ...three, current: 3, state: 'finished' as const };
  const revived = applyEdit(finished, { action: 'addLesson', lessonId: 'lesson-d' }, 'd', 50);
  assert.deepEqual([revived.state, currentItem(revived)?.key], ['stopped', 'd'], 'something new after the end is next');
});

test('removing and reordering keep the item on the projector current', () => {
  const playingB = { ...three, current: 1, state: 'playing' as const, positionS: 30 };
  assert.equal(
    refusal(() => applyEdit(playingB, { action: 'remove', itemKey: 'b' }, '', 50)),
    'playlist_item_playing',
  );
  const withoutA = applyEdit(playingB, { action: 'remove', itemKey: 'a' }, '', 50);
  assert.deepEqual([currentItem(withoutA)?.key, withoutA.positionS], ['b', 30]);
  const up = applyEdit(playingB, { action: 'moveUp', itemKey: 'b' }, '', 50);
  assert.deepEqual([up.items.map((item) => item.key), currentItem(up)?.key], [['b', 'a', 'c'], 'b']);
  const cDown = applyEdit(playingB, { action: 'moveUp', itemKey: 'c' }, '', 50);
  assert.deepEqual([cDown.items.map((item) => item.key), currentItem(cDown)?.key], [['a', 'c', 'b'], 'b']);
  assert.equal(applyEdit(three, { action: 'moveUp', itemKey: 'a' }, '', 50), three, 'the top cannot go higher');
  const topFirst = applyEdit(three, { action: 'moveUp', itemKey: 'b' }, '', 50);
  assert.equal(currentItem(topFirst)?.key, 'b', 'before anything plays, what is moved to the top plays first');
  const stoppedOnLast = { ...three, current: 2 };
  const removedLast = applyEdit(stoppedOnLast, { action: 'remove', itemKey: 'c' }, '', 50);
  assert.equal(removedLast.state, 'finished', 'nothing is left to play');
  assert.equal(
    refusal(() => applyEdit(three, { action: 'remove', itemKey: 'zz' }, '', 50)),
    'no_such_item',
  );
});
