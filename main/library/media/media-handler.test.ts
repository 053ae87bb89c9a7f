// The handler the video element plays from, exercised with web Requests as Electron's
// protocol.handle and the browser shell pass them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { sendWebResponse, toWebRequest } from '../../web/node-http-bridge.ts';
import { createMediaHandler } from './media-handler.ts';
import { openMediaStore } from './media-store.ts';
import { randomBytes, sha256Of } from './test-support/fault-server.ts';
import { testCatalog } from './test-support/catalog.ts';

function setup(t: TestContext) {
  const { db, dataDir } = testCatalog(t);
  const store = openMediaStore(db, dataDir);
  const body = randomBytes(100_000, 42);
  const sha256 = sha256Of(body);
  fs.mkdirSync(path.dirname(store.paths.file(sha256)), { recursive: true });
  fs.writeFileSync(store.paths.file(sha256), body);
  store.commit(sha256, body.length);
  const handle = createMediaHandler(store);
  const get = (headers: Record<string, string> = {}, method = 'GET', name = sha256) =>
    handle(new Request(`lectern-media://local/media/${name}`, { method, headers }));
  return { store, body, sha256, get, handle };
}

test('a full GET streams the file with its type, length, ETag and Accept-Ranges', async (t) => {
  const { body, sha256, get } = setup(t);
  const response = await get();
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'video/mp4');
  assert.equal(response.headers.get('content-length'), String(body.length));
  assert.equal(response.headers.get('accept-ranges'), 'bytes');
  assert.equal(response.headers.get('etag'), `"${sha256}"`);
  assert.deepEqual(Buffer.from(await response.arrayBuffer()), body);
});

test('a range in the middle answers 206 with Content-Range and exactly those bytes', async (t) => {
  const { body, get } = setup(t);
  const response = await get({ range: 'bytes=40000-40999' });
  assert.equal(response.status, 206);
  assert.equal(response.headers.get('content-range'), `bytes 40000-40999/${body.length}`);
  assert.equal(response.headers.get('content-length'), '1000');
  assert.deepEqual(Buffer.from(await response.arrayBuffer()), body.subarray(40000, 41000));

  const open = await get({ range: 'bytes=99990-' });
  assert.equal(open.headers.get('content-range'), `bytes 99990-99999/${body.length}`);
  assert.deepEqual(Buffer.from(await open.arrayBuffer()), body.subarray(99990));

  const suffix = await get({ range: 'bytes=-5' });
  assert.deepEqual(Buffer.from(await suffix.arrayBuffer()), body.subarray(-5));
});

test('a range past the end answers 416 with Content-Range bytes */size', async (t) => {
  const { body, get } = setup(t);
  const response = await get({ range: `bytes=${body.length}-` });
  assert.equal(response.status, 416);
  assert.equal(response.headers.get('content-range'), `bytes */${body.length}`);
  assert.equal(response.body, null);
});

test('HEAD gives the headers of the answer without a body', async (t) => {
  const { body, get } = setup(t);
  const whole = await get({}, 'HEAD');
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('content-length'), String(body.length));
  assert.equal(whole.body, null);
  const part = await get({ range: 'bytes=10-19' }, 'HEAD');
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 10-19/${body.length}`);
  assert.equal(part.body, null);
});

test('If-Range with another ETag gets the whole file; a matching one gets the range', async (t) => {
  const { sha256, get } = setup(t);
  assert.equal((await get({ range: 'bytes=0-9', 'if-range': '"elsewhere"' })).status, 200);
  assert.equal((await get({ range: 'bytes=0-9', 'if-range': `"${sha256}"` })).status, 206);
});

test('only indexed files are served; other paths, methods and names are refused', async (t) => {
  const { store, sha256, get } = setup(t);
  const unknown = 'b'.repeat(64);
  assert.equal((await get({}, 'GET', unknown)).status, 404);
  assert.equal((await get({}, 'GET', '../catalog.db')).status, 404);
  assert.equal((await get({}, 'POST')).status, 405);
  // A part on disk is not a cached file.
  fs.writeFileSync(store.paths.part(unknown), 'partial');
  assert.equal((await get({}, 'GET', unknown)).status, 404);
  store.remove(sha256);
  assert.equal((await get()).status, 404);
});

test('playing a file marks it recently used (the eviction order)', async (t) => {
  const { store, sha256, get } = setup(t);
  const before = store.get(sha256)!.lastUsedAt;
  await new Promise((resolve) => setTimeout(resolve, 5));
  await (await get({ range: 'bytes=0-99' })).arrayBuffer();
  assert.ok(store.get(sha256)!.lastUsedAt > before);
});

test('over real HTTP through the browser shell bridge: ranges, and a player that hangs up mid-file', async (t) => {
  const { body, sha256, handle } = setup(t);
  const server = http.createServer((req, res) => {
    void handle(toWebRequest(req, 'http://127.0.0.1'))
      .then((response) => sendWebResponse(res, response))
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/media/${sha256}`;

  const part = await fetch(url, { headers: { range: 'bytes=1000-1999' } });
  assert.equal(part.status, 206);
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), body.subarray(1000, 2000));

  // A seek: the player drops the running response and asks again elsewhere.
  const dropped = new AbortController();
  const whole = await fetch(url, { signal: dropped.signal });
  await whole.body!.getReader().read();
  dropped.abort();
  const again = await fetch(url, { headers: { range: 'bytes=-10' } });
  assert.deepEqual(Buffer.from(await again.arrayBuffer()), body.subarray(-10));
});
