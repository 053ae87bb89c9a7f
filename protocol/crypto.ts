// Ed25519 keys, signatures and SHA-256, on node:crypto.
//
// Key format on the wire and on disk: base64 of the raw key bytes — the 32-byte public key,
// and the 32-byte private seed. That is what RFC 8032 calls the keys, it fits in a JSON
// string, and any Ed25519 library reads it (unlike PEM, which wraps them in DER).
// Signatures are base64 of the 64 raw signature bytes.
import crypto from 'node:crypto';

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export type KeyPair = { publicKey: string; privateKey: string };

/** A fresh Ed25519 key pair, both halves base64 raw (see top of file). */
export function generateStationKeys(): KeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    publicKey: spki.subarray(SPKI_PREFIX.length).toString('base64'),
    privateKey: pkcs8.subarray(PKCS8_PREFIX.length).toString('base64'),
  };
}

// KeyObjects are cached because building one costs about as much as a verification, and a
// hub verifies thousands of events from the same few keys.
const publicKeys = new Map<string, crypto.KeyObject>();
const privateKeys = new Map<string, crypto.KeyObject>();
const CACHE_LIMIT = 10_000;

function cached(cache: Map<string, crypto.KeyObject>, key: string, make: () => crypto.KeyObject): crypto.KeyObject {
  let object = cache.get(key);
  if (!object) {
    object = make();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, object);
  }
  return object;
}

function rawKey(base64: string, what: string): Buffer {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== base64) throw new TypeError(`${what} must be 32 bytes in base64`);
  return raw;
}

export function publicKeyObject(publicKey: string): crypto.KeyObject {
  return cached(publicKeys, publicKey, () =>
    crypto.createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, rawKey(publicKey, 'An Ed25519 public key')]),
      format: 'der',
      type: 'spki',
    }),
  );
}

function privateKeyObject(privateKey: string): crypto.KeyObject {
  return cached(privateKeys, privateKey, () =>
    crypto.createPrivateKey({
      key: Buffer.concat([PKCS8_PREFIX, rawKey(privateKey, 'An Ed25519 private key')]),
      format: 'der',
      type: 'pkcs8',
    }),
  );
}

/** The base64 raw public key that belongs to a base64 raw private seed. */
export function publicKeyOf(privateKey: string): string {
  const spki = crypto.createPublicKey(privateKeyObject(privateKey)).export({ format: 'der', type: 'spki' });
  return spki.subarray(SPKI_PREFIX.length).toString('base64');
}

/** True when `publicKey` is a well-formed base64 raw Ed25519 public key. */
export function isPublicKey(publicKey: string): boolean {
  try {
    publicKeyObject(publicKey);
    return true;
  } catch {
    return false;
  }
}

export function sign(data: string | Uint8Array, privateKey: string): string {
  return crypto
    .sign(null, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, privateKeyObject(privateKey))
    .toString('base64');
}

/** False (never a throw) for a malformed key or signature: callers treat all three alike. */
export function verify(data: string | Uint8Array, signature: string, publicKey: string): boolean {
  try {
    const raw = Buffer.from(signature, 'base64');
    if (raw.length !== 64) return false;
    return crypto.verify(
      null,
      typeof data === 'string' ? Buffer.from(data, 'utf8') : data,
      publicKeyObject(publicKey),
      raw,
    );
  } catch {
    return false;
  }
}

export function sha256Hex(data: string | Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}
