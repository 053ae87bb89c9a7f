import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskCardNumber } from './privacy.ts';

test('card numbers keep only their last four digits, at a fixed width', () => {
  assert.equal(maskCardNumber('0012345678'), '******5678');
  assert.equal(maskCardNumber('12 3456 7890 1234'), '******1234');
  assert.equal(maskCardNumber('12345'), '**********', 'too short to spare four digits');
});
