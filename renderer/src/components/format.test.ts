import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatHours, formatMinutes } from './format.ts';

test('sizes and durations read the way a technician expects', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(89_122), '87 KB');
  assert.equal(formatBytes(5 * 1024 ** 2), '5.0 MB');
  assert.equal(formatBytes(1.5 * 1024 ** 3), '1.5 GB');
  assert.equal(formatMinutes(12), '1');
  assert.equal(formatMinutes(45 * 60), '45');
});

test('hours read in quarters', () => {
  assert.deepEqual([2, 0.75, 1.25, 1.5, 0].map(formatHours), ['2', '0.75', '1.25', '1.5', '0']);
});
