// kill -9 in the middle of a download, then start again: the download resumes from the part
// and ends with a verified, indexed file. The station is a real child process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { silentLogger } from '../../runtime/logger.ts';
import { openCatalog } from '../../storage/station-databases.ts';
import { openMediaStore } from './media-store.ts';
import { mediaPaths } from './paths.ts';
import { randomBytes, sha256Of, startFaultServer } from './test-support/fault-server.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support', 'download-child.ts');

/** Runs the child; with `killWhen`, SIGKILLs it as soon as the part on disk holds that many bytes. */
function runChild(
  job: object,
  killWhen?: { part: string; bytes: number },
): Promise<{ code: number | null; signal: string | null; lines: Array<{ state: string; receivedBytes?: number }> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Array<{ state: string; receivedBytes?: number }> = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffered.slice(0, newline)) as { state: string; receivedBytes?: number };
        buffered = buffered.slice(newline + 1);
        lines.push(line);
      }
    });
    const watch = killWhen
      ? setInterval(() => {
          if ((fs.statSync(killWhen.part, { throwIfNoEntry: false })?.size ?? 0) >= killWhen.bytes)
            child.kill('SIGKILL');
        }, 2)
      : undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      if (code !== 0 && signal === null) reject(new Error(`child exited ${code}: ${stderr}`));
      else resolve({ code, signal, lines });
    });
  });
}

for (const [seed, fraction] of [
  [1, 0.35],
  [2, 0.7],
] as const) {
  test(`SIGKILL at ${fraction * 100}% of a download, then a restart, ends with a verified file (seed ${seed})`, async (t) => {
    const server = await startFaultServer();
    t.after(() => server.close());
    const body = randomBytes(1_500_000, seed);
    const sha256 = sha256Of(body);
    server.serve(sha256, body);
    const dataDir = tempDir(t);
    const job = {
      dataDir,
      url: server.url,
      hubPublicKey: server.hubPublicKey,
      capBytesPerSecond: 1_500_000,
      waitFor: sha256,
    };

    const paths = mediaPaths(dataDir);
    const killed = await runChild(
      { ...job, enqueue: { sha256, size: body.length } },
      { part: paths.part(sha256), bytes: Math.floor(body.length * fraction) },
    );
    assert.equal(killed.signal, 'SIGKILL');
    assert.ok(killed.lines.some((line) => line.state === 'downloading'));
    assert.equal(fs.existsSync(paths.file(sha256)), false, 'nothing counted before the download finished');
    const partBytes = fs.statSync(paths.part(sha256)).size;
    assert.ok(partBytes > 0 && partBytes < body.length, `a part of ${partBytes} bytes was left`);

    // The restart is told nothing: the queue and the part are in the data folder.
    const restarted = await runChild(job);
    assert.equal(restarted.code, 0);
    const resume = server.requests.at(-1)!;
    assert.match(resume.range ?? '', /^bytes=\d+-$/);
    assert.ok(Number(/\d+/.exec(resume.range!)![0]) >= partBytes, 'resumed from at least the bytes left on disk');
    assert.equal(resume.status, 206);

    const { db } = openCatalog(dataDir, silentLogger);
    t.after(() => db.close());
    const store = openMediaStore(db, dataDir);
    assert.equal(store.get(sha256)?.size, body.length);
    assert.equal(sha256Of(fs.readFileSync(paths.file(sha256))), sha256);
    assert.deepEqual(
      fs.readdirSync(paths.partialDir).filter((name) => !name.startsWith('.')),
      [],
    );
  });
}

test('SIGKILL when the last byte is on disk (before or after the rename) still ends with one verified file', async (t) => {
  const server = await startFaultServer();
  t.after(() => server.close());
  const body = randomBytes(600_000, 3);
  const sha256 = sha256Of(body);
  server.serve(sha256, body);
  const dataDir = tempDir(t);
  const paths = mediaPaths(dataDir);
  const job = {
    dataDir,
    url: server.url,
    hubPublicKey: server.hubPublicKey,
    capBytesPerSecond: 1_500_000,
    waitFor: sha256,
  };
  await runChild({ ...job, enqueue: { sha256, size: body.length } }, { part: paths.part(sha256), bytes: body.length });
  // Wherever the kill landed — complete part, renamed but unindexed, or indexed — a restart
  // finishes the job without fetching the file again.
  const before = server.requests.length;
  assert.equal((await runChild(job)).code, 0);
  assert.equal(server.requests.length, before, 'no second download');
  const { db } = openCatalog(dataDir, silentLogger);
  t.after(() => db.close());
  assert.equal(openMediaStore(db, dataDir).get(sha256)?.size, body.length);
  assert.equal(sha256Of(fs.readFileSync(paths.file(sha256))), sha256);
});
