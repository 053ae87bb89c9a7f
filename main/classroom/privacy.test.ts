import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskCardNumber, maskIdNumber } from './privacy.ts';

test('card numbers keep only their last four digits, at a fixed width', () => {
  assert.equal(maskCardNumber('0012345678'), '******5678');
  assert.equal(maskCardNumber('12 3456 7890 1234'), '******1234');
  assert.equal(maskCardNumber('12345'), '**********', 'too short to spare four digits');
});

test('ID numbers keep the region prefix and the last four', () => {
  assert.equal(maskIdNumber('420102199001011234'), '4201**********1234');
  assert.equal(maskIdNumber('42010219900101123x'), '4201**********123X');
  assert.equal(maskIdNumber('1234567'), '*******');
});
