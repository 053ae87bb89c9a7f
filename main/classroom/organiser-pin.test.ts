import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestLedger } from '../ledger/test-ledger.ts';
import { hasOrganiserPin, setOrganiserPin, verifyOrganiserPin } from './organiser-pin.ts';

test('the organiser PIN is kept as a salted scrypt hash and checked against it', (t) => {
  const { ledger } = openTestLedger(t);
  const db = ledger.db;
  assert.equal(hasOrganiserPin(db), false);
  assert.equal(verifyOrganiserPin(db, '2468'), false, 'no PIN set: nothing opens');
  assert.throws(() => setOrganiserPin(db, '12a4', 0), /4 to 12 digits/);
  setOrganiserPin(db, '246810', 0);
  assert.equal(verifyOrganiserPin(db, '246810'), true);
  assert.equal(verifyOrganiserPin(db, '246811'), false);
  const row = db.prepare('SELECT * FROM organiser_pin').get() as Record<string, string>;
  assert.equal(JSON.stringify(row).includes('246810'), false, 'the PIN itself is not stored');
  const firstSalt = row.salt;
  setOrganiserPin(db, '246810', 1);
  assert.notEqual(
    (db.prepare('SELECT salt FROM organiser_pin').get() as { salt: string }).salt,
    firstSalt,
    'a fresh salt every time',
  );
  assert.equal(verifyOrganiserPin(db, '246810'), true);
});
