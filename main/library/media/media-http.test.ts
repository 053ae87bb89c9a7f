// The bare-socket GET behind hubMediaFetch: framing, ranges, cuts, aborts and a slow reader,
// against the fault server, small hand-written servers and the reference hub.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { hubMediaFetch } from '../../hub-link/hub-media-fetch.ts';
import { bodyChunks, mediaGet, MediaHttpError } from './media-http.ts';
import type { MediaResponse } from './media-http.ts';
import { publishedHubLesson } from './test-support/hub-lesson.ts';
import { randomBytes, sha256Of, startFaultServer } from './test-support/fault-server.ts';

/** Reads the whole body; each chunk is copied before the next is asked for, as the contract says. */
async function readAll(response: MediaResponse, pace?: () => Promise<void>): Promise<Buffer> {
  const parts: Buffer[] = [];
  if (!response.body) return Buffer.alloc(0);
  const chunks = bodyChunks(response.body);
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
    parts.push(Buffer.from(next.value));
    if (pace) await pace();
  }
  return Buffer.concat(parts);
}

async function server(t: TestContext, handler: http.RequestListener): Promise<string> {
  const running = http.createServer(handler);
  await new Promise<void>((resolve) => running.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        running.closeAllConnections();
        running.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(running.address() as AddressInfo).port}`;
}

test('a full answer, a range with a matching If-Range, and a stale If-Range', async (t) => {
  const faults = await startFaultServer();
  t.after(() => faults.close());
  const body = randomBytes(700_000, 21);
  const sha256 = sha256Of(body);
  faults.serve(sha256, body);
  const url = new URL(`${faults.url}/media/${sha256}`);

  const full = await mediaGet(url);
  assert.equal(full.status, 200);
  assert.equal(full.headers.get('ETag'), `"${sha256}"`);
  assert.equal(full.headers.get('content-length'), String(body.length));
  assert.ok((await readAll(full)).equals(body));

  const ranged = await mediaGet(url, { headers: { range: 'bytes=123456-', 'if-range': `"${sha256}"` } });
  assert.equal(ranged.status, 206);
  assert.equal(ranged.headers.get('content-range'), `bytes 123456-${body.length - 1}/${body.length}`);
  assert.ok((await readAll(ranged)).equals(body.subarray(123_456)));

  const stale = await mediaGet(url, { headers: { range: 'bytes=123456-', 'if-range': '"older"' } });
  assert.equal(stale.status, 200);
  assert.ok((await readAll(stale)).equals(body));
  assert.deepEqual(
    faults.requests.map((request) => [request.range, request.ifRange]),
    [
      [null, null],
      ['bytes=123456-', `"${sha256}"`],
      ['bytes=123456-', '"older"'],
    ],
  );
});

test('a connection cut mid-body ends the body with an error after the bytes that came', async (t) => {
  const faults = await startFaultServer();
  t.after(() => faults.close());
  const body = randomBytes(300_000, 22);
  const sha256 = sha256Of(body);
  faults.serve(sha256, body);
  faults.spoil(sha256, { cutAfter: 100_000 });
  const response = await mediaGet(new URL(`${faults.url}/media/${sha256}`));
  assert.equal(response.status, 200);
  const got: Buffer[] = [];
  const chunks = bodyChunks(response.body!);
  await assert.rejects(
    (async () => {
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) got.push(Buffer.from(next.value));
    })(),
    MediaHttpError,
  );
  const prefix = Buffer.concat(got);
  assert.equal(prefix.length, 100_000);
  assert.ok(prefix.equals(body.subarray(0, 100_000)));
});

test('error answers: a status with an empty chunked body, a body with chunks, a 304 without one', async (t) => {
  const faults = await startFaultServer();
  t.after(() => faults.close());
  const body = randomBytes(1000, 23);
  const sha256 = sha256Of(body);
  faults.serve(sha256, body);
  faults.spoil(sha256, { status: 503 });
  const unavailable = await mediaGet(new URL(`${faults.url}/media/${sha256}`));
  assert.equal(unavailable.status, 503);
  assert.equal((await readAll(unavailable)).length, 0);

  const url = await server(t, (req, res) => {
    if (req.url === '/304') {
      res.writeHead(304, { etag: '"x"' });
      res.end();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.write('no such ');
    setTimeout(() => res.end('媒体 here'), 20);
  });
  const missing = await mediaGet(new URL(`${url}/x`));
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('transfer-encoding'), 'chunked');
  assert.equal((await readAll(missing)).toString('utf8'), 'no such 媒体 here');
  const unchanged = await mediaGet(new URL(`${url}/304`));
  assert.equal(unchanged.status, 304);
  assert.equal(unchanged.body, null);
});

test('a slow reader gets every byte of a large body intact while the read buffers are reused', async (t) => {
  const body = randomBytes(24 * 1024 * 1024, 24);
  const url = await server(t, (_req, res) => {
    res.writeHead(200, { 'content-length': body.length });
    res.end(body);
  });
  const response = await mediaGet(new URL(`${url}/big`));
  let chunks = 0;
  const got = await readAll(response, async () => {
    // Now and then the reader stalls long enough for the socket to fill every buffer.
    if (++chunks % 40 === 0) await sleep(30);
  });
  assert.equal(got.length, body.length);
  assert.equal(crypto.createHash('sha256').update(got).digest('hex'), sha256Of(body));
});

test('the abort signal stops a request before its answer and a body in the middle', async (t) => {
  const url = await server(t, (req, res) => {
    if (req.url === '/silent') return; // never answers
    res.writeHead(200, { 'content-length': 10_000_000 });
    res.write(Buffer.alloc(50_000)); // then nothing more
  });
  const early = new AbortController();
  const pending = mediaGet(new URL(`${url}/silent`), { signal: early.signal });
  setTimeout(() => early.abort(new Error('stopped early')), 50);
  await assert.rejects(pending, /stopped early/);

  const late = new AbortController();
  const response = await mediaGet(new URL(`${url}/stalls`), { signal: late.signal });
  const chunks = bodyChunks(response.body!);
  await chunks.next();
  setTimeout(() => late.abort(new Error('stopped late')), 50);
  await assert.rejects(
    (async () => {
      for (let next = await chunks.next(); !next.done; next = await chunks.next());
    })(),
    /stopped late/,
  );

  const already = new AbortController();
  already.abort(new Error('never started'));
  await assert.rejects(mediaGet(new URL(`${url}/x`), { signal: already.signal }), /never started/);
});

test('a refused connection, a non-HTTP answer and a header with a line break are errors', async (t) => {
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await assert.rejects(mediaGet(new URL(`http://127.0.0.1:${port}/x`)), MediaHttpError);

  // (It reads what it is sent, so that it notices the client hang up and close() can finish.)
  const garbage = net.createServer((socket) => socket.resume().end('SSH-2.0-nope\r\n\r\n'));
  await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => garbage.close(() => resolve())));
  await assert.rejects(
    mediaGet(new URL(`http://127.0.0.1:${(garbage.address() as AddressInfo).port}/x`)),
    /Not an HTTP/,
  );

  await assert.rejects(
    mediaGet(new URL('http://127.0.0.1:1/x'), { headers: { range: 'bytes=0-\r\nx-evil: 1' } }),
    /Refusing/,
  );
});

