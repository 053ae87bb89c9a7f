import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideRange } from './byte-range.ts';

const etag = '"abc"';

test('no Range, a multi-range or a malformed Range is a full answer', () => {
  assert.deepEqual(decideRange(1000, etag, undefined, undefined), { kind: 'full' });
  assert.deepEqual(decideRange(1000, etag, 'bytes=0-1,5-6', undefined), { kind: 'full' });
  assert.deepEqual(decideRange(1000, etag, 'items=0-1', undefined), { kind: 'full' });
  assert.deepEqual(decideRange(1000, etag, 'bytes=-', undefined), { kind: 'full' });
  assert.deepEqual(decideRange(1000, etag, 'bytes=9-3', undefined), { kind: 'full' });
});

test('single ranges: open-ended, closed, clamped to the end, suffix', () => {
  assert.deepEqual(decideRange(1000, etag, 'bytes=100-', undefined), { kind: 'partial', start: 100, end: 999 });
  assert.deepEqual(decideRange(1000, etag, 'bytes=0-0', undefined), { kind: 'partial', start: 0, end: 0 });
  assert.deepEqual(decideRange(1000, etag, 'bytes=990-5000', undefined), { kind: 'partial', start: 990, end: 999 });
  assert.deepEqual(decideRange(1000, etag, 'bytes=-10', undefined), { kind: 'partial', start: 990, end: 999 });
  assert.deepEqual(decideRange(1000, etag, 'bytes=-5000', undefined), { kind: 'partial', start: 0, end: 999 });
});

test('a range starting at or past the end, or an empty suffix, cannot be satisfied', () => {
  assert.deepEqual(decideRange(1000, etag, 'bytes=1000-', undefined), { kind: 'unsatisfiable' });
  assert.deepEqual(decideRange(1000, etag, 'bytes=-0', undefined), { kind: 'unsatisfiable' });
});

test('If-Range: the same strong ETag keeps the range, anything else (another tag, a date) sends all', () => {
  assert.deepEqual(decideRange(1000, etag, 'bytes=5-', etag), { kind: 'partial', start: 5, end: 999 });
  assert.deepEqual(decideRange(1000, etag, 'bytes=5-', '"other"'), { kind: 'full' });
  assert.deepEqual(decideRange(1000, etag, 'bytes=5-', 'Sat, 28 Nov 2026 12:00:00 GMT'), { kind: 'full' });
});

test('an empty file has no suffix range to give', () => {
  assert.deepEqual(decideRange(0, etag, 'bytes=-5', null), { kind: 'unsatisfiable' });
  assert.deepEqual(decideRange(0, etag, 'bytes=0-', null), { kind: 'unsatisfiable' });
});
