// Verified, resumable downloads against real HTTP through the station's hub client: the
// reference hub in-process (signed requests and answers, its own Range/If-Range code; over
// plain HTTP, over HTTPS with a certificate authority made for the test, and through a
// redirect) and a fault hub that cuts, stalls, corrupts, pads and changes files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { Agent } from 'undici';
import { HubClientError } from '../../../protocol/hub-client/errors.ts';
import { createHubClient } from '../../../protocol/hub-client/hub-client.ts';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { enrolledStation, startTestHub } from '../../../test/support/test-hub.ts';
import { makeTestCertificates } from '../../../test/support/test-tls.ts';
import { downloadVerified } from './download.ts';
import type { FetchMedia } from './download.ts';
import { MediaError } from './errors.ts';
import { mediaPaths } from './paths.ts';
import type { MediaPaths } from './paths.ts';
import { publishedHubLesson } from './test-support/hub-lesson.ts';
import { randomBytes, sha256Of, startFaultServer } from './test-support/fault-server.ts';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function download(paths: MediaPaths, sha256: string, size: number, fetchMedia: FetchMedia) {
  return downloadVerified({ paths, sha256, size, fetchMedia, signal: new AbortController().signal });
}

function assertStored(paths: MediaPaths, sha256: string, body: Buffer): void {
  assert.equal(sha256Of(fs.readFileSync(paths.file(sha256))), sha256Of(body));
  assert.equal(fs.existsSync(paths.part(sha256)), false, 'no part left behind');
  assert.equal(fs.existsSync(paths.partMeta(sha256)), false, 'no part metadata left behind');
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<MediaError> {
  const error = await promise.then(
    () => assert.fail(`expected a ${code} error`),
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof MediaError, `a MediaError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  return error;
}

test('a file from the reference hub is downloaded with signed requests and resumed from a part', async (t) => {
  const { dir, body, sha256, fetchMedia } = await publishedHubLesson(t, { id: 'lesson-dl', size: 300_000, seed: 1 });

  const fresh = mediaPaths(path.join(dir, 'fresh'));
  fs.mkdirSync(fresh.partialDir, { recursive: true });
  assert.deepEqual(await download(fresh, sha256, body.length, fetchMedia), { resumedFrom: 0, restarted: false });
  assertStored(fresh, sha256, body);

  // A part left by an earlier attempt, with the ETag the hub gave it.
  const resumed = mediaPaths(path.join(dir, 'resumed'));
  fs.mkdirSync(resumed.partialDir, { recursive: true });
  fs.writeFileSync(resumed.part(sha256), body.subarray(0, 123_457));
  fs.writeFileSync(resumed.partMeta(sha256), JSON.stringify({ etag: `"${sha256}"`, size: body.length }));
  assert.deepEqual(await download(resumed, sha256, body.length, fetchMedia), {
    resumedFrom: 123_457,
    restarted: false,
  });
  assertStored(resumed, sha256, body);
});

/** The reference hub over HTTPS, its certificate issued by an authority made for this test. */
async function httpsHub(t: TestContext) {
  const certificates = makeTestCertificates(t);
  const hub = await startTestHub(t, { tls: { key: certificates.key, cert: certificates.cert } });
  // Trusts that authority and no other (a `ca` replaces the built-in list).
  const trusting = new Agent({ connect: { ca: certificates.ca } });
  t.after(() => trusting.close());
  return { hub, trusting };
}

test('over HTTPS, trusting only the test certificate authority, a lesson downloads and resumes', async (t) => {
  const { hub, trusting } = await httpsHub(t);
  assert.match(hub.url, /^https:\/\/127\.0\.0\.1:\d+\/$/);
  const station = await enrolledStation(t, hub, { dispatcher: trusting });
  const { dir, body, sha256, fetchMedia } = await publishedHubLesson(t, {
    id: 'lesson-tls',
    size: 400_000,
    seed: 31,
    station,
  });
  const fresh = mediaPaths(path.join(dir, 'fresh'));
  fs.mkdirSync(fresh.partialDir, { recursive: true });
  assert.deepEqual(await download(fresh, sha256, body.length, fetchMedia), { resumedFrom: 0, restarted: false });
  assertStored(fresh, sha256, body);

  const resumed = mediaPaths(path.join(dir, 'resumed'));
  fs.mkdirSync(resumed.partialDir, { recursive: true });
  fs.writeFileSync(resumed.part(sha256), body.subarray(0, 250_001));
  fs.writeFileSync(resumed.partMeta(sha256), JSON.stringify({ etag: `"${sha256}"`, size: body.length }));
  assert.deepEqual(await download(resumed, sha256, body.length, fetchMedia), {
    resumedFrom: 250_001,
    restarted: false,
  });
  assertStored(resumed, sha256, body);
});

test('a station that does not trust the HTTPS hub’s authority is told so, and downloads nothing', async (t) => {
  const { hub, trusting } = await httpsHub(t);
  const station = await enrolledStation(t, hub, { dispatcher: trusting });
  const { sha256, body } = await publishedHubLesson(t, { id: 'lesson-untrusted-ca', size: 10_000, seed: 32, station });
  const withSystemAuthorities = createHubClient({
    baseUrl: hub.url,
    stationId: station.enrollment.stationId,
    privateKey: station.privateKey,
    hubPublicKey: station.enrollment.hubPublicKey,
  });
  await assert.rejects(withSystemAuthorities.media(sha256), (error: unknown) => {
    assert.ok(error instanceof HubClientError, String(error));
    assert.equal(error.kind, 'unreachable');
    assert.equal(error.reason, 'tls');
    assert.match(error.message, /certificate/);
    return true;
  });
  const paths = mediaPaths(tempDir(t));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  await rejectsWith(
    download(paths, sha256, body.length, (hash, request) => withSystemAuthorities.media(hash, request)),
    'hub-unreachable',
  );
  assert.deepEqual(fs.readdirSync(paths.partialDir), []);
});

test('through a redirect from a plain-HTTP front to the HTTPS hub, enrollment, pulls and downloads work', async (t) => {
  const { hub, trusting } = await httpsHub(t);
  const seen: string[] = [];
  // What a front does when a hub moves to HTTPS: the same path at the new place (the
  // station's signature covers the path, so it must be kept), with 308 so a POST stays one.
  const front = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.writeHead(308, { location: new URL(request.url ?? '/', hub.url).toString() }).end();
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => front.close(() => resolve())));
  const frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}/`;

  const station = await enrolledStation(t, hub, { baseUrl: frontUrl, dispatcher: trusting });
  assert.equal(station.enrollment.hubUrl, frontUrl);
  assert.equal((await station.client.pull('categories')).items.length, 16);
  const { dir, body, sha256, fetchMedia } = await publishedHubLesson(t, {
    id: 'lesson-redirect',
    size: 300_000,
    seed: 33,
    station,
  });
  const paths = mediaPaths(path.join(dir, 'station'));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  fs.writeFileSync(paths.part(sha256), body.subarray(0, 100_000));
  fs.writeFileSync(paths.partMeta(sha256), JSON.stringify({ etag: `"${sha256}"`, size: body.length }));
  assert.deepEqual(await download(paths, sha256, body.length, fetchMedia), { resumedFrom: 100_000, restarted: false });
  assertStored(paths, sha256, body);
  assert.deepEqual(
    seen.map((line) => line.split('?')[0]),
    ['POST /v1/enroll', 'GET /v1/streams/categories', `GET /v1/media/${sha256}`],
  );
});

for (const seed of [11, 22, 33, 44, 55]) {
  test(`connections cut at random byte offsets (seed ${seed}) resume to a verified file`, async (t) => {
    const server = await startFaultServer();
    t.after(() => server.close());
    const random = mulberry32(seed);
    const body = randomBytes(200_000 + Math.floor(random() * 200_000), seed);
    const sha256 = sha256Of(body);
    server.serve(sha256, body);
    const cuts = 2 + Math.floor(random() * 4);
    for (let i = 0; i < cuts; i++) server.spoil(sha256, { cutAfter: Math.floor(random() * 60_000) });
    const paths = mediaPaths(tempDir(t));
    fs.mkdirSync(paths.partialDir, { recursive: true });

    let failures = 0;
    for (;;) {
      try {
        await download(paths, sha256, body.length, server.fetchMedia);
        break;
      } catch (error) {
        assert.ok(error instanceof MediaError && error.code === 'hub-unreachable', String(error));
        failures++;
        assert.ok(failures <= cuts, 'every cut costs one attempt, no more');
      }
    }
    assertStored(paths, sha256, body);
    assert.equal(failures, cuts);
    // Every retry asked only for what was missing, and only of the version it had begun.
    const resumes = server.requests.slice(1);
    assert.ok(
      resumes.some((request) => request.status === 206),
      'at least one answer was a resumed range',
    );
    for (const request of resumes) {
      if (request.range) assert.equal(request.ifRange, `"${sha256}"`);
    }
  });
}

test('a resume against a file that changed on the hub (200 to If-Range) starts again', async (t) => {
  const server = await startFaultServer();
  t.after(() => server.close());
  const body = randomBytes(150_000, 7);
  const sha256 = sha256Of(body);
  // The hub first serves a wrong version under this address, then replaces it.
  const wrong = randomBytes(150_000, 8);
  server.serve(sha256, wrong, '"v1"');
  server.spoil(sha256, { cutAfter: 90_000 });
  const paths = mediaPaths(tempDir(t));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  await rejectsWith(download(paths, sha256, body.length, server.fetchMedia), 'hub-unreachable');
  assert.ok(fs.statSync(paths.part(sha256)).size > 0, 'the part is kept for a resume');

  server.serve(sha256, body, '"v2"');
  assert.deepEqual(await download(paths, sha256, body.length, server.fetchMedia), { resumedFrom: 0, restarted: true });
  assertStored(paths, sha256, body);
  const resume = server.requests.at(-1)!;
  assert.equal(resume.ifRange, '"v1"');
  assert.match(resume.range ?? '', /^bytes=\d+-$/);
  assert.equal(resume.status, 200);
});

test('wrong bytes are not kept: checksum mismatch, no file, no part', async (t) => {
  const server = await startFaultServer();
  t.after(() => server.close());
  const body = randomBytes(100_000, 3);
  const sha256 = sha256Of(body);
  server.serve(sha256, body);
  server.spoil(sha256, { flipByteAt: 54_321 });
  const paths = mediaPaths(tempDir(t));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  const error = await rejectsWith(download(paths, sha256, body.length, server.fetchMedia), 'checksum-mismatch');
  assert.match(error.message, /not kept/);
  assert.equal(fs.existsSync(paths.file(sha256)), false);
  assert.equal(fs.existsSync(paths.part(sha256)), false);

  // The next attempt gets good bytes and succeeds.
  await download(paths, sha256, body.length, server.fetchMedia);
  assertStored(paths, sha256, body);
});

test("a size other than the catalogue's is refused before anything is written", async (t) => {
  const server = await startFaultServer();
  t.after(() => server.close());
  const body = randomBytes(50_000, 4);
  const sha256 = sha256Of(body);
  server.serve(sha256, body);
  const paths = mediaPaths(tempDir(t));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  const error = await rejectsWith(download(paths, sha256, 60_000, server.fetchMedia), 'checksum-mismatch');
  assert.match(error.message, /50000 bytes/);
  assert.deepEqual(fs.readdirSync(paths.partialDir), []);
});

test('416 to a resume discards the part and starts again; 416 to a fresh request is an error', async (t) => {
  const server = await startFaultServer();
  t.after(() => server.close());
  const body = randomBytes(120_000, 5);
  const sha256 = sha256Of(body);
  server.serve(sha256, body);
  server.spoil(sha256, { cutAfter: 70_000 }, { status: 416 });
  const paths = mediaPaths(tempDir(t));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  await rejectsWith(download(paths, sha256, body.length, server.fetchMedia), 'hub-unreachable');
  assert.deepEqual(await download(paths, sha256, body.length, server.fetchMedia), { resumedFrom: 0, restarted: false });
  assertStored(paths, sha256, body);
  assert.deepEqual(
    server.requests.map((request) => request.status),
    [200, 416, 200],
  );

  const other = randomBytes(10_000, 6);
  const otherSha = sha256Of(other);
  server.serve(otherSha, other);
  server.spoil(otherSha, { status: 416 });
  const error = await rejectsWith(download(paths, otherSha, other.length, server.fetchMedia), 'range-not-satisfiable');
  assert.match(error.message, /416/);
});

test('a complete part left by a crash before the rename is verified and published without the hub', async (t) => {
  const body = randomBytes(80_000, 9);
  const sha256 = sha256Of(body);
  const paths = mediaPaths(tempDir(t));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  fs.writeFileSync(paths.part(sha256), body);
  fs.writeFileSync(paths.partMeta(sha256), JSON.stringify({ etag: `"${sha256}"`, size: body.length }));
  const unreachable: FetchMedia = () => Promise.reject(new Error('the hub must not be asked'));
  assert.deepEqual(await download(paths, sha256, body.length, unreachable), {
    resumedFrom: body.length,
    restarted: false,
  });
  assertStored(paths, sha256, body);
});

test('a hub that goes silent is given up on after the idle timeout, keeping what came', async (t) => {
  const server = await startFaultServer();
  t.after(() => server.close());
  const body = randomBytes(100_000, 10);
  const sha256 = sha256Of(body);
  server.serve(sha256, body);
  // Headers and a first part of the body, then nothing.
  server.spoil(sha256, { stallAfter: 30_000 });
  const paths = mediaPaths(tempDir(t));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  const started = performance.now();
  const error = await rejectsWith(
    downloadVerified({
      paths,
      sha256,
      size: body.length,
      fetchMedia: server.fetchMedia,
      signal: new AbortController().signal,
      idleTimeoutMs: 300,
    }),
    'hub-unreachable',
  );
  assert.match(error.message, /sent nothing/);
  assert.ok(performance.now() - started < 5000);
  assert.equal(fs.statSync(paths.part(sha256)).size, 30_000, 'the bytes that came are kept for a resume');
  assert.deepEqual(await download(paths, sha256, body.length, server.fetchMedia), {
    resumedFrom: 30_000,
    restarted: false,
  });
  assertStored(paths, sha256, body);
});

test('an answer with more bytes than the file (chunked, no length) is refused and nothing is kept', async (t) => {
  const server = await startFaultServer();
  t.after(() => server.close());
  const body = randomBytes(200_000, 13);
  const sha256 = sha256Of(body);
  server.serve(sha256, body);
  server.spoil(sha256, { extraBytes: 70_000 });
  const paths = mediaPaths(tempDir(t));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  const error = await rejectsWith(download(paths, sha256, body.length, server.fetchMedia), 'checksum-mismatch');
  assert.match(error.message, /more than the 200000 bytes/);
  assert.deepEqual(fs.readdirSync(paths.partialDir), []);
  await download(paths, sha256, body.length, server.fetchMedia);
  assertStored(paths, sha256, body);
});

test('a page our hub did not sign (a proxy, a login page) writes nothing and is retried later', async (t) => {
  const server = await startFaultServer();
  t.after(() => server.close());
  const body = randomBytes(20_000, 14);
  const sha256 = sha256Of(body);
  server.serve(sha256, body);
  server.spoil(sha256, { unsignedPage: 200 }, { unsignedPage: 502 });
  const paths = mediaPaths(tempDir(t));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  for (const status of [200, 502]) {
    const error = await rejectsWith(download(paths, sha256, body.length, server.fetchMedia), 'hub-unreachable');
    assert.ok(error.transient);
    assert.match(error.message, new RegExp(`HTTP ${status}.*not signed by the hub`));
    assert.deepEqual(fs.readdirSync(paths.partialDir), []);
  }
  await download(paths, sha256, body.length, server.fetchMedia);
  assertStored(paths, sha256, body);
});

test('a refusal of the hub (404 not_found) is final, not retried', async (t) => {
  const server = await startFaultServer();
  t.after(() => server.close());
  const paths = mediaPaths(tempDir(t));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  const error = await rejectsWith(download(paths, 'a'.repeat(64), 1000, server.fetchMedia), 'hub-refused');
  assert.equal(error.transient, false);
  assert.match(error.message, /not_found/);
});

test('a stop in the middle of the body is "cancelled", keeps the part, and the next attempt resumes from it', async (t) => {
  const server = await startFaultServer();
  t.after(() => server.close());
  const body = randomBytes(2_000_000, 12);
  const sha256 = sha256Of(body);
  server.serve(sha256, body);
  const paths = mediaPaths(tempDir(t));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  const stop = new AbortController();
  const error = await rejectsWith(
    downloadVerified({
      paths,
      sha256,
      size: body.length,
      fetchMedia: server.fetchMedia,
      signal: stop.signal,
      // Slow enough that the stop lands mid-body; a time-flushed batch reaches the disk first.
      throttle: () => new Promise((resolve) => setTimeout(resolve, 20)),
      onProgress: (bytes) => {
        if (bytes >= 600_000) stop.abort();
      },
    }),
    'cancelled',
  );
  assert.match(error.message, /stopped/);
  const kept = fs.statSync(paths.part(sha256)).size;
  assert.ok(kept > 0 && kept < body.length, `a part of ${kept} bytes is kept`);
  assert.ok(body.subarray(0, kept).equals(fs.readFileSync(paths.part(sha256))), 'the part is a prefix of the file');

  assert.deepEqual(await download(paths, sha256, body.length, server.fetchMedia), {
    resumedFrom: kept,
    restarted: false,
  });
  assertStored(paths, sha256, body);
  assert.equal(server.requests.at(-1)!.status, 206);
});
