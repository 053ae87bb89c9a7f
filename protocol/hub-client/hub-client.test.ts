import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { generateStationKeys } from '../crypto.ts';
import { AUTH_HEADERS, HUB_SIGNATURE_HEADER, signResponse } from '../request-auth.ts';
import { HubClientError } from './errors.ts';
import { createHubClient, enrollStation, getHubTime } from './hub-client.ts';
import { DEMO_SITE_CODE, enrolledStation, startTestHub } from '../../test/support/test-hub.ts';

/** A server that is not a hub: answers every request with `reply`. */
async function fakeHub(
  t: TestContext,
  reply: (response: http.ServerResponse, request: http.IncomingMessage) => void,
): Promise<string> {
  const server = http.createServer((request, response) => reply(response, request));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function rejection(promise: Promise<unknown>): Promise<HubClientError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HubClientError, `expected a HubClientError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

function clientFor(baseUrl: string, timeoutMs?: number) {
  const keys = generateStationKeys();
  return createHubClient({
    baseUrl,
    stationId: 'st-1',
    privateKey: keys.privateKey,
    hubPublicKey: generateStationKeys().publicKey,
    timeoutMs,
  });
}

test('a station enrolls with a one-time token and pulls signed, validated stream pages', async (t) => {
  const { enrollment, client, hub } = await enrolledStation(t);
  assert.equal(enrollment.siteCode, DEMO_SITE_CODE);
  assert.equal(enrollment.hubPublicKey, hub.hubPublicKey);
  assert.match(enrollment.cardHashKey, /^[A-Za-z0-9+/]+=*$/);
  assert.ok(Math.abs(enrollment.clockOffsetMs) < 1000, 'the hub runs on this machine’s clock');

  const page = await client.pull('categories', null);
  assert.equal(page.stream, 'categories');
  assert.equal(page.items.length, 16);
  const first = page.items[0]!;
  assert.ok(!first.deleted && typeof first.data.name === 'string');
  const next = await client.pull('categories', page.cursor);
  assert.deepEqual(next.items, [], 'nothing after the cursor of the last page');
});

test('the same token cannot enroll a second station', async (t) => {
  const hub = await startTestHub(t);
  const { token } = hub.admin.createEnrollmentToken({ siteCode: DEMO_SITE_CODE });
  const enroll = () =>
    enrollStation({
      baseUrl: hub.url,
      siteCode: DEMO_SITE_CODE,
      token,
      publicKey: generateStationKeys().publicKey,
      name: '教室',
      appVersion: '0.1.0',
    });
  await enroll();
  const error = await rejection(enroll());
  assert.equal(error.kind, 'refused');
  assert.equal(error.code, 'enrollment_invalid');
  assert.equal(error.retryable, false);
});

test('a revoked station is refused with station_revoked', async (t) => {
  const { hub, client, enrollment } = await enrolledStation(t);
  assert.deepEqual(hub.admin.revokeStation(enrollment.stationId), { revoked: true });
  const error = await rejection(client.pull('courses', null));
  assert.equal(error.kind, 'refused');
  assert.equal(error.code, 'station_revoked');
  assert.equal(error.status, 403);
  assert.equal(error.retryable, false);
  assert.match(error.message, /revoked/);
});

test('a station clock an hour behind is corrected by measuring hub time, and the pull succeeds', async (t) => {
  const { hub, enrollment, privateKey } = await enrolledStation(t);
  const client = createHubClient({
    baseUrl: hub.url,
    stationId: enrollment.stationId,
    privateKey,
    hubPublicKey: enrollment.hubPublicKey,
    now: () => Date.now() - 3_600_000,
  });
  const page = await client.pull('categories', null, 5);
  assert.equal(page.items.length, 5);
  assert.ok(Math.abs(client.clockOffsetMs - 3_600_000) < 1000, `offset ${client.clockOffsetMs}`);
});

test('a closed port is reported as unreachable: connection refused', async () => {
  // Listen on a free port, then close it: nothing listens there any more.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const error = await rejection(getHubTime({ baseUrl: `http://127.0.0.1:${port}/` }));
  assert.equal(error.kind, 'unreachable');
  assert.equal(error.reason, 'connection_refused');
  assert.equal(error.retryable, true);
  assert.match(error.message, /connection refused/);
});

test('a connection the server drops mid-request is unreachable: connection lost', async (t) => {
  const url = await fakeHub(t, (response) => response.socket?.destroy());
  const error = await rejection(getHubTime({ baseUrl: url }));
  assert.equal(error.kind, 'unreachable');
  assert.equal(error.reason, 'connection_lost');
  assert.match(error.message, /broke off/);
});

test('a hub that does not answer in time is unreachable: timeout', async (t) => {
  const url = await fakeHub(t, () => {});
  const error = await rejection(getHubTime({ baseUrl: url, timeoutMs: 150 }));
  assert.equal(error.kind, 'unreachable');
  assert.equal(error.reason, 'timeout');
  assert.match(error.message, /after 150 ms/);
});

