// catalog.db is a cache: losing it must not lose the media, and a bad file must not come back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../runtime/logger.ts';
import { catalogPath, openCatalog } from '../../storage/station-databases.ts';
import { openMediaStore } from './media-store.ts';
import type { MediaStore } from './media-store.ts';
import { randomBytes, sha256Of } from './test-support/fault-server.ts';
import { testCatalog } from './test-support/catalog.ts';

function put(store: MediaStore, body: Buffer, name = sha256Of(body)): string {
  const file = store.paths.file(name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
  return name;
}

test('a rebuilt catalog.db gets its media rows back by rescanning and re-hashing the folder', async (t) => {
  const { dataDir, db } = testCatalog(t);
  const store = openMediaStore(db, dataDir);
  const bodies = [randomBytes(30_000, 1), randomBytes(40_000, 2), randomBytes(50_000, 3)];
  for (const body of bodies) store.commit(put(store, body), body.length);
  // A file whose bytes do not match its name (damaged on disk while the rows were lost).
  const damaged = put(store, randomBytes(10_000, 4), sha256Of(randomBytes(10_000, 5)));
  db.close();
  for (const file of fs.readdirSync(dataDir).filter((name) => name.startsWith(path.basename(catalogPath(dataDir))))) {
    fs.rmSync(path.join(dataDir, file));
  }

  const reopened = openCatalog(dataDir, silentLogger).db;
  t.after(() => reopened.close());
  const rebuilt = openMediaStore(reopened, dataDir);
  assert.equal(rebuilt.list().length, 0);
  assert.deepEqual(await rebuilt.reconcile(), { adopted: 3, discarded: 1, dropped: 0 });
  assert.deepEqual(
    rebuilt
      .list()
      .map((file) => file.sha256)
      .sort(),
    bodies.map((body) => sha256Of(body)).sort(),
  );
  assert.equal(rebuilt.committedBytes(), 120_000);
  assert.equal(fs.existsSync(rebuilt.paths.file(damaged)), false, 'the damaged file is deleted, not adopted');
  assert.deepEqual(
    await rebuilt.reconcile(),
    { adopted: 0, discarded: 0, dropped: 0 },
    'a second pass has nothing to do',
  );
});

test('rows whose file has gone are dropped; parts count as used bytes', async (t) => {
  const { dataDir, db } = testCatalog(t);
  const store = openMediaStore(db, dataDir);
  const body = randomBytes(20_000, 6);
  const sha256 = put(store, body);
  store.commit(sha256, body.length);
  fs.rmSync(store.paths.file(sha256));
  assert.deepEqual(await store.reconcile(), { adopted: 0, discarded: 0, dropped: 1 });
  assert.equal(store.get(sha256), undefined);
  fs.writeFileSync(store.paths.part(sha256), body.subarray(0, 1234));
  assert.equal(store.partialBytes(), 1234);
});
