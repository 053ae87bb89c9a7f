import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWithinWindow, parseClock } from './download-window.ts';

const at = (clock: string) => parseClock(clock);

test('a window past midnight holds the night and not the day', () => {
  const night = { start: '22:00', end: '06:00' };
  assert.equal(isWithinWindow(night, at('22:00')), true);
  assert.equal(isWithinWindow(night, at('03:30')), true);
  assert.equal(isWithinWindow(night, at('06:00')), false, 'the end is not included');
  assert.equal(isWithinWindow(night, at('12:00')), false);
});

test('a daytime window, an all-day window and no window', () => {
  assert.equal(isWithinWindow({ start: '12:00', end: '13:30' }, at('12:45')), true);
  assert.equal(isWithinWindow({ start: '12:00', end: '13:30' }, at('14:00')), false);
  assert.equal(isWithinWindow({ start: '00:00', end: '00:00' }, at('14:00')), true);
  assert.equal(isWithinWindow(null, at('14:00')), true);
  assert.throws(() => parseClock('24:00'), /22:00/);
});
