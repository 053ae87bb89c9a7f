import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../test/support/temp-dir.ts';
import { createPartWriter } from './part-writer.ts';
import { randomBytes } from './test-support/fault-server.ts';

test('queued batches land in order after the starting offset', async (t) => {
  const file = path.join(tempDir(t), 'x.part');
  fs.writeFileSync(file, 'HEAD');
  const handle = await fs.promises.open(file, 'r+');
  const writer = createPartWriter(handle, 4);
  const chunks = Array.from({ length: 20 }, (_, i) => randomBytes(10_000 + i * 997, i));
  for (let i = 0; i < chunks.length; i += 2) await writer.append([chunks[i]!, chunks[i + 1]!], chunks[i]!.length + chunks[i + 1]!.length);
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
