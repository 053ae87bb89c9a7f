import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startDemoLiveSource } from './live.ts';
import { PACKET_SIZE, PAT_PID, PMT_PID, SYNC_BYTE, VIDEO_PID, isRandomAccess, packetPid } from './ts-packets.ts';

/** A writable that collects what it is given and can wait for a number of bytes. */
function collector() {
  const chunks: Buffer[] = [];
  let waiting: { bytes: number; resolve: () => void } | null = null;
  const size = () => chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      if (waiting && size() >= waiting.bytes) waiting.resolve();
      callback();
    },
  });
  return {
    sink,
    data: () => Buffer.concat(chunks),
    atLeast: (bytes: number) =>
      new Promise<void>((resolve) => (size() >= bytes ? resolve() : (waiting = { bytes, resolve }))),
  };
}

test('no ffmpeg, no live source', async () => {
  assert.equal(await startDemoLiveSource({ ffmpegPath: '/nonexistent/ffmpeg' }), null);
});

test('the live source streams aligned MPEG-TS, lets late viewers join at a keyframe, and ends viewers on close', async (t) => {
  const source = await startDemoLiveSource();
  if (!source) {
    t.skip('ffmpeg not installed');
    return;
  }
  t.after(() => source.close());
  assert.equal(source.format, 'ts');

  const early = collector();
  const unsubscribe = source.stream(early.sink);
  await early.atLeast(200 * PACKET_SIZE);
  unsubscribe();
  const data = early.data();
  assert.equal(data.length % PACKET_SIZE, 0);
  for (let offset = 0; offset < data.length; offset += PACKET_SIZE)
    assert.equal(data[offset], SYNC_BYTE, `sync byte at ${offset}`);

  // Keyframes come every second; after one, a new viewer starts with PAT, PMT and a keyframe.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const late = collector();
  source.stream(late.sink);
  await late.atLeast(3 * PACKET_SIZE);
  const start = late.data();
  assert.deepEqual(
    [0, 1, 2].map((index) => packetPid(start.subarray(index * PACKET_SIZE))),
    [PAT_PID, PMT_PID, VIDEO_PID],
  );
  assert.ok(isRandomAccess(start.subarray(2 * PACKET_SIZE)), 'the third packet starts a keyframe');

  const finished = new Promise((resolve) => late.sink.once('finish', resolve));
  await source.close();
  await finished;
  const afterClose = collector();
  source.stream(afterClose.sink);
  assert.equal(afterClose.sink.writableEnded, true, 'a viewer after close is ended at once');
});

test('ffmpeg does not outlive the process that started it', async (t) => {
  if (process.platform !== 'linux') {
    t.skip('checks /proc, Linux only');
    return;
  }
  // The child prints the pid of its ffmpeg (its only child process) and exits without close().
  const live = JSON.stringify(fileURLToPath(new URL('./live.ts', import.meta.url)));
  const script = `import fs from 'node:fs';
    import { startDemoLiveSource } from ${live};
    const source = await startDemoLiveSource();
    const children = fs.readdirSync('/proc').filter((entry) => /^\\d+$/.test(entry)).filter((pid) => {
      try { return fs.readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1].split(' ')[1] === String(process.pid); } catch { return false; }
    });
    process.stdout.write(source ? children.join(',') : 'none');
    process.exit(0);`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (output === 'none') {
    t.skip('ffmpeg not installed');
    return;
  }
  const pid = Number(output);
  assert.ok(pid > 0, `one ffmpeg child, got '${output}'`);
  // Gone, or a zombie waiting for its new parent to reap it.
  const running = () => {
    try {
      return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
    } catch {
      return false;
    }
  };
  for (let attempt = 0; attempt < 50 && running(); attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(running(), false, `ffmpeg ${pid} still runs after its parent exited`);
});
