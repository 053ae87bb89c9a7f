import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAdmission, RetryLater } from './admission.ts';

const busyWith = (code: string) => (error: unknown) =>
  error instanceof RetryLater && error.code === code && error.retryAfterSec >= 1;

test('pushes beyond the limit wait their turn in arrival order; nobody is overtaken', async () => {
  const admission = createAdmission({ maxConcurrent: 2, maxQueued: 10 });
  const first = await admission.enter('a');
  const second = await admission.enter('b');
  const order: string[] = [];
  const waiting = ['c', 'd', 'e'].map((id) =>
    admission.enter(id).then((leave) => {
      order.push(id);
      return leave;
    }),
  );
  assert.equal(admission.queued, 3);
  first();
  const c = await waiting[0]!;
  second();
  const d = await waiting[1]!;
  c();
  d();
  (await waiting[2]!)();
  assert.deepEqual(order, ['c', 'd', 'e']);
  assert.deepEqual([admission.active, admission.queued], [0, 0]);
});

test('a station with a push in progress is told 429 station_busy; after it ends it is admitted', async () => {
  const admission = createAdmission({ maxConcurrent: 4 });
  const leave = await admission.enter('a');
  await assert.rejects(admission.enter('a'), busyWith('station_busy'));
  leave();
  (await admission.enter('a'))();
});

test('a full queue answers hub_busy at once with a Retry-After in the spread; a long wait gives up with hub_busy', async () => {
  const admission = createAdmission({
    maxConcurrent: 1,
    maxQueued: 1,
    maxWaitMs: 50,
    retryAfterSec: { min: 2, max: 6 },
    random: () => 0.5,
  });
  const leave = await admission.enter('a');
  const queued = admission.enter('b');
  await assert.rejects(
    admission.enter('c'),
    (error: unknown) => error instanceof RetryLater && error.retryAfterSec === 4,
  );
  await assert.rejects(queued, busyWith('hub_busy'));
  assert.equal(admission.queued, 0, 'the one that gave up left the queue');
  leave();
  (await admission.enter('b'))();
  assert.equal(admission.active, 0);
});
