// Verified, resumable downloads against real HTTP: the reference hub in-process (signed
// requests, its own Range/If-Range code) and a server that cuts, corrupts and changes files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/support/temp-dir.ts';
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

for (const [seed, via] of [
  [11, 'media-http'],
  [22, 'media-http'],
  [33, 'media-http'],
  [44, 'fetch'],
  [55, 'fetch'],
] as const) {
  test(`connections cut at random byte offsets (seed ${seed}, ${via}) resume to a verified file`, async (t) => {
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
        await download(paths, sha256, body.length, via === 'fetch' ? server.webFetchMedia : server.fetchMedia);
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

test('a hub that goes silent is given up on after the idle timeout', async (t) => {
  const body = randomBytes(10_000, 10);
  const sha256 = sha256Of(body);
  const paths = mediaPaths(tempDir(t));
  fs.mkdirSync(paths.partialDir, { recursive: true });
  // Headers and a first chunk, then nothing.
  const silent: FetchMedia = async () =>
    new Response(new ReadableStream({ start: (controller) => controller.enqueue(body.subarray(0, 1000)) }), {
      status: 200,
      headers: { 'content-length': String(body.length), etag: '"x"' },
    });
  const started = performance.now();
  const error = await rejectsWith(
    downloadVerified({
      paths,
      sha256,
      size: body.length,
      fetchMedia: silent,
      signal: new AbortController().signal,
      idleTimeoutMs: 300,
    }),
    'hub-unreachable',
  );
  assert.match(error.message, /sent nothing/);
  assert.ok(performance.now() - started < 5000);
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
