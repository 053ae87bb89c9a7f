import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideDisplaySleep } from './display-sleep.ts';
import { createPlayingState } from './playing-state.ts';

test('the display blocker starts when playback starts and stops when it stops, once each', () => {
  assert.equal(decideDisplaySleep(true, false), 'start-blocker');
  assert.equal(decideDisplaySleep(true, true), 'none');
  assert.equal(decideDisplaySleep(false, true), 'stop-blocker');
  assert.equal(decideDisplaySleep(false, false), 'none');
});

test('playing-state listeners hear only real changes', () => {
  const state = createPlayingState();
  const heard: boolean[] = [];
  const unsubscribe = state.subscribe((playing) => heard.push(playing));
  state.set(true);
  state.set(true);
  state.set(false);
  unsubscribe();
  state.set(true);
  assert.deepEqual(heard, [true, false]);
  assert.equal(state.get(), true);
});
