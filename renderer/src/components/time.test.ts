import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockTime, dateTime, dayOf, setDisplayZone } from './time.ts';

test("times show in the rule set's zone, not the PC's", () => {
  // 2026-11-27 01:30 UTC is 09:30 in China, 20:30 the day before in New York (−5 h).
  const ms = Date.UTC(2026, 10, 27, 1, 30);
  setDisplayZone(480);
  assert.equal(clockTime(ms), '09:30');
  assert.equal(dateTime(ms), '2026-11-27 09:30');
  setDisplayZone(-300);
  assert.equal(dayOf(ms), '2026-11-26');
  assert.equal(clockTime(ms), '20:30');
  setDisplayZone(480);
});
