import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredMedia } from './media-store.ts';
import { planEviction, roomForMedia } from './space.ts';

const file = (sha256: string, size: number, lastUsedAt: number): StoredMedia => ({
  sha256,
  size,
  lastUsedAt,
  storedAt: 0,
  verifiedAt: 0,
});

test('eviction takes the least recently used first and never a protected file', () => {
  const files = [file('new', 100, 30), file('pinned-old', 100, 1), file('old', 100, 10), file('middle', 100, 20)];
  assert.deepEqual(planEviction(files, new Set(['pinned-old']), 150), ['old', 'middle']);
  assert.deepEqual(planEviction(files, new Set(['pinned-old', 'old']), 100), ['middle']);
  assert.deepEqual(planEviction(files, new Set(), 0), []);
  assert.equal(
    planEviction(files, new Set(['pinned-old', 'new']), 250),
    null,
    'not enough without protected files: evict nothing',
  );
});

test('room for media is the tighter of the quota and the disk less the ledger reserve', () => {
  const base = { usedBytes: 1000, outstandingBytes: 0, diskFreeBytes: 10_000, reserveBytes: 2000 };
  assert.deepEqual(roomForMedia({ ...base, quotaBytes: null }), { bytes: 8000, limitedBy: 'disk' });
  assert.deepEqual(roomForMedia({ ...base, quotaBytes: 3000 }), { bytes: 2000, limitedBy: 'quota' });
  assert.deepEqual(roomForMedia({ ...base, quotaBytes: 3000, outstandingBytes: 500 }), {
    bytes: 1500,
    limitedBy: 'quota',
  });
  assert.deepEqual(roomForMedia({ ...base, diskFreeBytes: 1500, quotaBytes: null }), { bytes: 0, limitedBy: 'disk' });
});
