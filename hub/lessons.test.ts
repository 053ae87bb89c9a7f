// One lesson-publishing path: the administrator, the demo seed and the bench shape a lesson
// the same way, with hours under the rule set the hub published.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { DEFAULT_RULE_SET, hoursFor, type RuleSet } from '../protocol/hour-rules.ts';
import type { Course, Lesson } from '../protocol/wire.ts';
import { createAdmin } from './admin.ts';
import { openHubDb } from './db.ts';
import { DEMO_RULE_SET, seedDemo } from './demo-seed.ts';
import { generateDemoCatalog } from './demo/catalog-generator.ts';
import { PLAYABLE_LESSONS } from './demo/playable.ts';
import { lessonRecord, type LessonInput } from './lessons.ts';
import { liveRecords } from './records.ts';

/** The rule set another issue will give the demo: 45-minute periods, quarter-hour remainders. */
const PERIODS: RuleSet = {
  ...DEFAULT_RULE_SET,
  unitMinutes: 45,
  remainderBands: [
    { atLeastMinutes: 30, hours: 0.75 },
    { atLeastMinutes: 15, hours: 0.5 },
    { atLeastMinutes: 1, hours: 0.25 },
  ],
};

function openHub(t: TestContext) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-hub-'));
  const db = openHubDb(dataDir);
  t.after(() => {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { db, dataDir, admin: createAdmin(db, dataDir, () => Date.UTC(2026, 10, 27, 1)) };
}

for (const [name, rules] of [
  ['the demo rule set', DEMO_RULE_SET],
  ['45-minute periods', PERIODS],
] as const) {
  test(`the demo hub's courses and lessons are credited by the rule set it published: ${name}`, async (t) => {
    const { db, admin } = openHub(t);
    await seedDemo(db, admin, 'small', Date.UTC(2026, 10, 27, 1), rules);
    const published = liveRecords<RuleSet>(db, 'rules');
    assert.deepEqual(published, [rules]);
    const lessons = liveRecords<Lesson>(db, 'lessons');
    const seconds = new Map<string, number>();
    for (const lesson of lessons) {
      assert.equal(lesson.creditHours, hoursFor(Math.floor(lesson.durationSec / 60), rules), lesson.id);
      seconds.set(lesson.courseId, (seconds.get(lesson.courseId) ?? 0) + lesson.durationSec);
    }
    for (const course of liveRecords<Course>(db, 'courses'))
      assert.equal(course.creditHours, hoursFor(Math.floor(seconds.get(course.id)! / 60), rules), course.id);
  });
}

test('the administrator, the demo seed and the bench publish the same record for the same lesson', async (t) => {
  const demo = openHub(t);
  await seedDemo(demo.db, demo.admin, 'small', Date.UTC(2026, 10, 27, 1));
  const seeded = liveRecords<Lesson>(demo.db, 'lessons');

  // The same generated lessons published by an administrator on an empty hub.
  const empty = openHub(t);
  empty.admin.publishRuleVersion(DEMO_RULE_SET);
  const generated = generateDemoCatalog(DEMO_RULE_SET).lessons;
  const inputs: LessonInput[] = generated.map((lesson) => (lesson.media?.file ? lesson : { ...lesson, media: null }));
  await empty.admin.publishCatalogChanges({ lessons: inputs });
  assert.deepEqual(liveRecords<Lesson>(empty.db, 'lessons'), seeded);

  // The bench builds its records with lessonRecord, which is what both hubs wrote.
  const first = inputs[0]!;
  const { sha256, size } = PLAYABLE_LESSONS[0]!;
  assert.deepEqual(lessonRecord(first, { sha256, size, type: 'video/mp4' }, DEMO_RULE_SET), seeded[0]);
});

test('a lesson names its media one of three ways; a file in place must have the size it claims', async (t) => {
  const { admin, dataDir } = openHub(t);
  admin.publishRuleVersion(DEMO_RULE_SET);
  const [playable, other] = PLAYABLE_LESSONS;
  const base = { courseId: 'c', title: '课', teacher: '王老师', summary: '', durationSec: 50 * 60, sort: 1 };
  const copy = path.join(dataDir, 'upload.mp4');
  fs.copyFileSync(other!.file, copy);
  await admin.publishCatalogChanges({
    lessons: [
      {
        ...base,
        id: 'in-place',
        media: { file: playable!.file, sha256: playable!.sha256, size: playable!.size, type: 'video/mp4' },
      },
      { ...base, id: 'imported', media: { file: copy } },
      { ...base, id: 'held', media: { sha256: playable!.sha256 } },
      { ...base, id: 'unpublished', media: null },
    ],
  });
  assert.ok(fs.existsSync(path.join(dataDir, 'media', other!.sha256)), 'the upload was copied in');
  assert.equal(fs.existsSync(path.join(dataDir, 'media', playable!.sha256)), false, 'the fixture stays in place');
  await assert.rejects(
    admin.publishCatalogChanges({
      lessons: [
        { ...base, id: 'wrong', media: { file: playable!.file, sha256: 'a'.repeat(64), size: 1, type: 'video/mp4' } },
      ],
    }),
    /has \d+ bytes, not 1/,
  );
});
