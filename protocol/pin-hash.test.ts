import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPin, PinHashSchema, verifyPin } from './pin-hash.ts';

test('a PIN hash verifies its own PIN only, and never holds the PIN', () => {
  const hash = hashPin('4821');
  assert.ok(PinHashSchema.safeParse(hash).success);
  assert.ok(!hash.includes('4821'));
  assert.equal(verifyPin('4821', hash), true);
  assert.equal(verifyPin('4822', hash), false);
  assert.equal(verifyPin('48210', hash), false);
  // Two hashes of one PIN differ (salted).
  assert.notEqual(hashPin('4821'), hash);
});

test('malformed PINs and hashes are refused, never thrown', () => {
  assert.throws(() => hashPin('12'), RangeError);
  assert.throws(() => hashPin('abcd'), RangeError);
  const hash = hashPin('123456');
  assert.equal(verifyPin('abc', hash), false);
  assert.equal(verifyPin('123456', 'plain'), false);
  // A hash asking for absurd work is not computed.
  assert.equal(verifyPin('123456', hash.replace('scrypt:16384:', 'scrypt:4194304:')), false);
  assert.equal(verifyPin('123456', hash.replace('scrypt:16384:', 'scrypt:1000:')), false);
});