test('hubMediaFetch against the reference hub: signed 200, 206 on a matching If-Range, 200 on a stale one', async (t) => {
  const { station, body, sha256, fetchMedia } = await publishedHubLesson(t, {
    id: 'lesson-http',
    size: 500_000,
    seed: 25,
  });
  const signal = new AbortController().signal;

  const full = await fetchMedia(sha256, { signal });
  assert.equal(full.status, 200);
  assert.ok((await readAll(full)).equals(body));
  const resumed = await fetchMedia(sha256, { range: 'bytes=400000-', ifRange: `"${sha256}"`, signal });
  assert.equal(resumed.status, 206);
  assert.equal(resumed.headers.get('content-range'), `bytes 400000-${body.length - 1}/${body.length}`);
  assert.ok((await readAll(resumed)).equals(body.subarray(400_000)));
  const changed = await fetchMedia(sha256, { range: 'bytes=400000-', ifRange: '"something-else"', signal });
  assert.equal(changed.status, 200);
  assert.equal((await readAll(changed)).length, body.length);

  // A station the hub does not know is refused, with a body that says why.
  const stranger = hubMediaFetch({
    baseUrl: station.hub.url,
    stationId: 'nobody',
    privateKey: station.privateKey,
    clockOffsetMs: () => 0,
  });
  const refused = await stranger(sha256, { signal });
  assert.ok(refused.status >= 400 && refused.status < 500, `status ${refused.status}`);
  assert.ok((await readAll(refused)).length > 0);
});
