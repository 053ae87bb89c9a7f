import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { generateStationKeys, isPublicKey, publicKeyOf, sha256Hex, sign, verify } from './crypto.ts';
import { keyedCardHash, normaliseCardNumber } from './card-hash.ts';

test('keys are 32 raw bytes in base64 and sign/verify round-trips', () => {
  const keys = generateStationKeys();
  assert.equal(Buffer.from(keys.publicKey, 'base64').length, 32);
  assert.equal(Buffer.from(keys.privateKey, 'base64').length, 32);
  assert.equal(publicKeyOf(keys.privateKey), keys.publicKey);
  const signature = sign('hello', keys.privateKey);
  assert.equal(verify('hello', signature, keys.publicKey), true);
  assert.equal(verify('hellO', signature, keys.publicKey), false);
  assert.equal(verify('hello', signature, generateStationKeys().publicKey), false);
});

test('a raw key interoperates with node:crypto KeyObjects (RFC 8032 raw form)', () => {
  const keys = generateStationKeys();
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(keys.publicKey, 'base64').toString('base64url') };
  const signature = sign('data', keys.privateKey);
  assert.equal(
    crypto.verify(
      null,
      Buffer.from('data'),
      crypto.createPublicKey({ key: jwk, format: 'jwk' }),
      Buffer.from(signature, 'base64'),
    ),
    true,
  );
});

test('malformed keys and signatures verify false instead of throwing', () => {
  const keys = generateStationKeys();
  assert.equal(verify('x', 'not-a-signature', keys.publicKey), false);
  assert.equal(verify('x', sign('x', keys.privateKey), 'AAAA'), false);
  assert.equal(isPublicKey('AAAA'), false);
  assert.equal(isPublicKey(keys.publicKey), true);
});

test('sha256Hex matches the known vector', () => {
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('card hashes are keyed and blind to how the reader formatted the number', () => {
  const key = crypto.randomBytes(32).toString('base64');
  assert.equal(normaliseCardNumber(' 11010519491231002x '), '11010519491231002X');
  assert.equal(keyedCardHash(key, '1101-0519 4912 31002x'), keyedCardHash(key, '11010519491231002X'));
  assert.notEqual(
    keyedCardHash(key, '11010519491231002X'),
    keyedCardHash(crypto.randomBytes(32).toString('base64'), '11010519491231002X'),
  );
  assert.match(keyedCardHash(key, '0001'), /^[0-9a-f]{64}$/);
  assert.equal(
    keyedCardHash(key, '0001'),
    crypto.createHmac('sha256', Buffer.from(key, 'base64')).update('0001').digest('hex'),
  );
  assert.throws(() => keyedCardHash(key, '  '), TypeError);
});
