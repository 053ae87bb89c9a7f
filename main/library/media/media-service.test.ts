// The queue as a station runs it: real catalog.db, real files, real HTTP with faults.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { createMediaService } from './media-service.ts';
import type { MediaService, MediaServiceOptions, MediaState } from './media-service.ts';
import { randomBytes, sha256Of, startFaultServer } from './test-support/fault-server.ts';
import type { FaultServer } from './test-support/fault-server.ts';
import { testCatalog } from './test-support/catalog.ts';

const GIB = 1024 ** 3;

interface Harness {
  service: MediaService;
  db: ReturnType<typeof testCatalog>['db'];
  dataDir: string;
  server: FaultServer;
  /** States seen, in order, per sha256. */
  seen: Map<string, MediaState[]>;
  file(seed: number, size?: number): { sha256: string; size: number; body: Buffer };
}

async function harness(
  t: TestContext,
  options: Partial<MediaServiceOptions> = {},
  settings: Parameters<MediaService['updateSettings']>[0] = {},
): Promise<Harness> {
  const server = await startFaultServer();
  t.after(() => server.close());
  const { db, dataDir } = testCatalog(t);
  const service = createMediaService({
    db,
    dataDir,
    fetchMedia: server.fetchMedia,
    diskFree: () => 100 * GIB,
    tickMs: 50,
    ...options,
  });
  t.after(() => service.stop());
  await service.updateSettings({ downloadWindow: null, ...settings });
  const seen = new Map<string, MediaState[]>();
  service.subscribe((sha256, state) => seen.set(sha256, [...(seen.get(sha256) ?? []), state]));
  return {
    service,
    db,
    dataDir,
    server,
    seen,
    file(seed, size = 50_000) {
      const body = randomBytes(size, seed);
      const sha256 = sha256Of(body);
      server.serve(sha256, body);
      return { sha256, size, body };
    },
  };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function settled(
  service: MediaService,
  sha256: string,
  states: MediaState['state'][] = ['ready', 'failed'],
  timeoutMs = 10_000,
): Promise<MediaState> {
  return new Promise((resolve, reject) => {
    const current = service.state(sha256);
    if (states.includes(current.state)) return resolve(current);
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${sha256.slice(0, 8)} still ${JSON.stringify(service.state(sha256))} after ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = service.subscribe((changed, state) => {
      if (changed === sha256 && states.includes(state.state)) {
        clearTimeout(timer);
        stop();
        resolve(state);
      }
    });
  });
}

test("the queue runs a class's lesson first, then pinned, then ordinary requests", async (t) => {
  const h = await harness(t, {}, { concurrentDownloads: 1 });
  const request = h.file(1);
  const pinned = h.file(2);
  const scheduled = h.file(3);
  // Queued before the service starts, in the opposite order: as if left from a restart.
  h.service.enqueue(request, 'request');
  await h.service.pin(pinned);
  h.service.enqueue(scheduled, 'scheduled');
  await h.service.start();
  await settled(h.service, request.sha256);
  const order = h.server.requests.filter((r) => r.status === 200).map((r) => r.sha256);
  assert.deepEqual(order, [scheduled.sha256, pinned.sha256, request.sha256]);
  for (const file of [request, pinned, scheduled]) assert.equal(h.service.state(file.sha256).state, 'ready');
  assert.deepEqual(h.service.state(pinned.sha256), { state: 'ready', pinned: true, sizeBytes: pinned.size });
  assert.deepEqual(h.service.queue(), []);
});

test('outside the download window pinned files wait; a class lesson and a requested lesson download', async (t) => {
  let minute = 12 * 60;
  const h = await harness(t, { minuteOfDay: () => minute }, { downloadWindow: { start: '22:00', end: '06:00' } });
  const request = h.file(4);
  const scheduled = h.file(5);
  const pinned = h.file(7);
  await h.service.start();
  await h.service.pin(pinned);
  h.service.enqueue(request);
  h.service.enqueue(scheduled, 'scheduled');
  assert.equal((await settled(h.service, scheduled.sha256)).state, 'ready');
  assert.equal((await settled(h.service, request.sha256)).state, 'ready');
  assert.deepEqual(h.service.state(pinned.sha256), {
    state: 'queued',
    pinned: true,
    priority: 'pinned',
    waitingFor: 'window',
    lastError: null,
  });
  minute = 23 * 60;
  assert.equal((await settled(h.service, pinned.sha256)).state, 'ready');
});

test("by default the window is read on the rule set's zone (China time), never the OS time zone", async (t) => {
  const zone = process.env.TZ;
  process.env.TZ = 'America/Los_Angeles';
  t.after(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  // 00:05 China time: in the night window for the hub's day; 08:05 in Los Angeles, outside it.
  const h = await harness(
    t,
    { now: () => Date.UTC(2026, 10, 26, 16, 5) },
    { downloadWindow: { start: '22:00', end: '06:00' } },
  );
  const pinned = h.file(8);
  await h.service.start();
  await h.service.pin(pinned);
  assert.equal((await settled(h.service, pinned.sha256, ['ready', 'failed'], 3000)).state, 'ready');
});

test('progress reports bytes, speed and time left; the cap holds the speed down', async (t) => {
  const h = await harness(t, {}, { bandwidthCapBytesPerSecond: 400_000 });
  const file = h.file(6, 600_000);
  await h.service.start();
  const started = performance.now();
  h.service.enqueue(file);
  await settled(h.service, file.sha256);
  const seconds = (performance.now() - started) / 1000;
  assert.ok(seconds > 0.8, `600 kB at 400 kB/s with a half-second burst takes over 0.8 s, took ${seconds}`);
  const progress = (h.seen.get(file.sha256) ?? []).filter((state) => state.state === 'downloading');
  const moving = progress.filter(
    (state) => state.state === 'downloading' && state.receivedBytes > 0 && state.bytesPerSec > 0,
  );
  assert.ok(moving.length >= 2, `several progress events, got ${progress.length}`);
  for (const state of moving) {
    assert.ok(state.state === 'downloading' && state.totalBytes === file.size && state.etaSec !== null);
    // Near the cap (the first samples include the half-second burst), far below loopback speed.
    assert.ok(state.bytesPerSec < 2_000_000, `speed ${state.bytesPerSec} stays near the cap`);
  }
});

test('a lesson needed by a class takes the slot of an ordinary download, which resumes afterwards', async (t) => {
  const h = await harness(t, {}, { concurrentDownloads: 1, bandwidthCapBytesPerSecond: 500_000 });
  const ordinary = h.file(7, 1_000_000);
  const urgent = h.file(8, 100_000);
  await h.service.start();
  h.service.enqueue(ordinary);
  await settled(h.service, ordinary.sha256, ['downloading']);
  await new Promise((resolve) => setTimeout(resolve, 600));
  h.service.enqueue(urgent, 'scheduled');
  await settled(h.service, urgent.sha256);
  assert.equal(h.service.state(ordinary.sha256).state !== 'ready', true, 'the urgent file finished first');
  await settled(h.service, ordinary.sha256);
  const resumed = h.server.requests.filter((r) => r.sha256 === ordinary.sha256);
  assert.equal(resumed.length, 2);
  assert.match(resumed[1]!.range ?? '', /^bytes=[1-9]\d*-$/, 'the stopped download resumed from its part');
  assert.equal(resumed[1]!.status, 206);
});

test('when the quota is reached by pinned and scheduled files: a clear error, nothing written', async (t) => {
  const scheduledSoon = new Set<string>();
  const h = await harness(t, { protectedMedia: () => scheduledSoon }, { quotaBytes: 250_000 });
  await h.service.start();
  const pinned = h.file(9, 100_000);
  const scheduled = h.file(10, 100_000);
  scheduledSoon.add(scheduled.sha256);
  await h.service.pin(pinned);
  h.service.enqueue(scheduled);
  await settled(h.service, pinned.sha256);
  await settled(h.service, scheduled.sha256);

  const tooBig = h.file(11, 100_000);
  h.service.enqueue(tooBig);
  const failed = await settled(h.service, tooBig.sha256);
  assert.equal(failed.state, 'failed');
  assert.ok(
    failed.state === 'failed' && failed.reason === 'quota-reached' && /quota/.test(failed.message),
    JSON.stringify(failed),
  );
  assert.equal(h.service.store.get(tooBig.sha256), undefined);
  assert.deepEqual(fs.readdirSync(h.service.store.paths.partialDir), [], 'no part was started');
  assert.equal(
    h.server.requests.some((r) => r.sha256 === tooBig.sha256),
    false,
    'the hub was not even asked',
  );

  // Raising the quota puts the refused download back in line.
  await h.service.updateSettings({ quotaBytes: 400_000 });
  assert.equal((await settled(h.service, tooBig.sha256)).state, 'ready');
  assert.deepEqual(h.service.storage(), {
    usedBytes: 300_000,
    files: 3,
    quotaBytes: 400_000,
    configuredQuotaBytes: 400_000,
    freeBytes: 100 * GIB,
    reserveBytes: 512 * 1024 * 1024,
    availableBytes: 100_000,
  });
});

test('making room evicts the least recently played files, never pinned or scheduled ones', async (t) => {
  const scheduledSoon = new Set<string>();
  const h = await harness(t, { protectedMedia: () => scheduledSoon }, { quotaBytes: 400_000 });
  await h.service.start();
  const [a, b, c, d] = [12, 13, 14, 15].map((seed) => h.file(seed, 100_000)) as [
    ReturnType<Harness['file']>,
    ReturnType<Harness['file']>,
    ReturnType<Harness['file']>,
    ReturnType<Harness['file']>,
  ];
  for (const file of [a, b, c, d]) {
    h.service.enqueue(file);
    await settled(h.service, file.sha256);
    await new Promise((resolve) => setTimeout(resolve, 5)); // distinct use times
  }
  // a is the oldest but pinned; b is next but scheduled for a class; c was just played, so
  // d is now the least recently used.
  await h.service.pin(a);
  scheduledSoon.add(b.sha256);
  h.service.store.touch(c.sha256);

  const e = h.file(16, 100_000);
  h.service.enqueue(e);
  assert.equal((await settled(h.service, e.sha256)).state, 'ready');
  assert.deepEqual(
    [a, b, c, d].map((file) => h.service.state(file.sha256).state),
    ['ready', 'ready', 'ready', 'not-cached'],
  );

  // With only protected files and the newest left to evict, a larger file takes c and e.
  const f = h.file(17, 150_000);
  h.service.enqueue(f);
  assert.equal((await settled(h.service, f.sha256)).state, 'ready');
  assert.deepEqual(
    [a, b, c, e].map((file) => h.service.state(file.sha256).state),
    ['ready', 'ready', 'not-cached', 'not-cached'],
  );
});

test("a full disk (keeping the ledger's reserve) is reported as disk-full", async (t) => {
  const h = await harness(t, { diskFree: () => 512 * 1024 * 1024 + 10_000 });
  await h.service.start();
  const file = h.file(117, 50_000);
  h.service.enqueue(file);
  const failed = await settled(h.service, file.sha256);
  assert.ok(failed.state === 'failed' && failed.reason === 'disk-full', JSON.stringify(failed));
  assert.match(failed.message, /free for the ledger/);
});

test('bytes that never match are tried three times, then the lesson fails with checksum-mismatch', async (t) => {
  const h = await harness(t);
  await h.service.start();
  const file = h.file(18, 30_000);
  h.server.spoil(file.sha256, { flipByteAt: 5 }, { flipByteAt: 6 }, { flipByteAt: 7 });
  h.service.enqueue(file);
  const failed = await settled(h.service, file.sha256);
  assert.ok(failed.state === 'failed' && failed.reason === 'checksum-mismatch', JSON.stringify(failed));
  assert.equal(h.server.requests.length, 3);
  assert.equal(h.service.store.get(file.sha256), undefined);
  assert.equal(fs.existsSync(h.service.store.paths.file(file.sha256)), false);
  // Asking again starts afresh (the hub may have been repaired).
  h.service.enqueue(file);
  assert.equal((await settled(h.service, file.sha256)).state, 'ready');
});

test('an unreachable hub leaves the lesson queued for a later retry with the reason', async (t) => {
  const h = await harness(t);
  await h.service.start();
  const file = h.file(19, 30_000);
  h.server.spoil(file.sha256, { status: 503 });
  h.service.enqueue(file);
  await until(() => h.server.requests.length === 1 && h.service.state(file.sha256).state === 'queued');
  assert.deepEqual(h.service.state(file.sha256), {
    state: 'queued',
    pinned: false,
    priority: 'request',
    waitingFor: 'retry',
    lastError: 'hub-unreachable',
  });
  const item = h.service.queue()[0]!;
  assert.ok(item.notBefore > Date.now() + 5_000, 'the next attempt waits a back-off');
  assert.match(item.error?.message ?? '', /503/);
});

test('a catalog.db that cannot be written (a full disk) stops no process: the queue waits and goes on once it can write', async (t) => {
  const logged: string[] = [];
  const log = { info() {}, warn() {}, error: (event: string) => void logged.push(event) };
  const h = await harness(t, { log });
  await h.service.start();
  const file = h.file(23, 30_000);
  h.server.spoil(file.sha256, { status: 503 });
  h.service.enqueue(file);
  // From now on every write of catalog.db fails, as when the disk is full: the failed
  // download cannot be written back to the queue, nor can the next tick tidy it.
  h.db.pragma('query_only = ON');
  await until(() => logged.includes('media.download_not_recorded'));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(h.server.requests.length, 1, 'no new fetch while the outcome cannot be recorded');
  assert.notEqual(h.service.state(file.sha256).state, 'ready');
  // The disk has room again: the lesson downloads on the next tick.
  h.db.pragma('query_only = OFF');
  assert.equal((await settled(h.service, file.sha256, ['ready'])).state, 'ready');
});

test('a cached file damaged on disk is found by re-verification, removed and fetched again', async (t) => {
  const h = await harness(t);
  await h.service.start();
  const file = h.file(20, 80_000);
  h.service.enqueue(file);
  await settled(h.service, file.sha256);
  const stored = h.service.store.paths.file(file.sha256);
  const fd = fs.openSync(stored, 'r+');
  fs.writeSync(fd, Buffer.from([0x00, 0x01, 0x02]), 0, 3, 40_000);
  fs.closeSync(fd);

  const report = await h.service.verify();
  assert.deepEqual(report, { checked: 1, corrupt: [file.sha256] });
  assert.equal((await settled(h.service, file.sha256)).state, 'ready');
  assert.equal(sha256Of(fs.readFileSync(stored)), file.sha256);
  assert.equal(h.server.requests.filter((r) => r.sha256 === file.sha256).length, 2);
});

test('re-verification also runs by itself when the station is idle', async (t) => {
  const h = await harness(t, { reverifyAfterMs: 0 });
  await h.service.start();
  const file = h.file(21, 40_000);
  h.service.enqueue(file);
  await settled(h.service, file.sha256);
  fs.writeFileSync(h.service.store.paths.file(file.sha256), randomBytes(40_000, 99));
  await settled(h.service, file.sha256, ['queued', 'downloading', 'not-cached']);
  assert.equal((await settled(h.service, file.sha256)).state, 'ready');
  assert.equal(sha256Of(fs.readFileSync(h.service.store.paths.file(file.sha256))), file.sha256);
});

test('settings are validated and kept across a restart; dequeue stops a download', async (t) => {
  const h = await harness(t, {}, { bandwidthCapBytesPerSecond: 100_000 });
  await assert.rejects(h.service.updateSettings({ downloadWindow: { start: '25:00', end: '06:00' } }));
  await assert.rejects(h.service.updateSettings({ concurrentDownloads: 3 as 1 }));
  const saved = await h.service.updateSettings({
    downloadWindow: { start: '21:30', end: '05:00' },
    quotaBytes: 10 * GIB,
  });
  const { db } = testCatalog(t);
  const again = createMediaService({
    db,
    dataDir: h.service.store.paths.root.replace(/[/\\]media$/, ''),
    fetchMedia: h.server.fetchMedia,
  });
  assert.deepEqual(again.settings(), saved);

  await h.service.updateSettings({ downloadWindow: null });
  await h.service.start();
  const file = h.file(22, 500_000);
  h.service.enqueue(file);
  await settled(h.service, file.sha256, ['downloading']);
  await h.service.dequeue(file.sha256);
  assert.equal(h.service.state(file.sha256).state, 'not-cached');
  assert.deepEqual(fs.readdirSync(h.service.store.paths.partialDir), [], 'its part is gone too');
});

test('at start, parts of downloads no longer queued are deleted; queued ones are kept to resume', async (t) => {
  const h = await harness(t);
  const queued = h.file(23, 10_000);
  const orphan = h.file(24, 10_000);
  h.service.enqueue(queued);
  const { paths } = h.service.store;
  for (const file of [queued, orphan]) {
    fs.writeFileSync(paths.part(file.sha256), file.body.subarray(0, 5000));
    fs.writeFileSync(paths.partMeta(file.sha256), JSON.stringify({ etag: `"${file.sha256}"`, size: file.size }));
  }
  await h.service.stop();
  const restarted = createMediaService({ db: h.db, dataDir: h.dataDir, fetchMedia: h.server.fetchMedia });
  t.after(() => restarted.stop());
  await restarted.start();
  assert.equal(fs.existsSync(paths.part(orphan.sha256)), false);
  assert.equal((await settled(restarted, queued.sha256)).state, 'ready');
  assert.deepEqual(
    h.server.requests.map((r) => r.range),
    ['bytes=5000-'],
  );
});

test("a media folder that cannot be written fails the download with that cause, not as the hub's fault", async (t) => {
  const h = await harness(t);
  await h.service.start();
  const file = h.file(25, 20_000);
  const { partialDir } = h.service.store.paths;
  fs.rmSync(partialDir, { recursive: true });
  fs.writeFileSync(partialDir, 'not a folder');
  h.service.enqueue(file);
  const failed = await settled(h.service, file.sha256);
  assert.ok(failed.state === 'failed' && failed.reason === 'other', JSON.stringify(failed));
  assert.match(failed.message, /media folder could not be used: .*ENOTDIR/);
});
