// The live relay against a real live source on 127.0.0.1 (ffmpeg, test/support/live-source.ts):
// it passes the stream through and every fault as it happened — a clean end ends the answer,
// a reset breaks it, a source that is down is a 502 at once — and the probe says when the
// source is back.
import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import { spawnSync } from 'node:child_process';
import { startLiveSource, type LiveSource } from '../../../test/support/live-source.ts';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { silentLogger } from '../../runtime/logger.ts';
import { openCatalog } from '../../storage/station-databases.ts';
import { createLiveRelay, type LiveRelay } from './live-relay.ts';

const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
let source: LiveSource;

before(async () => {
  if (hasFfmpeg) source = await startLiveSource();
});
after(async () => {
  await source?.close();
});

function relayWith(t: TestContext, hubUrl: string | null = null): LiveRelay {
  const { db } = openCatalog(tempDir(t), silentLogger);
  t.after(() => db.close());
  const insert = db.prepare(
    'INSERT INTO live_channels (id, name, url, format, has_audio, has_video) VALUES (?, ?, ?, ?, ?, ?)',
  );
  insert.run('ts', '省委党校直播（TS）', source?.url('ts') ?? 'http://127.0.0.1:9/live.ts', 'ts', 1, 1);
  insert.run('flv', '省委党校直播（FLV）', source?.url('flv') ?? 'http://127.0.0.1:9/live.flv', 'flv', 1, 0);
  insert.run('relative', '平台直播', '/v1/live/demo.ts', 'ts', 1, 1);
  insert.run('ftp', '错误地址', 'ftp://127.0.0.1/live', 'ts', 1, 1);
  insert.run('rtmp', '不支持的格式', 'http://127.0.0.1:9/x', 'rtmp', 1, 1);
  const relay = createLiveRelay({ catalog: db, hubUrl: () => hubUrl, log: silentLogger });
  t.after(() => relay.close());
  return relay;
}

const get = (relay: LiveRelay, channelId: string) =>
  relay.handle(new Request(`http://station.test/media/live/${encodeURIComponent(channelId)}`));

async function readFor(response: Response, ms: number): Promise<{ bytes: Buffer; end: 'open' | 'done' | 'error' }> {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  const deadline = performance.now() + ms;
  let end: 'open' | 'done' | 'error' = 'open';
  while (performance.now() < deadline) {
    const next = await Promise.race([
      reader.read().then(
        (result) => result,
        () => 'error' as const,
      ),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), deadline - performance.now())),
    ]);
    if (next === 'timeout') break;
    if (next === 'error') {
      end = 'error';
      break;
    }
    if (next.done) {
      end = 'done';
      break;
    }
    chunks.push(next.value);
  }
  if (end === 'open') await reader.cancel();
  return { bytes: Buffer.concat(chunks), end };
}

test('the channels as the player opens them: on the station, with their tracks as published', (t) => {
  const relay = relayWith(t);
  assert.deepEqual(
    relay.channels().map((c) => [c.id, c.url, c.format, c.hasAudio, c.hasVideo]),
    [
      ['relative', '/media/live/relative', 'ts', true, true],
      ['flv', '/media/live/flv', 'flv', true, false],
      ['ts', '/media/live/ts', 'ts', true, true],
      ['ftp', '/media/live/ftp', 'ts', true, true],
    ],
    'a channel of a format the player cannot play is left out',
  );
});

test('what cannot be relayed is said plainly', async (t) => {
  const relay = relayWith(t);
  assert.equal((await get(relay, 'nope')).status, 404);
  assert.equal((await get(relay, 'rtmp')).status, 404);
  assert.equal((await get(relay, 'relative')).status, 503, 'a relative address and no hub');
  assert.equal((await get(relay, 'ftp')).status, 502);
  assert.equal((await relay.handle(new Request('http://station.test/media/live/ts', { method: 'POST' }))).status, 405);
  assert.equal((await relay.handle(new Request('http://station.test/media/live/%E0%A4%A'))).status, 400);
});

test('a relative address is the hub’s', { skip: !hasFfmpeg && 'ffmpeg is not installed' }, async (t) => {
  const relay = relayWith(t, source.url('ts').replace('/live.ts', '/'));
  // The relative channel's path is the hub's own demo path; this source answers 404 there.
  assert.equal((await get(relay, 'relative')).status, 502);
});

test(
  'TS and FLV pass through; a clean end ends the answer',
  { skip: !hasFfmpeg && 'ffmpeg is not installed' },
  async (t) => {
    const relay = relayWith(t);
    const ts = await get(relay, 'ts');
    assert.equal(ts.status, 200);
    assert.equal(ts.headers.get('content-type'), 'video/mp2t');
    const flv = await get(relay, 'flv');
    assert.equal(flv.headers.get('content-type'), 'video/x-flv');
    setTimeout(() => source.endStreams(), 1500);
    const [tsRead, flvRead] = await Promise.all([readFor(ts, 5000), readFor(flv, 5000)]);
    assert.equal(tsRead.bytes[0], 0x47, 'an MPEG-TS packet first');
    assert.equal(tsRead.bytes.length % 188, 0, 'whole packets');
    assert.equal(flvRead.bytes.subarray(0, 3).toString('latin1'), 'FLV');
    assert.deepEqual([tsRead.end, flvRead.end], ['done', 'done']);
  },
);

test(
  'a reset source breaks the answer rather than ending it',
  { skip: !hasFfmpeg && 'ffmpeg is not installed' },
  async (t) => {
    const relay = relayWith(t);
    const ts = await get(relay, 'ts');
    setTimeout(() => source.abortStreams(), 800);
    const read = await readFor(ts, 5000);
    assert.ok(read.bytes.length > 0);
    assert.equal(read.end, 'error');
  },
);

test(
  'a source that is down: 502 at once; the probe answers within a second of its return',
  { skip: !hasFfmpeg && 'ffmpeg is not installed' },
  async (t) => {
    const relay = relayWith(t);
    const down = source.down(2500);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    assert.equal((await get(relay, 'ts')).status, 502);
    assert.ok(performance.now() - started < 1000, 'refused at once, not after a timeout');
    assert.equal(await relay.waitForSource('ts', 500), false, 'still down');
    const probing = relay.waitForSource('ts', 8000);
    await down;
    const back = performance.now();
    assert.equal(await probing, true);
    assert.ok(performance.now() - back < 1000, `the probe noticed in ${Math.round(performance.now() - back)} ms`);
    assert.equal(await relay.waitForSource('nope', 200), false);
  },
);

test('close() ends what is relayed', { skip: !hasFfmpeg && 'ffmpeg is not installed' }, async (t) => {
  const relay = relayWith(t);
  const ts = await get(relay, 'ts');
  setTimeout(() => relay.close(), 500);
  const read = await readFor(ts, 4000);
  assert.notEqual(read.end, 'open');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(source.open(), 0, 'the source was let go');
});
