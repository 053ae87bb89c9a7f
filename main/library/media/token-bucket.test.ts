import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTokenBucket } from './token-bucket.ts';

test('the cap holds the average rate over a stream of chunks', async () => {
  const rate = 400_000;
  const bucket = createTokenBucket(rate);
  const started = performance.now();
  const total = 400_000;
  for (let sent = 0; sent < total; sent += 16_384) await bucket.take(16_384);
  const seconds = (performance.now() - started) / 1000;
  // Half a second of burst is allowed up front, so 400 kB at 400 kB/s take about 0.5 s.
  assert.ok(seconds > 0.4 && seconds < 0.9, `took ${seconds} s`);
});

test('no cap lets everything through at once; a new rate applies to the next chunk', async () => {
  const bucket = createTokenBucket(null);
  const started = performance.now();
  for (let i = 0; i < 100; i++) await bucket.take(1_000_000);
  assert.ok(performance.now() - started < 50);
  bucket.setRate(100_000);
  assert.equal(bucket.rate(), 100_000);
  await bucket.take(50_000); // a cap switched on starts with an empty bucket
  const before = performance.now();
  await bucket.take(50_000);
  assert.ok(performance.now() - before >= 350, 'waits about half a second for 50 kB at 100 kB/s');
});

test('a wait is cut short by the abort signal', async () => {
  const bucket = createTokenBucket(20_000);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(bucket.take(1_000_000, controller.signal), { name: 'AbortError' });
});
