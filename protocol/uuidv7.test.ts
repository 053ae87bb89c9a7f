import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UUIDV7_PATTERN, uuidv7, uuidv7Time } from './uuidv7.ts';

test('an id carries its millisecond timestamp, version 7 and the RFC variant', () => {
  const at = Date.UTC(2026, 10, 28, 12, 0, 0, 123);
  const id = uuidv7(at);
  assert.match(id, UUIDV7_PATTERN);
  assert.equal(uuidv7Time(id), at);
});

test('ids made in the same millisecond still sort in creation order', () => {
  const at = Date.UTC(2030, 0, 1);
  const ids = Array.from({ length: 5000 }, () => uuidv7(at));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});

test('a clock that steps back does not make ids go backwards', () => {
  const later = uuidv7(Date.UTC(2031, 0, 1));
  const earlier = uuidv7(Date.UTC(2020, 0, 1));
  assert.ok(earlier > later);
});
