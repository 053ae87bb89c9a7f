import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { createPartWriter } from './part-writer.ts';
import { randomBytes } from './test-support/fault-server.ts';

test('queued batches land in order after the starting offset', async (t) => {
  const file = path.join(tempDir(t), 'x.part');
  fs.writeFileSync(file, 'HEAD');
  const handle = await fs.promises.open(file, 'r+');
  const writer = createPartWriter(handle, 4);
  const chunks = Array.from({ length: 20 }, (_, i) => randomBytes(10_000 + i * 997, i));
  for (let i = 0; i < chunks.length; i += 2)
    await writer.append([chunks[i]!, chunks[i + 1]!], chunks[i]!.length + chunks[i + 1]!.length);
  await writer.drain();
  await handle.close();
  assert.deepEqual(fs.readFileSync(file), Buffer.concat([Buffer.from('HEAD'), ...chunks]));
});

test('a failed write is reported and nothing after it is written', async (t) => {
  const file = path.join(tempDir(t), 'x.part');
  fs.writeFileSync(file, '');
  const handle = await fs.promises.open(file, 'r'); // writes fail with EBADF
  const writer = createPartWriter(handle, 0);
  await assert.rejects(
    (async () => {
      for (let i = 0; i < 10; i++) await writer.append([randomBytes(1000, i)], 1000);
    })(),
    { code: 'EBADF' },
  );
  await assert.rejects(writer.drain(), { code: 'EBADF' });
  await handle.close();
  assert.equal(fs.statSync(file).size, 0);
});

test('past 64 MiB a datasync runs beside the writes; drain waits for it, and its failure fails the writer', async (t) => {
  const file = path.join(tempDir(t), 'x.part');
  const real = await fs.promises.open(file, 'w');
  t.after(() => real.close().catch(() => {}));
  const calls: string[] = [];
  let failSync = false;
  let syncing = 0;
  let mostAtOnce = 0;
  // The real file, with the calls recorded and datasync made slow (or failing) on request.
  const handle = {
    writev: (buffers: Uint8Array[], at: number) => {
      calls.push('write');
      return real.writev(buffers, at);
    },
    datasync: async () => {
      calls.push('datasync');
      mostAtOnce = Math.max(mostAtOnce, ++syncing);
      try {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (failSync) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
        await real.datasync();
      } finally {
        syncing--;
      }
    },
  } as unknown as fs.promises.FileHandle;
  const block = randomBytes(1024 * 1024, 1);
  const writer = createPartWriter(handle, 0);
  for (let i = 0; i < 130; i++) await writer.append([block], block.length);
  await writer.drain();
  assert.equal(syncing, 0, 'drain waited for the datasync');
  const syncs = calls.filter((call) => call === 'datasync').length;
  assert.ok(syncs >= 1 && syncs <= 2, `at most one per 64 MiB written (${syncs})`);
  assert.equal(mostAtOnce, 1, 'never two at once');
  // Writes went on while the datasync was running.
  const first = calls.indexOf('datasync');
  assert.ok(calls.slice(first + 1, first + 4).every((call) => call === 'write'));
  assert.equal(fs.statSync(file).size, 130 * block.length);

  failSync = true;
  const failing = createPartWriter(handle, 130 * block.length);
  await assert.rejects(
    (async () => {
      for (let i = 0; i < 200; i++) await failing.append([block], block.length);
      await failing.drain();
    })(),
    { code: 'EIO' },
  );
});