test('an HTML page where the hub should be is a bad answer that says so', async (t) => {
  const url = await fakeHub(t, (response) =>
    response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>请先登录 Wi-Fi</body></html>'),
  );
  const error = await rejection(getHubTime({ baseUrl: url }));
  assert.equal(error.kind, 'bad_answer');
  assert.match(error.message, /not JSON/);
  assert.match(error.message, /text\/html/);
});

test('JSON of the wrong shape is a bad answer naming the field', async (t) => {
  const url = await fakeHub(t, (response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"hubTime":"noon"}'),
  );
  const error = await rejection(getHubTime({ baseUrl: url }));
  assert.equal(error.kind, 'bad_answer');
  assert.match(error.message, /hubTime/);
});

test('an unsigned answer to a signed pull is untrusted, even when well-formed', async (t) => {
  const url = await fakeHub(t, (response) =>
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end('{"stream":"categories","items":[],"cursor":"0","hasMore":false}'),
  );
  const error = await rejection(clientFor(url).pull('categories', null));
  assert.equal(error.kind, 'untrusted');
  assert.match(error.message, /no signature/);
});

test('a correctly signed page with a record that breaks the schema is a bad answer naming the record', async (t) => {
  const hubKeys = generateStationKeys();
  let page = '';
  const url = await fakeHub(t, (response, request) => {
    const nonce = String(request.headers[AUTH_HEADERS.nonce]);
    response
      .writeHead(200, {
        'content-type': 'application/json',
        [HUB_SIGNATURE_HEADER]: signResponse(200, nonce, page, hubKeys.privateKey),
      })
      .end(page);
  });
  const client = createHubClient({
    baseUrl: url,
    stationId: 'st-1',
    privateKey: generateStationKeys().privateKey,
    hubPublicKey: hubKeys.publicKey,
  });
  const answer = (items: unknown[]) => JSON.stringify({ stream: 'courses', items, cursor: '7', hasMore: false });

  page = answer([
    {
      id: 'course-1',
      rev: 7,
      deleted: false,
      data: { id: 'course-1', categoryId: 'cat-01', title: '党史', teacher: '王明' },
    },
  ]);
  let error = await rejection(client.pull('courses', null));
  assert.equal(error.kind, 'bad_answer');
  assert.match(error.message, /courses record course-1 .*summary/);

  page = answer([{ id: 'course-2', rev: 7, deleted: true, data: { id: 'course-2' } }]);
  error = await rejection(client.pull('courses', null));
  assert.match(error.message, /tombstone course-2 that carries data/);

  page = JSON.stringify({ stream: 'lessons', items: [], cursor: '7', hasMore: false });
  error = await rejection(client.pull('courses', null));
  assert.match(error.message, /answered with lessons/);

  page = answer([{ id: 'course-3', rev: 7, deleted: true, data: null }]);
  assert.deepEqual(
    (await client.pull('courses', null)).items,
    [{ id: 'course-3', rev: 7, deleted: true, data: null }],
    'the same fake hub, well-formed, is accepted',
  );
});

test('an answer signed by another hub is untrusted', async (t) => {
  const { hub, enrollment, privateKey } = await enrolledStation(t);
  const client = createHubClient({
    baseUrl: hub.url,
    stationId: enrollment.stationId,
    privateKey,
    hubPublicKey: generateStationKeys().publicKey,
  });
  const error = await rejection(client.pull('categories', null));
  assert.equal(error.kind, 'untrusted');
  assert.match(error.message, /bad signature/);
});

test('a 502 page from a proxy is a hub error that may be retried', async (t) => {
  const url = await fakeHub(t, (response) =>
    response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>'),
  );
  const error = await rejection(getHubTime({ baseUrl: url }));
  assert.equal(error.kind, 'hub_error');
  assert.equal(error.status, 502);
  assert.equal(error.retryable, true);
  assert.equal(error.retryAfterMs, null);
});

test('a hub that answers 503 with Retry-After says how long to wait', async (t) => {
  const url = await fakeHub(t, (response) =>
    response
      .writeHead(503, { 'content-type': 'application/json', 'retry-after': '120' })
      .end('{"code":"internal","message":"busy"}'),
  );
  const error = await rejection(getHubTime({ baseUrl: url }));
  assert.equal(error.kind, 'hub_error');
  assert.equal(error.code, 'internal');
  assert.equal(error.retryAfterMs, 120_000);
});

test('enrollment input the protocol would refuse is caught before anything is sent', async () => {
  await assert.rejects(
    enrollStation({
      baseUrl: 'http://127.0.0.1:9/',
      siteCode: 'bad code!',
      token: 'x'.repeat(20),
      publicKey: generateStationKeys().publicKey,
      name: '教室',
      appVersion: '0.1.0',
    }),
    (error: Error) => error instanceof TypeError && /siteCode/.test(error.message),
  );
});
