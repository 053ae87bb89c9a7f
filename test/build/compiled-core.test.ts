// The Electron build runs the station core from dist/ (compiled by tsconfig.electron.json),
// not from the TypeScript sources the other tests import. This loads that compiled core in
// plain Node — everything but the Electron wiring — and runs a demo station with it: its
// migrations, its demo hub and the hub's lesson fixtures must all be found beside it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { silentLogger } from '../../main/runtime/logger.ts';
import type { startStationCore as StartStationCore } from '../../main/app/start-station.ts';
import { tempDir } from '../support/temp-dir.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const compiledCore = path.join(repoRoot, 'dist/main/app/start-station.js');
const built = fs.existsSync(compiledCore);

test(
  'the compiled core starts a demo station that syncs and serves a playable lesson',
  { skip: built ? false : 'dist/ is not built (npm run build; npm test builds it first)' },
  async (t) => {
    const { startStationCore } = (await import(pathToFileURL(compiledCore).href)) as {
      startStationCore: typeof StartStationCore;
    };
    const core = startStationCore({
      dataDir: tempDir(t),
      version: '0.0.0-test',
      runtime: 'electron',
      log: silentLogger,
    });
    t.after(() => core.close());
    await core.connect();
    const status = await core.router.dispatch('sync.now', {});
    assert.ok(status.ok && (status.value as { state: string }).state === 'idle', JSON.stringify(status));

    const search = await core.router.dispatch('library.search', { query: '党史专题' });
    const courseId = search.ok ? (search.value as { hits: { courseId: string }[] }).hits[0]?.courseId : undefined;
    assert.ok(courseId, 'the demo catalogue has the playable course');
    const detail = await core.router.dispatch('library.course', { courseId });
    const lesson = detail.ok
      ? (detail.value as { lessons: { id: string; media: { sha256: string } | null }[] }).lessons[0]
      : undefined;
    assert.ok(lesson?.media);
    await core.router.dispatch('media.download', { lessonId: lesson.id });
    // The lesson may already be on its way (a class lesson is queued after the sync): ask
    // until it is ready rather than wait for an event that may have passed.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const current = await core.router.dispatch('library.course', { courseId });
      const state = current.ok
        ? (current.value as { lessons: { mediaState: { state: string } }[] }).lessons[0]?.mediaState.state
        : 'error';
      if (state === 'ready') break;
      assert.ok(Date.now() < deadline, `lesson still ${state} after 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const response = await core.mediaHandler(
      new Request(`lectern://app/media/${lesson.media.sha256}`, { headers: { range: 'bytes=0-7' } }),
    );
    assert.equal(response.status, 206);
    assert.equal(
      Buffer.from(await response.arrayBuffer())
        .subarray(4, 8)
        .toString('latin1'),
      'ftyp',
      'an MP4 starts with its ftyp box',
    );
  },
);
