// The one hub client against the real reference hub and against servers that are not a hub
// (a proxy, a login page, a dead port, a hub signing with another key, a link that breaks).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { generateStationKeys } from '../crypto.ts';
import { createEvent, GENESIS_HASH } from '../events.ts';
import { AUTH_HEADERS, HUB_SIGNATURE_HEADER, signMediaResponse, signResponse } from '../request-auth.ts';
import { HubClientError } from './errors.ts';
import { createHubClient, enrollStation, getHubTime, type MediaAnswer } from './hub-client.ts';
import { DEMO_SITE_CODE, enrolledStation, startTestHub } from '../../test/support/test-hub.ts';
import { tempDir } from '../../test/support/temp-dir.ts';

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

function clientFor(baseUrl: string, hubPublicKey = generateStationKeys().publicKey) {
  return createHubClient({ baseUrl, stationId: 'st-1', privateKey: generateStationKeys().privateKey, hubPublicKey });
}

async function bytesOf(answer: MediaAnswer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of answer.body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A lesson file published on the hub, and its bytes. */
async function publishLesson(t: TestContext, hub: Awaited<ReturnType<typeof startTestHub>>, size: number) {
  const body = crypto.randomBytes(size);
  const source = path.join(tempDir(t), 'lesson.mp4');
  fs.writeFileSync(source, body);
  await hub.admin.publishCatalogChanges({
    lessons: [
      {
        id: 'lesson-client',
        courseId: 'course-client',
        title: '课',
        teacher: '师',
        summary: '',
        durationSec: 60,
        sort: 1,
        media: { file: source },
      },
    ],
  });
  return { body, sha256: crypto.createHash('sha256').update(body).digest('hex') };
}

/** The head of a media answer as a hub signs it (protocol §5), with `key`. */
function signedMediaHead(
  request: http.IncomingMessage,
  status: number,
  headers: Record<string, string>,
  key: string,
): Record<string, string> {
  const nonce = String(request.headers[AUTH_HEADERS.nonce]);
  return { ...headers, [HUB_SIGNATURE_HEADER]: signMediaResponse(status, nonce, headers, key) };
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

test('push and heartbeat are signed, and their answers verified and validated', async (t) => {
  const { client, enrollment, privateKey } = await enrolledStation(t);
  const event = createEvent({
    stationId: enrollment.stationId,
    seq: 1,
    prevHash: GENESIS_HASH,
    type: 'session.closed',
    payload: { sessionId: 's' },
    wallTime: Date.now(),
    bootId: 'b',
    monoMs: 1,
    hubOffsetMs: client.clockOffsetMs,
    ruleVersion: 1,
    privateKey,
  });
  assert.deepEqual(await client.push([event]), {
    ackSeq: 1,
    accepted: 1,
    duplicates: 0,
    conflicts: [],
    flagged: [],
    rejected: [],
  });
  const beat = await client.heartbeat({
    appVersion: '0.1.0',
    clock: Date.now(),
    uptimeSec: 5,
    disk: { freeBytes: 1, totalBytes: 2 },
    devices: [],
    pending: { events: 0, media: 0 },
  });
  assert.equal(beat.ackSeq, 1);
  assert.equal(beat.rulesVersion, enrollment.rules.version);
});

test('media from the reference hub: signed 200, 206 on a matching If-Range, 200 on a stale one, 304, HEAD', async (t) => {
  const { hub, client } = await enrolledStation(t);
  const { body, sha256 } = await publishLesson(t, hub, 500_000);

  const full = await client.media(sha256);
  assert.deepEqual(
    [full.status, full.etag, full.contentLength, full.contentType],
    [200, `"${sha256}"`, 500_000, 'video/mp4'],
  );
  assert.ok((await bytesOf(full)).equals(body));
  const resumed = await client.media(sha256, { range: 'bytes=400000-', ifRange: `"${sha256}"` });
  assert.equal(resumed.status, 206);
  assert.equal(resumed.contentRange, `bytes 400000-${body.length - 1}/${body.length}`);
  assert.ok((await bytesOf(resumed)).equals(body.subarray(400_000)));
  const changed = await client.media(sha256, { range: 'bytes=400000-', ifRange: '"something-else"' });
  assert.equal(changed.status, 200);
  assert.equal((await bytesOf(changed)).length, body.length);
  const unchanged = await client.media(sha256, { ifNoneMatch: `"${sha256}"` });
  assert.equal(unchanged.status, 304);
  assert.equal((await bytesOf(unchanged)).length, 0);
  const head = await client.media(sha256, { method: 'HEAD' });
  assert.deepEqual([head.status, head.contentLength], [200, 500_000]);

  // A body read in part and then dropped leaves the client usable.
  const dropped = await client.media(sha256);
  for await (const _chunk of dropped.body) break;
  assert.equal((await client.media(sha256, { range: 'bytes=0-9' })).status, 206);
});

test('media refusals of the hub are signed protocol errors: 416 and unknown files, and a stranger is refused', async (t) => {
  const { hub, client, privateKey } = await enrolledStation(t);
  const { sha256, body } = await publishLesson(t, hub, 1000);
  let error = await rejection(client.media(sha256, { range: `bytes=${body.length}-` }));
  assert.deepEqual([error.kind, error.code, error.status], ['refused', 'range_not_satisfiable', 416]);
  error = await rejection(client.media('0'.repeat(64)));
  assert.deepEqual([error.kind, error.code, error.status], ['refused', 'not_found', 404]);
  const stranger = createHubClient({
    baseUrl: hub.url,
    stationId: 'nobody',
    privateKey,
    hubPublicKey: hub.hubPublicKey,
  });
  error = await rejection(stranger.media(sha256));
  assert.deepEqual([error.kind, error.code], ['refused', 'station_unknown']);
});

test('a media answer without a signature, signed by another key, or with a header changed on the way is untrusted', async (t) => {
  const hubKeys = generateStationKeys();
  const body = Buffer.from('not the lesson you asked for');
  const url = await fakeHub(t, (response, request) => {
    const headers = { etag: '"x"', 'content-length': String(body.length), 'content-type': 'video/mp4' };
    if (request.url?.endsWith('a'.repeat(64))) response.writeHead(200, headers);
    else if (request.url?.endsWith('b'.repeat(64)))
      response.writeHead(200, signedMediaHead(request, 200, headers, generateStationKeys().privateKey));
    else if (request.url?.endsWith('c'.repeat(64))) {
      // Signed for another length than the one sent (a proxy that re-framed the answer).
      const signed = signedMediaHead(request, 200, { ...headers, 'content-length': '999' }, hubKeys.privateKey);
      response.writeHead(200, { ...signed, 'content-length': String(body.length) });
    } else response.writeHead(200, signedMediaHead(request, 200, headers, hubKeys.privateKey));
    response.end(body);
  });
  const client = clientFor(url, hubKeys.publicKey);
  for (const [letter, said] of [
    ['a', /no signature/],
    ['b', /bad signature/],
    ['c', /bad signature/],
  ] as const) {
    const error = await rejection(client.media(letter.repeat(64)));
    assert.equal(error.kind, 'untrusted', letter);
    assert.match(error.message, said);
  }
  assert.ok((await bytesOf(await client.media('d'.repeat(64)))).equals(body), 'the same answer, signed, is taken');
});

test("a proxy's chunked error page to a media request is untrusted; the hub's own chunked refusal is taken", async (t) => {
  const hubKeys = generateStationKeys();
  const url = await fakeHub(t, (response, request) => {
    if (request.url?.endsWith('a'.repeat(64))) {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.write('<h1>no such ');
      setTimeout(() => response.end('媒体 here</h1>'), 20);
      return;
    }
    const refusal = JSON.stringify({ code: 'not_found', message: 'no such media' });
    const nonce = String(request.headers[AUTH_HEADERS.nonce]);
    response.writeHead(404, {
      'content-type': 'application/json',
      [HUB_SIGNATURE_HEADER]: signResponse(404, nonce, refusal, hubKeys.privateKey),
    });
    response.write(refusal.slice(0, 10));
    setTimeout(() => response.end(refusal.slice(10)), 20);
  });
  const client = clientFor(url, hubKeys.publicKey);
  let error = await rejection(client.media('a'.repeat(64)));
  assert.equal(error.kind, 'untrusted');
  assert.match(error.message, /HTTP 404, text\/html.*no signature.*no such 媒体 here/);
  error = await rejection(client.media('b'.repeat(64)));
  assert.deepEqual([error.kind, error.code], ['refused', 'not_found']);
});

test('a media body cut short fails as unreachable after the bytes that came', async (t) => {
  const hubKeys = generateStationKeys();
  const body = crypto.randomBytes(300_000);
  const url = await fakeHub(t, (response, request) => {
    const headers = { etag: '"x"', 'content-length': String(body.length) };
    response.writeHead(200, signedMediaHead(request, 200, headers, hubKeys.privateKey));
    response.write(body.subarray(0, 100_000), () => setTimeout(() => response.destroy(), 50));
  });
  const answer = await clientFor(url, hubKeys.publicKey).media('a'.repeat(64));
  const got: Buffer[] = [];
  await assert.rejects(
    (async () => {
      for await (const chunk of answer.body) got.push(chunk);
    })(),
    (error: unknown) =>
      error instanceof HubClientError && error.kind === 'unreachable' && error.reason === 'connection_lost',
  );
  assert.ok(Buffer.concat(got).equals(body.subarray(0, 100_000)));
});

test("the caller's signal stops a media request before its answer and a body in the middle, with its reason", async (t) => {
  const hubKeys = generateStationKeys();
  const url = await fakeHub(t, (response, request) => {
    if (request.url?.endsWith('a'.repeat(64))) return; // never answers
    const headers = { etag: '"x"', 'content-length': '10000000' };
    response.writeHead(200, signedMediaHead(request, 200, headers, hubKeys.privateKey));
    response.write(Buffer.alloc(50_000)); // then nothing more
  });
  const client = clientFor(url, hubKeys.publicKey);
  const early = new AbortController();
  setTimeout(() => early.abort(new Error('stopped early')), 50);
  await assert.rejects(client.media('a'.repeat(64), { signal: early.signal }), /stopped early/);

  const late = new AbortController();
  const answer = await client.media('b'.repeat(64), { signal: late.signal });
  setTimeout(() => late.abort(new Error('stopped late')), 50);
  await assert.rejects(
    (async () => {
      for await (const _chunk of answer.body);
    })(),
    /stopped late/,
  );
  const already = new AbortController();
  already.abort(new Error('never started'));
  await assert.rejects(client.media('b'.repeat(64), { signal: already.signal }), /never started/);
});

test('a media body that goes silent fails as unreachable: timeout, after the idle time', async (t) => {
  const hubKeys = generateStationKeys();
  const url = await fakeHub(t, (response, request) => {
    response.writeHead(200, signedMediaHead(request, 200, { 'content-length': '1000' }, hubKeys.privateKey));
    response.write(Buffer.alloc(100));
  });
  const answer = await clientFor(url, hubKeys.publicKey).media('a'.repeat(64), { idleTimeoutMs: 200 });
  await assert.rejects(
    (async () => {
      for await (const _chunk of answer.body);
    })(),
    (error: unknown) => error instanceof HubClientError && error.kind === 'unreachable' && error.reason === 'timeout',
  );
});

test("a proxy's 502 page to a signed pull is untrusted: its status and Retry-After are not the hub's word", async (t) => {
  const url = await fakeHub(t, (response) =>
    response.writeHead(502, { 'content-type': 'text/html', 'retry-after': '3600' }).end('<h1>Bad Gateway</h1>'),
  );
  const error = await rejection(clientFor(url).pull('categories', null));
  assert.equal(error.kind, 'untrusted');
  assert.equal(error.retryAfterMs, null);
  assert.match(error.message, /HTTP 502, text\/html.*no signature.*Bad Gateway/);
});

test('something that does not speak HTTP is a bad answer', async (t) => {
  const garbage = net.createServer((socket) => socket.resume().end('SSH-2.0-nope\r\n\r\n'));
  await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => garbage.close(() => resolve())));
  const error = await rejection(
    getHubTime({ baseUrl: `http://127.0.0.1:${(garbage.address() as AddressInfo).port}/` }),
  );
  assert.equal(error.kind, 'bad_answer');
  assert.match(error.message, /did not answer in HTTP/);
});
