import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom, pickWeighted, randomHex, randomInt, shuffled } from './random.ts';

test('a seed always gives the same sequence, in [0, 1)', () => {
  const first = createRandom(42);
  const second = createRandom(42);
  const values = Array.from({ length: 1000 }, () => first());
  assert.deepEqual(
    values,
    Array.from({ length: 1000 }, () => second()),
  );
  assert.ok(values.every((value) => value >= 0 && value < 1));
  assert.notDeepEqual(values.slice(0, 10), Array.from({ length: 10 }, createRandom(43)));
});

test('randomInt covers both ends of its range and nothing outside', () => {
  const random = createRandom(1);
  const seen = new Set(Array.from({ length: 2000 }, () => randomInt(random, 5, 9)));
  assert.deepEqual([...seen].sort(), [5, 6, 7, 8, 9]);
});

test('pickWeighted follows the weights', () => {
  const random = createRandom(2);
  const picks = Array.from({ length: 10_000 }, () => pickWeighted(random, ['rare', 'common'], [1, 9]));
  const rare = picks.filter((pick) => pick === 'rare').length / picks.length;
  assert.ok(rare > 0.07 && rare < 0.13, `rare share ${rare}`);
});

test('shuffled keeps every item and leaves the input alone', () => {
  const items = Array.from({ length: 50 }, (_, index) => index);
  const result = shuffled(createRandom(3), items);
  assert.notDeepEqual(result, items);
  assert.deepEqual(
    [...result].sort((a, b) => a - b),
    items,
  );
  assert.deepEqual(
    items,
    Array.from({ length: 50 }, (_, index) => index),
  );
});

test('randomHex gives lowercase hex of the asked length', () => {
  assert.match(randomHex(createRandom(4), 64), /^[0-9a-f]{64}$/);
  assert.match(randomHex(createRandom(4), 5), /^[0-9a-f]{5}$/);
});
