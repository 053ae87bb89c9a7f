import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from './canonical-json.ts';

test('keys are sorted at every depth and whitespace is gone', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } }),
    '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
  );
});

test('the same value built in a different key order serialises identically', () => {
  const one = { id: 'e1', payload: { learnerId: 'L1', sessionId: 'S1' }, seq: 3 };
  const two = { seq: 3, payload: { sessionId: 'S1', learnerId: 'L1' }, id: 'e1' };
  assert.equal(canonicalJson(one), canonicalJson(two));
});

test('strings and numbers are written as JSON writes them, undefined properties are dropped', () => {
  assert.equal(
    canonicalJson({ s: '讲台 "q"\n', n: 1.5e-7, i: -0, u: undefined }),
    '{"i":0,"n":1.5e-7,"s":"讲台 \\"q\\"\\n"}',
  );
  assert.equal(canonicalJson([undefined, null]), '[null,null]');
});

test('values JSON cannot carry are refused rather than written lossily', () => {
  assert.throws(() => canonicalJson({ x: NaN }), TypeError);
  assert.throws(() => canonicalJson({ x: Infinity }), TypeError);
  assert.throws(() => canonicalJson({ x: 1n }), TypeError);
});
