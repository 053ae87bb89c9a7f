import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createPlaybackTracker,
  type PlayedSegment,
  type PlaybackTracker,
  type PlayerSignal,
} from './playback-tracker.ts';

/** A player simulated on two clocks: wall (monotonic ms) and media (seconds). */
function player(tracker: PlaybackTracker) {
  let mono = 10_000;
  let media = 0;
  let rate = 1;
  const segments: PlayedSegment[] = [];
  const send = (kind: Exclude<PlayerSignal['kind'], 'ratechange'>) =>
    segments.push(...tracker.signal({ kind, monoMs: mono, mediaS: media }));
  return {
    segments,
    send,
    /** Plays for `ms` of wall time, the media advancing at the rate, timeupdate every 250 ms. */
    play(ms: number, mediaRate = rate) {
      for (let t = 0; t < ms; t += 250) {
        mono += 250;
        media += (250 * mediaRate) / 1000;
        send('timeupdate');
      }
    },
    /** Wall time passes with nothing reported (a hidden tab, a pause, a silent stall). */
    wait(ms: number) {
      mono += ms;
    },
    seekTo(seconds: number) {
      send('seeking');
      media = seconds;
      send('seeked');
    },
    rate(next: number) {
      rate = next;
      segments.push(...tracker.signal({ kind: 'ratechange', monoMs: mono, mediaS: media, rate }));
    },
    jumpMedia(seconds: number) {
      media += seconds;
    },
    total: () => segments.reduce((sum, s) => sum + (s.endMonoMs - s.startMonoMs), 0),
  };
}

test('ten minutes played at normal rate are ten minutes, cut into one-minute segments', () => {
  const p = player(createPlaybackTracker());
  p.send('play');
  p.play(600_000);
  p.send('pause');
  assert.equal(p.total(), 600_000);
  assert.equal(p.segments.length, 10);
  for (let i = 1; i < p.segments.length; i += 1)
    assert.equal(p.segments[i]!.startMonoMs, p.segments[i - 1]!.endMonoMs, 'contiguous');
});

test('paused time does not count', () => {
  const p = player(createPlaybackTracker());
  p.send('play');
  p.play(60_000);
  p.send('pause');
  p.wait(300_000);
  p.send('play');
  p.play(30_000);
  p.send('ended');
  assert.equal(p.total(), 90_000);
});

test('seeking forward is not watching: only the time really played counts', () => {
  const p = player(createPlaybackTracker());
  p.send('play');
  p.play(120_000);
  p.seekTo(40 * 60); // skip to minute 40 of the lesson
  p.play(60_000);
  p.send('ended');
  assert.equal(p.total(), 180_000);
});

test('a media jump the player did not announce ends the run without credit for the jump', () => {
  const p = player(createPlaybackTracker());
  p.send('play');
  p.play(30_000);
  p.jumpMedia(600);
  p.play(30_000);
  p.send('pause');
  assert.ok(p.total() <= 60_000 && p.total() >= 59_000, `${p.total()}`);
});

test('a hidden view is not watching', () => {
  const p = player(createPlaybackTracker());
  p.send('play');
  p.play(60_000);
  p.send('hidden');
  p.play(300_000); // the video plays on behind another window
  p.send('visible');
  p.play(60_000);
  p.send('pause');
  assert.equal(p.total(), 120_000);
});

test('2× rate earns the wall time, nothing extra; 0.5× earns the media time, nothing extra', () => {
  const fast = player(createPlaybackTracker());
  fast.send('play');
  fast.rate(2);
  fast.play(300_000, 2);
  fast.send('pause');
  assert.equal(fast.total(), 300_000);

  const slow = player(createPlaybackTracker());
  slow.send('play');
  slow.rate(0.5);
  slow.play(300_000, 0.5);
  slow.send('pause');
  assert.equal(slow.total(), 150_000);
});

test('a stall counts nothing until the media moves again, announced or not', () => {
  const announced = player(createPlaybackTracker());
  announced.send('play');
  announced.play(60_000);
  announced.send('stalled');
  announced.wait(45_000);
  announced.play(60_000);
  announced.send('pause');
  assert.equal(announced.total(), 120_000 - 250, 'the first update after the stall restarts the run');

  const silent = player(createPlaybackTracker());
  silent.send('play');
  silent.play(50_000);
  silent.wait(30_000); // no timeupdate: the media did not move
  silent.play(10_000);
  silent.send('pause');
  assert.equal(silent.total(), 60_000);
});

test('media banked at 2× does not pay for a later stall', () => {
  const p = player(createPlaybackTracker());
  p.send('play');
  p.rate(2);
  p.play(60_000, 2);
  p.rate(1);
  p.play(10_000);
  p.wait(30_000);
  p.play(10_000);
  p.send('pause');
  assert.equal(p.total(), 80_000);
});

test('stop ends the run at the last position seen', () => {
  const tracker = createPlaybackTracker();
  const p = player(tracker);
  p.send('play');
  p.play(20_000);
  p.wait(60_000);
  const segments = tracker.stop();
  assert.equal(
    segments.reduce((sum, s) => sum + s.endMonoMs - s.startMonoMs, 0),
    20_000,
  );
});
