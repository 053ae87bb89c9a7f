import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateStationKeys } from './crypto.ts';
import {
  AUTH_HEADERS,
  signMediaResponse,
  signRequest,
  signResponse,
  verifyMediaResponse,
  verifyRequest,
  verifyResponse,
} from './request-auth.ts';

const keys = generateStationKeys();
const now = Date.UTC(2026, 10, 28, 12);
const base = {
  method: 'POST',
  path: '/v1/events',
  body: '{"events":[]}',
  privateKey: keys.privateKey,
  stationId: 'st-1',
  now,
};

test('a signed request verifies and reports station, nonce and timestamp', () => {
  const headers = signRequest(base);
  const result = verifyRequest({ ...base, headers, publicKey: keys.publicKey, now: now + 1000 });
  assert.deepEqual(result, { ok: true, stationId: 'st-1', nonce: headers[AUTH_HEADERS.nonce], timestamp: now });
});

test('tampering with method, path, query, body or station id breaks the signature', () => {
  const headers = signRequest(base);
  const check = (change: Partial<typeof base>, extraHeaders: Record<string, string> = {}) =>
    verifyRequest({ ...base, ...change, headers: { ...headers, ...extraHeaders }, publicKey: keys.publicKey });
  assert.equal(check({ method: 'PUT' }).ok, false);
  assert.equal(check({ path: '/v1/events?x=1' }).ok, false);
  const body = check({ body: '{"events":[1]}' });
  assert.equal(body.ok === false && body.code, 'auth_bad_signature');
  assert.equal(check({}, { [AUTH_HEADERS.station]: 'st-2' }).ok, false);
  assert.equal(
    check(
      {},
      {
        [AUTH_HEADERS.signature]: signRequest({ ...base, privateKey: generateStationKeys().privateKey })[
          AUTH_HEADERS.signature
        ]!,
      },
    ).ok,
    false,
  );
});

test('missing headers, stale and future timestamps get their own codes', () => {
  const headers = signRequest(base);
  const { [AUTH_HEADERS.nonce]: _dropped, ...withoutNonce } = headers;
  const missing = verifyRequest({ ...base, headers: withoutNonce, publicKey: keys.publicKey });
  assert.equal(missing.ok === false && missing.code, 'auth_missing');
  const stale = verifyRequest({ ...base, headers, publicKey: keys.publicKey, now: now + 6 * 60_000 });
  assert.equal(stale.ok === false && stale.code, 'auth_stale_timestamp');
  const future = verifyRequest({ ...base, headers, publicKey: keys.publicKey, now: now - 6 * 60_000 });
  assert.equal(future.ok === false && future.code, 'auth_stale_timestamp');
  assert.equal(
    verifyRequest({ ...base, headers, publicKey: keys.publicKey, now: now - 6 * 60_000, maxSkewMs: 7 * 60_000 }).ok,
    true,
  );
});

test('a GET with no body signs the hash of the empty body', () => {
  const get = {
    method: 'GET',
    path: '/v1/streams/courses?cursor=0',
    privateKey: keys.privateKey,
    stationId: 'st-1',
    now,
  };
  const headers = signRequest(get);
  assert.equal(headers[AUTH_HEADERS.contentSha256], 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(verifyRequest({ ...get, body: '', headers, publicKey: keys.publicKey }).ok, true);
});

test('a response signature binds status, request nonce and body', () => {
  const hub = generateStationKeys();
  const signature = signResponse(200, 'nonce-nonce-nonce-1', '{"ok":1}', hub.privateKey);
  assert.equal(
    verifyResponse({
      status: 200,
      requestNonce: 'nonce-nonce-nonce-1',
      body: '{"ok":1}',
      signature,
      hubPublicKey: hub.publicKey,
    }),
    true,
  );
  assert.equal(
    verifyResponse({
      status: 200,
      requestNonce: 'nonce-nonce-nonce-2',
      body: '{"ok":1}',
      signature,
      hubPublicKey: hub.publicKey,
    }),
    false,
  );
  assert.equal(
    verifyResponse({
      status: 201,
      requestNonce: 'nonce-nonce-nonce-1',
      body: '{"ok":1}',
      signature,
      hubPublicKey: hub.publicKey,
    }),
    false,
  );
  assert.equal(
    verifyResponse({
      status: 200,
      requestNonce: 'nonce-nonce-nonce-1',
      body: '{"ok":1}',
      signature: null,
      hubPublicKey: hub.publicKey,
    }),
    false,
  );
});

test('a media answer signature binds status, request nonce, ETag, Content-Range and Content-Length', () => {
  const hub = generateStationKeys();
  const nonce = 'nonce-nonce-nonce-1';
  const headers = { etag: '"abc"', 'content-range': 'bytes 100-199/1000', 'content-length': '100' };
  const signature = signMediaResponse(206, nonce, headers, hub.privateKey);
  const check = (change: { status?: number; nonce?: string; headers?: Record<string, string | null> }) =>
    verifyMediaResponse({
      status: change.status ?? 206,
      requestNonce: change.nonce ?? nonce,
      headers: { ...headers, ...change.headers },
      signature,
      hubPublicKey: hub.publicKey,
    });
  assert.equal(check({}), true);
  assert.equal(check({ status: 200 }), false);
  assert.equal(check({ nonce: 'nonce-nonce-nonce-2' }), false);
  assert.equal(check({ headers: { etag: '"abd"' } }), false);
  assert.equal(check({ headers: { 'content-range': 'bytes 0-99/1000' } }), false);
  assert.equal(check({ headers: { 'content-length': null } }), false, 'a length a proxy dropped');
  // Not interchangeable with a body signature: the signing strings differ from their first line.
  assert.equal(
    verifyResponse({ status: 206, requestNonce: nonce, body: '', signature, hubPublicKey: hub.publicKey }),
    false,
  );
});
