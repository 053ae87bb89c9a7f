import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { generateDemoCatalog } from '../../hub/demo/catalog-generator.ts';
import { DEMO_RULE_SET } from '../../hub/demo-seed.ts';
import { generateDemoRoster } from '../../hub/demo/roster.ts';
import { STREAMS } from '../../protocol/wire.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { silentLogger } from '../runtime/logger.ts';
import { HubClientError } from '../../protocol/hub-client/errors.ts';
import { enrolledStation } from '../../test/support/test-hub.ts';
import { openCatalog } from '../storage/station-databases.ts';
import { applyStreamPage, streamCursor } from '../library/catalog/apply.ts';
import { courseDetail } from '../library/catalog/browse.ts';
import { searchCatalog } from '../library/catalog/search.ts';
import { syncCatalog, type SyncProgress } from './catalog-pull.ts';

function library(t: TestContext) {
  const { db } = openCatalog(tempDir(t), silentLogger);
  t.after(() => db.close());
  return db;
}

const count = (db: ReturnType<typeof library>, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

test('an enrolled station pulls the demo catalogue, roster, schedule, live channels and rules into catalog.db', async (t) => {
  const { client } = await enrolledStation(t);
  const db = library(t);
  const progress: SyncProgress[] = [];
  const summary = await syncCatalog(db, client, { pageSize: 100, onProgress: (step) => progress.push(step) });

  const demo = generateDemoCatalog(DEMO_RULE_SET);
  assert.equal(count(db, 'categories'), demo.categories.length);
  assert.equal(count(db, 'courses'), demo.courses.length);
  assert.equal(count(db, 'lessons'), demo.lessons.length);
  assert.equal(count(db, 'learners'), generateDemoRoster().length);
  assert.ok(count(db, 'schedule') > 0 && count(db, 'live_channels') > 0);
  assert.deepEqual(db.prepare('SELECT id, version FROM hour_rules').all(), [{ id: '1', version: 1 }]);
  assert.equal(summary.lessons.pages, Math.ceil(demo.lessons.length / 100), 'lessons came in pages of 100');
  assert.ok(progress.some((step) => step.stream === 'lessons' && step.hasMore));
  for (const stream of STREAMS) assert.equal(streamCursor(db, stream), summary[stream].cursor);

  // The playable demo course arrives with its media references.
  const playable = courseDetail(db, demo.courses[0]!.id)!;
  assert.ok(playable.lessons.every((lesson) => lesson.media !== null && /^[0-9a-f]{64}$/.test(lesson.media.sha256)));

  const again = await syncCatalog(db, client);
  assert.ok(
    STREAMS.every((stream) => again[stream].upserted === 0 && again[stream].deleted === 0),
    'a second sync has nothing to apply',
  );
});

test('an incremental pull applies changed records and deletes on tombstones, search included', async (t) => {
  const { client, hub } = await enrolledStation(t);
  const db = library(t);
  await syncCatalog(db, client);
  const demo = generateDemoCatalog(DEMO_RULE_SET);
  const renamed = demo.courses[1]!;
  const withdrawn = demo.lessons.find((lesson) => lesson.courseId === renamed.id)!;

  await hub.admin.publishCatalogChanges({
    courses: [{ ...renamed, title: '中国共产党党史专题（修订版）' }],
    delete: { lessons: [withdrawn.id] },
  });
  const summary = await syncCatalog(db, client);
  assert.equal(summary.courses.upserted, 1);
  assert.equal(summary.lessons.deleted, 1);

  const detail = courseDetail(db, renamed.id)!;
  assert.equal(detail.course.title, '中国共产党党史专题（修订版）');
  assert.ok(!detail.lessons.some((lesson) => lesson.id === withdrawn.id));
  assert.deepEqual(
    searchCatalog(db, { query: '修订版' }).map((hit) => hit.courseId),
    [renamed.id],
  );
  assert.deepEqual(
    searchCatalog(db, { query: renamed.title }).filter((hit) => hit.lessonId === null && hit.courseId === renamed.id),
    [],
    'the old title is no longer indexed',
  );
  assert.ok(!searchCatalog(db, { query: withdrawn.title, limit: 100 }).some((hit) => hit.lessonId === withdrawn.id));
});

test('a page that fails halfway through applying leaves the records and the cursor as they were', async (t) => {
  const { client } = await enrolledStation(t);
  const db = library(t);
  await syncCatalog(db, client, { streams: ['categories', 'courses'] });
  const before = streamCursor(db, 'courses');

  const page = await client.pull('lessons', null, 10);
  const [first, second] = page.items;
  assert.ok(first && !first.deleted && second && !second.deleted);
  // A record the database refuses (NOT NULL) stands in for a crash inside the transaction.
  second.data = { ...second.data, title: null as unknown as string };
  assert.throws(() => applyStreamPage(db, page), /NOT NULL/);

  assert.equal(streamCursor(db, 'lessons'), null, 'the lessons cursor did not move');
  assert.equal(count(db, 'lessons'), 0, 'the record before the failure was rolled back too');
  assert.equal(count(db, 'lessons_fts'), 0, 'and so was its search entry');
  assert.equal(streamCursor(db, 'courses'), before);

  const summary = await syncCatalog(db, client, { streams: ['lessons'] });
  assert.equal(
    summary.lessons.upserted,
    generateDemoCatalog(DEMO_RULE_SET).lessons.length,
    'the next sync pulls the same records again',
  );
});

test('a hub that went away fails the sync with unreachable and keeps every cursor', async (t) => {
  const { client, hub } = await enrolledStation(t);
  const db = library(t);
  await syncCatalog(db, client, { streams: ['categories'] });
  const cursor = streamCursor(db, 'categories');
  await hub.close();
  await assert.rejects(
    syncCatalog(db, client),
    (error: unknown) => error instanceof HubClientError && error.kind === 'unreachable',
  );
  assert.equal(streamCursor(db, 'categories'), cursor);
});

test('a cursor the hub does not know (a restored hub) restarts that stream and drops what the hub no longer has', async (t) => {
  const { client } = await enrolledStation(t);
  const db = library(t);
  await syncCatalog(db, client, { streams: ['categories'] });
  db.prepare("INSERT INTO categories (id, name, sort) VALUES ('cat-gone', '已撤销', 99)").run();
  db.prepare("UPDATE stream_cursors SET cursor = '999999999' WHERE stream = 'categories'").run();

  const summary = await syncCatalog(db, client, { streams: ['categories'] });
  assert.equal(summary.categories.restarted, true);
  assert.equal(count(db, 'categories'), generateDemoCatalog(DEMO_RULE_SET).categories.length);
  assert.equal(db.prepare("SELECT 1 FROM categories WHERE id = 'cat-gone'").get(), undefined);
});

test('a second sync started while one runs joins it instead of applying pages twice', async (t) => {
  const { client } = await enrolledStation(t);
  const db = library(t);
  const first = syncCatalog(db, client);
  assert.equal(syncCatalog(db, client), first);
  await first;
  const next = syncCatalog(db, client);
  assert.notEqual(next, first, 'a finished sync is not reused');
  await next;
});
